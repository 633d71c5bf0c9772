import Foundation
import KubeModel

/// The columns of `kubectl get nodes`, `kubectl get events` and `kubectl get leases`.
enum ClusterColumns {
    static func nodes(name: TableColumn, age: TableColumn) -> [TableColumn] {
        [
            name,
            TableColumn("Status", description: "The readiness of the node.") { node, _ in
                let ready = (node["status"]?["conditions"]?.arrayValue ?? []).first { $0["type"] == "Ready" }
                var status = ready?["status"] == "True" ? "Ready" : (ready == nil ? "Unknown" : "NotReady")
                if node["spec"]?["unschedulable"] == true { status += ",SchedulingDisabled" }
                return .string(status)
            },
            TableColumn("Roles", description: "The roles of the node.") { node, _ in
                // `node-role.kubernetes.io/<role>` label keys, and the value of a `kubernetes.io/role` label.
                let prefix = "node-role.kubernetes.io/"
                var roles = Set(node.labels.keys.filter { $0.hasPrefix(prefix) && $0.count > prefix.count }.map { String($0.dropFirst(prefix.count)) })
                if let role = node.labels["kubernetes.io/role"], !role.isEmpty { roles.insert(role) }
                return .string(roles.isEmpty ? "<none>" : roles.sorted().joined(separator: ","))
            },
            age,
            TableColumn("Version", description: "Kubelet Version reported by the node.") { node, _ in
                node["status"]?["nodeInfo"]?["kubeletVersion"] ?? ""
            },
            address("Internal-IP", type: "InternalIP"),
            address("External-IP", type: "ExternalIP"),
            systemInfo("OS-Image", "osImage"),
            systemInfo("Kernel-Version", "kernelVersion"),
            systemInfo("Container-Runtime", "containerRuntimeVersion"),
        ]
    }

    /// A wide-only node column: the first address of `type`, or `<none>`.
    private static func address(_ name: String, type: String) -> TableColumn {
        TableColumn(name, priority: 1, description: "The node's first \(type) address.") { node, _ in
            let addresses = node["status"]?["addresses"]?.arrayValue ?? []
            return .string(addresses.first { $0["type"]?.stringValue == type }?["address"]?.stringValue ?? "<none>")
        }
    }

    /// A wide-only node column: a `status.nodeInfo` field, or `<unknown>`.
    private static func systemInfo(_ name: String, _ field: String) -> TableColumn {
        TableColumn(name, priority: 1, description: "The node's \(field) as its kubelet reports it.") { node, _ in
            let value = node["status"]?["nodeInfo"]?[field]?.stringValue ?? ""
            return .string(value.isEmpty ? "<unknown>" : value)
        }
    }

    /// kube-apiserver's event columns; `-o wide` adds the sub-object, source, first time seen, count
    /// and name.
    static func events() -> [TableColumn] {
        [
            TableColumn("Last Seen", description: "Time since the event was last seen.") { event, now in
                if let observed = event["series"]?["lastObservedTime"]?.stringValue { return TableConverter.elapsed(since: observed, now: now) }
                guard let last = event["lastTimestamp"]?.stringValue else { return Self.firstSeen(event, now: now) }
                return TableConverter.elapsed(since: last, now: now)
            },
            TableColumn("Type", description: "Type of this event (Normal, Warning).") { event, _ in event["type"] ?? "" },
            TableColumn("Reason", description: "Why the action was taken.") { event, _ in event["reason"] ?? "" },
            TableColumn("Object", description: "The object this event is about.") { event, _ in
                let kind = event["involvedObject"]?["kind"]?.stringValue?.lowercased() ?? ""
                let name = event["involvedObject"]?["name"]?.stringValue ?? ""
                return .string(name.isEmpty ? kind : "\(kind)/\(name)")
            },
            TableColumn("Subobject", priority: 1, description: "The part of the object the event is about.") { event, _ in
                event["involvedObject"]?["fieldPath"] ?? ""
            },
            TableColumn("Source", priority: 1, description: "The component reporting the event, and its host.") { event, _ in
                let firstOf = { (values: [JSONValue?]) in values.compactMap { $0?.stringValue }.first { !$0.isEmpty } }
                let component = firstOf([event["source"]?["component"], event["reportingComponent"]]) ?? ""
                guard let instance = firstOf([event["source"]?["host"], event["reportingInstance"]]) else { return .string(component) }
                return .string("\(component), \(instance)")
            },
            TableColumn("Message", description: "A description of the event.") { event, _ in
                .string((event["message"]?.stringValue ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
            },
            TableColumn("First Seen", priority: 1, description: "Time since the event was first seen.") { event, now in
                Self.firstSeen(event, now: now)
            },
            TableColumn("Count", priority: 1, description: "How often the event occurred.") { event, _ in
                if let series = event["series"] { return .integer(series["count"]?.integerValue ?? 0) }
                return .integer(max(event["count"]?.integerValue ?? 0, 1))
            },
            TableColumn("Name", format: "name", priority: 1, description: "The name of the event.") { event, _ in .string(event.name) },
        ]
    }

    /// `firstTimestamp`, or for events of the events.k8s.io shape `eventTime`.
    private static func firstSeen(_ event: JSONValue, now: Double) -> JSONValue {
        TableConverter.elapsed(since: event["firstTimestamp"]?.stringValue ?? event["eventTime"]?.stringValue ?? "", now: now)
    }

    static func leases(name: TableColumn, age: TableColumn) -> [TableColumn] {
        [
            name,
            TableColumn("Holder", description: "The identity of the lease's current holder.") { lease, _ in
                lease["spec"]?["holderIdentity"] ?? ""
            },
            age,
        ]
    }
}
