import CEL
import Foundation
import KubeModel
import ServiceLifecycle

/// kube-apiserver's `LimitRanger` admission plugin: in a namespace with LimitRange objects, pods
/// get the `default` limits and `defaultRequest` requests of `Container` limits on create (noted in
/// the `kubernetes.io/limit-ranger` annotation), and pods and persistent volume claims are refused
/// (403) when outside a limit's `min`, `max` or `maxLimitRequestRatio`, with kube's messages.
///
/// The LimitRanges are followed with a store watch (a `Service`), so requests never read them from
/// the store.
final class LimitRanger: Service, MutatingAdmission, ValidatingAdmission {
    private let limitRanges: CollectionFollower

    /// The annotation that records which defaults were set.
    static let annotation = "kubernetes.io/limit-ranger"

    init(objects: ObjectStore, catalog: ResourceCatalog) {
        let definition = catalog.definition(for: GroupVersionResource(group: "", version: "v1", resource: "limitranges"))!
        self.limitRanges = CollectionFollower(objects: objects, definition: definition)
    }

    /// Follows the LimitRanges until graceful shutdown.
    func run() async throws {
        try? await cancelWhenGracefulShutdown { await self.limitRanges.follow() }
    }

    /// Defaults a created pod's container resources from the namespace's LimitRanges.
    func mutate(_ attributes: AdmissionAttributes) async throws -> JSONValue? {
        guard Self.applies(attributes), attributes.definition.kind == "Pod", var pod = attributes.object else {
            return attributes.object
        }
        for limitRange in self.limitRanges(in: attributes.namespace) {
            Self.applyDefaults(of: limitRange, to: &pod)
        }
        return pod
    }

    /// Refuses a pod or claim outside the namespace's LimitRanges (the first LimitRange it breaks).
    func validate(_ attributes: AdmissionAttributes) async throws {
        guard Self.applies(attributes), let object = attributes.object else { return }
        for limitRange in self.limitRanges(in: attributes.namespace) {
            let violations = attributes.definition.kind == "Pod"
                ? Self.podViolations(of: limitRange, object) : Self.claimViolations(of: limitRange, object)
            if let reason = Self.aggregate(violations) {
                let name = attributes.name.isEmpty ? (object.name.isEmpty ? "Unknown" : object.name) : attributes.name
                throw StatusError.forbidden(attributes.definition.resource, name: name, reason)
            }
        }
    }

    /// The namespace's LimitRanges, by name.
    private func limitRanges(in namespace: String) -> [JSONValue] {
        self.limitRanges.current(inNamespace: namespace)
    }

    /// Whether LimitRanger looks at a write: creates of pods, creates and updates of claims, never
    /// subresources or objects being deleted (kube's `SupportsAttributes`).
    static func applies(_ attributes: AdmissionAttributes) -> Bool {
        guard attributes.definition.resource.group.isEmpty, attributes.subresource.isEmpty,
            attributes.oldObject?.isBeingDeleted != true else { return false }
        switch attributes.definition.kind {
        case "Pod": return attributes.operation == "CREATE"
        case "PersistentVolumeClaim": return attributes.operation == "CREATE" || attributes.operation == "UPDATE"
        default: return false
        }
    }

    // MARK: defaults

