import KubeModel

/// The columns of `kubectl get` for pod disruption budgets, resource quotas and priority classes.
enum PolicyColumns {
    static func podDisruptionBudgets(name: TableColumn, age: TableColumn) -> [TableColumn] {
        [
            name,
            TableColumn("Min Available", description: "The minimum number of pods that must be available.") { budget, _ in
                .string(TableCell.intOrString(budget["spec"]?["minAvailable"], fallback: "N/A"))
            },
            TableColumn("Max Unavailable", description: "The maximum number of pods that may be unavailable.") { budget, _ in
                .string(TableCell.intOrString(budget["spec"]?["maxUnavailable"], fallback: "N/A"))
            },
            TableColumn("Allowed Disruptions", type: "integer", description: "How many pods may be disrupted now.") { budget, _ in
                .integer(budget["status"]?["disruptionsAllowed"]?.integerValue ?? 0)
            },
            age,
        ]
    }

    /// `Request` and `Limit` list `resource: used/hard` for each resource in `status.hard`, those
    /// named `limits.*` under `Limit`.
    static func resourceQuotas(name: TableColumn, age: TableColumn) -> [TableColumn] {
        let usage: @Sendable (JSONValue, Bool) -> JSONValue = { quota, limits in
            let hard = quota["status"]?["hard"]?.objectValue ?? JSONObject()
            let used = quota["status"]?["used"]
            let entries = hard.sorted { $0.key < $1.key }.filter { $0.key.hasPrefix("limits.") == limits }.map { resource in
                "\(resource.key): \(TableCell.quantity(used?[resource.key]))/\(TableCell.quantity(resource.value))"
            }
            return .string(entries.joined(separator: ", "))
        }
        return [
            name,
            TableColumn("Request", description: "Used and hard amounts of the quota's resources.") { quota, _ in usage(quota, false) },
            TableColumn("Limit", description: "Used and hard amounts of the quota's `limits.*` resources.") { quota, _ in
                usage(quota, true)
            },
            age,
        ]
    }

    static func priorityClasses(name: TableColumn, age: TableColumn) -> [TableColumn] {
        [
            name,
            TableColumn("Value", type: "integer", description: "The priority of pods of this class.") { priorityClass, _ in
                .integer(priorityClass["value"]?.integerValue ?? 0)
            },
            TableColumn("Global-Default", type: "boolean", description: "Whether pods without a class get this one.") {
                priorityClass, _ in .bool(priorityClass["globalDefault"]?.boolValue ?? false)
            },
            age,
            TableColumn("PreemptionPolicy", description: "Whether pods of this class preempt lower ones.") { priorityClass, _ in
                priorityClass["preemptionPolicy"] ?? ""
            },
        ]
    }
}
