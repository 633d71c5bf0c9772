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
                let prefix = "node-role.kubernetes.io/"
                let roles = node.labels.keys.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }.sorted()
                return .string(roles.isEmpty ? "<none>" : roles.joined(separator: ","))
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

    static func events(name: TableColumn, age: TableColumn) -> [TableColumn] {
        [
            TableColumn("Last Seen", description: "Time since the event was last seen.") { event, now in
                let stamp = event["lastTimestamp"]?.stringValue ?? event["eventTime"]?.stringValue ?? event.metadataString("creationTimestamp")
                return TableConverter.elapsed(since: stamp, now: now)
            },
            TableColumn("Type", description: "Type of this event (Normal, Warning).") { event, _ in event["type"] ?? "" },
            TableColumn("Reason", description: "Why the action was taken.") { event, _ in event["reason"] ?? "" },
            TableColumn("Object", description: "The object this event is about.") { event, _ in
                let kind = event["involvedObject"]?["kind"]?.stringValue?.lowercased() ?? ""
                return .string("\(kind)/\(event["involvedObject"]?["name"]?.stringValue ?? "")")
            },
            TableColumn("Message", description: "A description of the event.") { event, _ in event["message"] ?? "" },
        ]
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