    /// Sets the `Container` limits' defaults on every container and init container that lacks them
    /// (kube's `mergePodResourceRequirements`), and records what it set in the annotation. A
    /// request is not defaulted where the container sets a limit: the pod defaults that follow
    /// admission request the limit, as kube's (which run before admission) do.
    static func applyDefaults(of limitRange: JSONValue, to pod: inout JSONValue) {
        var defaultRequests = JSONObject()
        var defaultLimits = JSONObject()
        for item in limitRange["spec"]?["limits"]?.arrayValue ?? [] where item["type"]?.stringValue == "Container" {
            for member in item["defaultRequest"]?.objectValue ?? JSONObject() { defaultRequests[member.key] = member.value }
            for member in item["default"]?.objectValue ?? JSONObject() { defaultLimits[member.key] = member.value }
        }
        guard !defaultRequests.isEmpty || !defaultLimits.isEmpty else { return }
        var notes: [String] = []
        for (field, label) in [("containers", "container"), ("initContainers", "init container")] {
            guard var containers = pod["spec"]?[field]?.arrayValue else { continue }
            for index in containers.indices {
                var resources = containers[index]["resources"] ?? [:]
                // kube defaults a pod's requests to its limits before admission; Wharf defaults
                // after it, so a resource the container limits is left for that default.
                let limited = Set(resources["limits"]?.objectValue?.keys ?? [])
                let setLimits = Self.fill(&resources, "limits", from: defaultLimits)
                let setRequests = Self.fill(&resources, "requests", from: defaultRequests.filter { !limited.contains($0.key) })
                containers[index]["resources"] = resources
                let container = containers[index]["name"]?.stringValue ?? ""
                if !setRequests.isEmpty { notes.append("\(setRequests.sorted().joined(separator: ", ")) request for \(label) \(container)") }
                if !setLimits.isEmpty { notes.append("\(setLimits.sorted().joined(separator: ", ")) limit for \(label) \(container)") }
            }
            pod["spec"]?[field] = .array(containers)
        }
        guard !notes.isEmpty else { return }
        if pod["metadata"]?["annotations"]?.objectValue == nil { pod["metadata"]?["annotations"] = [:] }
        pod["metadata"]?["annotations"]?[Self.annotation] = .string("LimitRanger plugin set: " + notes.joined(separator: "; "))
    }

    /// Copies the members of `defaults` that `resources[field]` lacks; returns their names.
    private static func fill(_ resources: inout JSONValue, _ field: String, from defaults: some Sequence<JSONObject.Member>) -> [String] {
        var current = resources[field]?.objectValue ?? JSONObject()
        var set: [String] = []
        for member in defaults where current[member.key] == nil {
            current[member.key] = member.value
            set.append(member.key)
        }
        if !set.isEmpty { resources[field] = .object(current) }
        return set
    }

    // MARK: validation

    /// What a pod breaks of one LimitRange: `Container` limits per container and init container,
    /// `Pod` limits on the pod's totals (kube's `PodValidateLimitFunc`).
    static func podViolations(of limitRange: JSONValue, _ pod: JSONValue) -> [String] {
        var violations: [String] = []
        for item in limitRange["spec"]?["limits"]?.arrayValue ?? [] {
            switch item["type"]?.stringValue {
            case "Container":
                for container in PodResources.containers(pod, "containers") + PodResources.containers(pod, "initContainers") {
                    let resources = container["resources"]
                    violations += Self.violations(of: item, "Container", requests: ResourceList(resources?["requests"]),
                                                  limits: ResourceList(resources?["limits"]))
                }
            case "Pod":
                violations += Self.violations(of: item, "Pod", requests: PodResources.requests(pod), limits: PodResources.limits(pod))
            default:
                break
            }
        }
        return violations
    }

    /// What a claim breaks of one LimitRange's `PersistentVolumeClaim` limits: `min` and `max` of its
    /// requests (kube's `PersistentVolumeClaimValidateLimitFunc`).
    static func claimViolations(of limitRange: JSONValue, _ claim: JSONValue) -> [String] {
        let requests = ResourceList(claim["spec"]?["resources"]?["requests"])
        var violations: [String] = []
        for item in limitRange["spec"]?["limits"]?.arrayValue ?? [] where item["type"]?.stringValue == "PersistentVolumeClaim" {
            for (name, enforced) in Self.sorted(item["min"]) {
                if let violation = Self.minimum(name, "PersistentVolumeClaim", enforced, requests: requests, limits: ResourceList()) {
                    violations.append(violation)
                }
            }
            for (name, enforced) in Self.sorted(item["max"]) {
                let request = requests[name]
                if request == nil {
                    violations.append("maximum \(name) usage per PersistentVolumeClaim is \(enforced).  No request is specified")
                } else if let request, request.milliValue > enforced.milliValue {
                    violations.append("maximum \(name) usage per PersistentVolumeClaim is \(enforced), but request is \(request)")
                }
            }
        }
        return violations
    }

