import Foundation
import KubeModel

/// Builds the `Table` (meta.k8s.io/v1) that `kubectl get` prints, with the columns kube-apiserver
/// shows for each built-in kind (its printers in pkg/printers/internalversion); kinds it has no
/// printer for get its default `NAME` and `CREATED AT`, and other kinds `NAME` and `AGE`.
struct TableConverter {
    let definition: ResourceDefinition

    /// The table of `objects` (in the storage version), given `served`, the same objects as the
    /// request's version serves them. Cells of built-in kinds come from the storage version (as
    /// kube-apiserver prints its internal version), those of custom resources from the served one
    /// (whose printer columns they are). Rows carry `PartialObjectMetadata` unless the request asked
    /// for `includeObject=Object` (the served object) or `None`.
    func table(
        for objects: [JSONValue], served: [JSONValue], listResourceVersion: Int64?, continueToken: String?, request: APIRequest
    ) -> JSONValue {
        let columns = self.definition.customResource.map(Self.customColumns) ?? Self.columns(for: self.definition.kind)
        let printed = self.definition.customResource == nil ? objects : served
        let now = Date().timeIntervalSince1970
        let includeObject = request.queryValue("includeObject") ?? "Metadata"
        let rows: [JSONValue] = zip(printed, served).map { object, servedObject in
            var row: JSONObject = ["cells": .array(columns.map { $0.cell(object, now) })]
            switch includeObject {
            case "None": break
            case "Object": row["object"] = servedObject
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
        guard let then = seconds(stamp) else { return "<unknown>" }
        return .string(HumanDuration.format(seconds: Int64((now - then).rounded(.down))))
    }

    /// An RFC 3339 timestamp, with or without fractional seconds (`MicroTime`), as seconds since 1970.
    static func seconds(_ stamp: String) -> Double? {
        let date = (try? Date.ISO8601FormatStyle().parse(stamp))
            ?? (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(stamp))
        return date?.timeIntervalSince1970
    }

    private static let nameColumn = TableColumn(
        "Name", format: "name", description: "Name must be unique within a namespace."
    ) { object, _ in .string(object.name) }

    private static let ageColumn = TableColumn(
        "Age", description: "CreationTimestamp is a timestamp representing the server time when this object was created."
    ) { object, now in age(object, now: now) }

    /// kube-apiserver's default table, for kinds without a printer of their own: the creation
    /// time as an RFC 3339 timestamp rather than an age.
    private static let createdAtColumn = TableColumn(
        "Created At", type: "date",
        description: "CreationTimestamp is a timestamp representing the server time when this object was created."
    ) { object, _ in .string(TableCell.timestamp(object.metadataString("creationTimestamp"))) }

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
    /// A custom resource's columns: its name, then the CRD's `additionalPrinterColumns`, or its age
    /// when the CRD names none (kube-apiserver's default for CRDs). Dates show as ages, as kubectl
    /// shows them.
    static func customColumns(_ custom: CustomResourceVersion) -> [TableColumn] {
        guard !custom.printerColumns.isEmpty else { return [nameColumn, ageColumn] }
        return [nameColumn] + custom.printerColumns.map { column in
            TableColumn(
                column.name, type: column.type, format: column.format, priority: Int(column.priority), description: column.description
            ) { object, now in
                let value = column.cell(object)
                if column.type == "date", let stamp = value.stringValue { return elapsed(since: stamp, now: now) }
                return value
            }
        }
    }

    static func columns(for kind: String) -> [TableColumn] {
        Self.printers[kind] ?? [nameColumn, ageColumn]
    }

    /// The columns of each kind kube-apiserver has a printer for, or leaves to its default table;
    /// built once.
    private static let printers: [String: [TableColumn]] = {
        let name = nameColumn, age = ageColumn
        let replicaSets = WorkloadColumns.replicaSets(name: name, age: age)
        let bindings = RBACColumns.bindings(name: name, age: age)
        let defaultTable = [name, createdAtColumn]
        let webhookConfigurations = AdmissionColumns.webhookConfigurations(name: name, age: age)
        return [
            "Namespace": [name, TableColumn("Status", cell: text("status", "phase")), age],
            "ConfigMap": [
                name,
                TableColumn("Data") { object, _ in
                    .integer(Int64((object["data"]?.objectValue?.count ?? 0) + (object["binaryData"]?.objectValue?.count ?? 0)))
                },
                age,
            ],
            "Secret": [name, TableColumn("Type", cell: text("type")), TableColumn("Data", cell: count("data")), age],
            "ServiceAccount": [name, TableColumn("Secrets", cell: count("secrets")), age],
            "Pod": PodColumns.all(name: name, age: age),
            "PodTemplate": WorkloadColumns.podTemplates(name: name),
            "Service": ServiceColumns.services(name: name, age: age),
            "Endpoints": ServiceColumns.endpoints(name: name, age: age),
            "EndpointSlice": NetworkColumns.endpointSlices(name: name, age: age),
            "Ingress": NetworkColumns.ingresses(name: name, age: age),
            "IngressClass": NetworkColumns.ingressClasses(name: name, age: age),
            "NetworkPolicy": NetworkColumns.networkPolicies(name: name, age: age),
            "Deployment": WorkloadColumns.deployments(name: name, age: age),
            "ReplicaSet": replicaSets, "ReplicationController": replicaSets,
            "StatefulSet": WorkloadColumns.statefulSets(name: name, age: age),
            "DaemonSet": WorkloadColumns.daemonSets(name: name, age: age),
            "ControllerRevision": WorkloadColumns.controllerRevisions(name: name, age: age),
            "Job": WorkloadColumns.jobs(name: name, age: age),
            "CronJob": WorkloadColumns.cronJobs(name: name, age: age),
            "HorizontalPodAutoscaler": AutoscalerColumns.horizontalPodAutoscalers(name: name, age: age),
            "PodDisruptionBudget": PolicyColumns.podDisruptionBudgets(name: name, age: age),
            "ResourceQuota": PolicyColumns.resourceQuotas(name: name, age: age),
            "PriorityClass": PolicyColumns.priorityClasses(name: name, age: age),
            "PersistentVolume": StorageColumns.persistentVolumes(name: name, age: age),
            "PersistentVolumeClaim": StorageColumns.persistentVolumeClaims(name: name, age: age),
            "StorageClass": StorageColumns.storageClasses(age: age),
            "Node": ClusterColumns.nodes(name: name, age: age),
            "Event": ClusterColumns.events(),
            "Lease": ClusterColumns.leases(name: name, age: age),
            "RoleBinding": bindings, "ClusterRoleBinding": bindings,
            "Role": defaultTable, "ClusterRole": defaultTable, "LimitRange": defaultTable,
            "MutatingWebhookConfiguration": webhookConfigurations, "ValidatingWebhookConfiguration": webhookConfigurations,
            "ValidatingAdmissionPolicy": AdmissionColumns.validatingAdmissionPolicies(name: name, age: age),
            "ValidatingAdmissionPolicyBinding": AdmissionColumns.validatingAdmissionPolicyBindings(name: name, age: age),
        ]
    }()
}
