import Foundation

/// A parsed field selector: `field=value`, `field==value` or `field!=value` clauses joined by
/// commas, over the fields kube-apiserver supports for the resource.
public struct FieldSelector: Sendable, Equatable {
    /// One clause.
    public struct Requirement: Sendable, Equatable {
        /// The field path, e.g. `spec.nodeName`.
        public var field: String
        /// The compared value.
        public var value: String
        /// Whether the clause is `!=`.
        public var negated: Bool
    }

    /// The clauses, all of which must hold.
    public var requirements: [Requirement]

    /// Whether the selector selects everything.
    public var isEmpty: Bool { self.requirements.isEmpty }

    /// Fields every resource supports.
    private static let commonFields: Set<String> = ["metadata.name", "metadata.namespace"]

    /// Extra fields by kind, as kube-apiserver registers them.
    private static let kindFields: [String: Set<String>] = [
        "Pod": [
            "spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
            "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName",
        ],
        "Event": [
            "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
            "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason",
            "reportingComponent", "source", "type",
        ],
        "Secret": ["type"],
        "Namespace": ["status.phase"],
        "Node": ["spec.unschedulable"],
        "ReplicaSet": ["status.replicas"],
        "ReplicationController": ["status.replicas"],
        "Job": ["status.successful"],
        "PersistentVolume": ["name"],
        "PersistentVolumeClaim": ["name"],
        "Service": [],
    ]

    /// Parses a selector for a resource.
    ///
    /// - Throws: ``StatusError`` `400` for malformed clauses or unsupported fields.
    public init(parsing text: String, definition: ResourceDefinition) throws(StatusError) {
        var requirements: [Requirement] = []
        let supported = Self.commonFields.union(Self.kindFields[definition.kind] ?? [])
        for clause in text.split(separator: ",") where !clause.trimmingCharacters(in: .whitespaces).isEmpty {
            let clause = String(clause)
            let requirement: Requirement
            if let range = clause.range(of: "!=") {
                requirement = Requirement(field: String(clause[..<range.lowerBound]).trimmingCharacters(in: .whitespaces), value: String(clause[range.upperBound...]), negated: true)
            } else if let range = clause.range(of: "==") ?? clause.range(of: "=") {
                requirement = Requirement(field: String(clause[..<range.lowerBound]).trimmingCharacters(in: .whitespaces), value: String(clause[range.upperBound...]), negated: false)
            } else {
                throw .badRequest("invalid selector: '\(text)'; can't understand '\(clause)'")
            }
            guard supported.contains(requirement.field) else {
                throw .badRequest("field label not supported: \(requirement.field)")
            }
            requirements.append(requirement)
        }
        self.requirements = requirements
    }

    /// Whether `object` satisfies every clause.
    public func matches(_ object: JSONValue) -> Bool {
        self.requirements.allSatisfy { requirement in
            (Self.fieldValue(object, requirement.field) == requirement.value) != requirement.negated
        }
    }

    /// A field's value as the selector compares it (booleans and numbers as text, missing as empty).
    private static func fieldValue(_ object: JSONValue, _ field: String) -> String {
        let path = field == "source" ? "source.component" : field
        switch object[path: path.split(separator: ".").map(String.init)] {
        case .string(let value): return value
        case .bool(let value): return value ? "true" : "false"
        case .integer(let value): return String(value)
        default: return ""
        }
    }
}