    /// The `min`, `max` and `maxLimitRequestRatio` violations of one limit item for some requests and limits.
    private static func violations(of item: JSONValue, _ type: String, requests: ResourceList, limits: ResourceList) -> [String] {
        var violations: [String] = []
        for (name, enforced) in Self.sorted(item["min"]) {
            if let violation = Self.minimum(name, type, enforced, requests: requests, limits: limits) { violations.append(violation) }
        }
        for (name, enforced) in Self.sorted(item["max"]) {
            if let violation = Self.maximum(name, type, enforced, requests: requests, limits: limits) { violations.append(violation) }
        }
        for (name, enforced) in Self.sorted(item["maxLimitRequestRatio"]) {
            if let violation = Self.ratio(name, type, enforced, requests: requests, limits: limits) { violations.append(violation) }
        }
        return violations
    }

    /// kube's `minConstraint`: a request is required and neither it nor a limit may be below `enforced`.
    private static func minimum(_ name: String, _ type: String, _ enforced: Quantity, requests: ResourceList, limits: ResourceList) -> String? {
        guard let request = requests[name] else {
            return "minimum \(name) usage per \(type) is \(enforced).  No request is specified"
        }
        if request.milliValue < enforced.milliValue {
            return "minimum \(name) usage per \(type) is \(enforced), but request is \(request)"
        }
        if let limit = limits[name], limit.milliValue < enforced.milliValue {
            return "minimum \(name) usage per \(type) is \(enforced), but limit is \(limit)"
        }
        return nil
    }

    /// kube's `maxConstraint`: a limit is required and neither it nor a request may be above `enforced`.
    private static func maximum(_ name: String, _ type: String, _ enforced: Quantity, requests: ResourceList, limits: ResourceList) -> String? {
        guard let limit = limits[name] else {
            return "maximum \(name) usage per \(type) is \(enforced).  No limit is specified"
        }
        if limit.milliValue > enforced.milliValue {
            return "maximum \(name) usage per \(type) is \(enforced), but limit is \(limit)"
        }
        if let request = requests[name], request.milliValue > enforced.milliValue {
            return "maximum \(name) usage per \(type) is \(enforced), but request is \(request)"
        }
        return nil
    }

    /// kube's `limitRequestRatioConstraint`: limit ÷ request may not be above `enforced`.
    private static func ratio(_ name: String, _ type: String, _ enforced: Quantity, requests: ResourceList, limits: ResourceList) -> String? {
        let request = requests[name]?.milliValue ?? 0
        let limit = limits[name]?.milliValue ?? 0
        guard request != 0 else {
            return "\(name) max limit to request ratio per \(type) is \(enforced), but no request is specified or request is 0"
        }
        guard limit != 0 else {
            return "\(name) max limit to request ratio per \(type) is \(enforced), but no limit is specified or limit is 0"
        }
        let observed = Double(limit) / Double(request)
        guard observed * 1000 > Double(enforced.milliValue) else { return nil }
        return "\(name) max limit to request ratio per \(type) is \(enforced), but provided ratio is \(String(format: "%f", observed))"
    }

    /// The quantities of a limit item's member, by resource name.
    private static func sorted(_ json: JSONValue?) -> [(String, Quantity)] {
        ResourceList(json).amounts.sorted { $0.key < $1.key }
    }

    /// Several violations as Go's aggregate error prints them: one alone, several (each once) in
    /// brackets, comma-separated; `nil` for none.
    static func aggregate(_ violations: [String]) -> String? {
        var seen = Set<String>()
        let unique = violations.filter { seen.insert($0).inserted }
        guard let first = unique.first else { return nil }
        return unique.count == 1 ? first : "[" + unique.joined(separator: ", ") + "]"
    }
}
