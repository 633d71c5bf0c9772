import Foundation
import KubeModel

/// Builds the `Table` (meta.k8s.io/v1) that `kubectl get` prints, with the columns kube-apiserver
/// shows for each built-in kind; other kinds get `NAME` and `AGE`.
struct TableConverter {
    let definition: ResourceDefinition
    /// The object as the request's version serves it: cells and metadata come from the storage
    /// version (as kube-apiserver prints its internal version), `includeObject=Object` rows from this.
    var serve: (JSONValue) -> JSONValue = { $0 }

    /// The table of `objects`; rows carry `PartialObjectMetadata` unless the request asked for
    /// `includeObject=Object` (or `None`).
    func table(for objects: [JSONValue], listResourceVersion: Int64?, continueToken: String?, request: APIRequest)
        -> JSONValue
    {
        let columns = Self.columns(for: self.definition.kind)
        let now = Date().timeIntervalSince1970
        let includeObject = request.queryValue("includeObject") ?? "Metadata"
        let rows: [JSONValue] = objects.map { object in
            var row: JSONObject = ["cells": .array(columns.map { $0.cell(object, now) })]
            switch includeObject {
            case "None": break
            case "Object": row["object"] = self.serve(object)
            default: row["object"] = ResourceHandler.partialMetadata(object)
            }
            return .object(row)
        }
        var metadata = JSONObject()
        if let listResourceVersion { metadata["resourceVersion"] = .string(String(listResourceVersion)) }
        if let continueToken { metadata["continue"] = .string(continueToken) }
        return [
            "kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": .object(metadata),
            "columnDefinitions": .array(columns.map(\.definition)), "rows": .array(rows),
        ]
    }

    /// Seconds since the object's `creationTimestamp`, as kubectl's AGE column shows it.
    static func age(_ object: JSONValue, now: Double) -> JSONValue {
        elapsed(since: object.metadataString("creationTimestamp"), now: now)
    }

    /// The time since an RFC 3339 timestamp in kubectl's short form, or `<unknown>`.
    static func elapsed(since stamp: String, now: Double) -> JSONValue {
        guard let then = try? Date.ISO8601FormatStyle().parse(stamp) else { return "<unknown>" }
        return .string(HumanDuration.format(seconds: Int64((now - then.timeIntervalSince1970).rounded(.down))))
    }

    private static let nameColumn = TableColumn(
        "Name", format: "name", description: "Name must be unique within a namespace."
    ) { object, _ in .string(object.name) }

    private static let ageColumn = TableColumn(
        "Age", description: "CreationTimestamp is a timestamp representing the server time when this object was created."
    ) { object, now in age(object, now: now) }

    private static func count(_ path: String...) -> @Sendable (JSONValue, Double) -> JSONValue {
        { object, _ in
            let value = object[path: path]
            return .integer(Int64(value?.objectValue?.count ?? value?.arrayValue?.count ?? 0))
        }
    }

    private static func text(_ path: String...) -> @Sendable (JSONValue, Double) -> JSONValue {
        { object, _ in object[path: path] ?? "" }
    }

    /// The columns for a kind.
    static func columns(for kind: String) -> [TableColumn] {
        switch kind {
        case "Namespace":
            return [nameColumn, TableColumn("Status", cell: text("status", "phase")), ageColumn]
        case "ConfigMap":
            return [
                nameColumn,
                TableColumn("Data", type: "integer") { object, _ in
                    .integer(Int64((object["data"]?.objectValue?.count ?? 0) + (object["binaryData"]?.objectValue?.count ?? 0)))
                },
                ageColumn,
            ]
        case "Secret":
            return [nameColumn, TableColumn("Type", cell: text("type")), TableColumn("Data", type: "integer", cell: count("data")), ageColumn]
        case "ServiceAccount":
            return [nameColumn, TableColumn("Secrets", type: "integer", cell: count("secrets")), ageColumn]
        case "Pod":
            return PodColumns.all(name: nameColumn, age: ageColumn)
        case "Service":
            return ServiceColumns.services(name: nameColumn, age: ageColumn)
        case "Endpoints":
            return ServiceColumns.endpoints(name: nameColumn, age: ageColumn)
        case "ReplicaSet", "ReplicationController":
            return WorkloadColumns.replicaSets(name: nameColumn, age: ageColumn)
        case "StatefulSet":
            return WorkloadColumns.statefulSets(name: nameColumn, age: ageColumn)
        case "DaemonSet":
            return WorkloadColumns.daemonSets(name: nameColumn, age: ageColumn)
        case "Job":
            return WorkloadColumns.jobs(name: nameColumn, age: ageColumn)
        case "CronJob":
            return WorkloadColumns.cronJobs(name: nameColumn, age: ageColumn)
        case "Node":
            return ClusterColumns.nodes(name: nameColumn, age: ageColumn)
        case "Event":
            return ClusterColumns.events(name: nameColumn, age: ageColumn)
        case "Deployment":
            return WorkloadColumns.deployments(name: nameColumn, age: ageColumn)
        default:
            return [nameColumn, ageColumn]
        }
    }
}
