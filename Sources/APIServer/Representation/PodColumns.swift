import KubeModel

/// The columns of `kubectl get pods`: NAME READY STATUS RESTARTS AGE, and IP, NODE, NOMINATED NODE
/// and READINESS GATES with `-o wide`.
enum PodColumns {
    static func all(name: TableColumn, age: TableColumn) -> [TableColumn] {
        [
            name,
            TableColumn("Ready", description: "The aggregate readiness state of this pod for accepting traffic.") { pod, _ in
                let containers = pod["spec"]?["containers"]?.arrayValue?.count ?? 0
                let ready = pod["status"]?["containerStatuses"]?.arrayValue?.filter { $0["ready"]?.boolValue == true }.count ?? 0
                return .string("\(ready)/\(containers)")
            },
            TableColumn("Status", description: "The aggregate status of the containers in this pod.") { pod, _ in
                if !pod.metadataString("deletionTimestamp").isEmpty { return "Terminating" }
                if let reason = pod["status"]?["reason"]?.stringValue, !reason.isEmpty { return .string(reason) }
                return .string(pod["status"]?["phase"]?.stringValue ?? "Pending")
            },
            TableColumn("Restarts", type: "string", description: "The number of times the containers in this pod have been restarted.") { pod, _ in
                let restarts = pod["status"]?["containerStatuses"]?.arrayValue?.reduce(Int64(0)) {
                    $0 + ($1["restartCount"]?.integerValue ?? 0)
                } ?? 0
                return .string(String(restarts))
            },
            age,
            TableColumn("IP", priority: 1, description: "IP address allocated to the pod.") { pod, _ in
                .string(pod["status"]?["podIP"]?.stringValue ?? "<none>")
            },
            TableColumn("Node", priority: 1, description: "Name of the Node on which the Pod is scheduled.") { pod, _ in
                .string(pod["spec"]?["nodeName"]?.stringValue ?? "<none>")
            },
            TableColumn("Nominated Node", priority: 1, description: "Name of the Node the scheduler nominated for the Pod.") { pod, _ in
                .string(pod["status"]?["nominatedNodeName"]?.stringValue ?? "<none>")
            },
            TableColumn("Readiness Gates", priority: 1, description: "The readiness gates that hold, of those the Pod declares.") { pod, _ in
                let gates = (pod["spec"]?["readinessGates"]?.arrayValue ?? []).compactMap { $0["conditionType"]?.stringValue }
                guard !gates.isEmpty else { return "<none>" }
                let conditions = pod["status"]?["conditions"]?.arrayValue ?? []
                let holding = gates.filter { gate in conditions.first { $0["type"]?.stringValue == gate }?["status"] == "True" }
                return .string("\(holding.count)/\(gates.count)")
            },
        ]
    }
}
