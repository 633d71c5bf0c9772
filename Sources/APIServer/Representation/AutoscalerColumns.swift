import KubeModel

/// The columns of `kubectl get horizontalpodautoscalers`: `REFERENCE`, `TARGETS` (current/target
/// for each metric, as `cpu: 40%/80%`), `MINPODS`, `MAXPODS`, `REPLICAS` and `AGE`.
enum AutoscalerColumns {
    static func horizontalPodAutoscalers(name: TableColumn, age: TableColumn) -> [TableColumn] {
        [
            name,
            TableColumn("Reference", description: "The scaled resource.") { autoscaler, _ in
                let target = autoscaler["spec"]?["scaleTargetRef"]
                return .string("\(target?["kind"]?.stringValue ?? "")/\(target?["name"]?.stringValue ?? "")")
            },
            TableColumn("Targets", description: "Current and target value of each metric.") { autoscaler, _ in
                .string(Self.targets(autoscaler))
            },
            TableColumn("MinPods", description: "The lower limit for the number of replicas.") { autoscaler, _ in
                .string(autoscaler["spec"]?["minReplicas"]?.integerValue.map { String($0) } ?? "<unset>")
            },
            TableColumn("MaxPods", description: "The upper limit for the number of replicas.") { autoscaler, _ in
                .integer(autoscaler["spec"]?["maxReplicas"]?.integerValue ?? 0)
            },
            TableColumn("Replicas", description: "The current number of replicas.") { autoscaler, _ in
                .integer(autoscaler["status"]?["currentReplicas"]?.integerValue ?? 0)
            },
            age,
        ]
    }

    /// The first two metrics as `current/target`, then `+ N more...`; `<none>` without metrics.
    static func targets(_ autoscaler: JSONValue) -> String {
        let (specs, statuses) = Self.metrics(autoscaler)
        guard !specs.isEmpty else { return "<none>" }
        let described = specs.indices.map { Self.describe(specs[$0], status: $0 < statuses.count ? statuses[$0] : nil) }
        guard described.count > 2 else { return described.joined(separator: ", ") }
        return described.prefix(2).joined(separator: ", ") + " + \(described.count - 2) more..."
    }

    /// `spec.metrics` and `status.currentMetrics`; an autoscaling/v1 object's CPU target and
    /// utilization become one `Resource` metric, as kube-apiserver converts them.
    private static func metrics(_ autoscaler: JSONValue) -> (specs: [JSONValue], statuses: [JSONValue]) {
        let spec = autoscaler["spec"], status = autoscaler["status"]
        if let metrics = spec?["metrics"]?.arrayValue { return (metrics, status?["currentMetrics"]?.arrayValue ?? []) }
        guard let target = spec?["targetCPUUtilizationPercentage"] else { return ([], []) }
        let metric: JSONValue = ["type": "Resource", "resource": ["name": "cpu", "target": ["type": "Utilization", "averageUtilization": target]]]
        guard let current = status?["currentCPUUtilizationPercentage"] else { return ([metric], []) }
        return ([metric], [["type": "Resource", "resource": ["name": "cpu", "current": ["averageUtilization": current]]]])
    }

    /// The member of a metric that holds its source, by metric type.
    private static let sources = [
        "External": "external", "Pods": "pods", "Object": "object", "Resource": "resource", "ContainerResource": "containerResource",
    ]

    /// One metric: `status` is the status at the same position, which counts only if it reports
    /// the same source type. Missing quantities print as Go prints a nil `*Quantity`.
    private static func describe(_ metric: JSONValue, status: JSONValue?) -> String {
        guard let type = metric["type"]?.stringValue, let field = Self.sources[type] else { return "<unknown type>" }
        let source = metric[field], target = source?["target"], reported = status?[field]
        let current = reported?["current"]
        let quantity: (JSONValue?) -> String = { $0 == nil ? "<nil>" : TableCell.quantity($0) }
        let perResource = type == "Resource" || type == "ContainerResource"
        let prefix = perResource ? "\(source?["name"]?.stringValue ?? ""): " : ""
        if type == "Pods" || target?["averageValue"] != nil {
            if perResource || type == "Pods" {
                return "\(prefix)\(reported == nil ? "<unknown>" : quantity(current?["averageValue"]))/\(quantity(target?["averageValue"]))"
            }
            return "\(current?["averageValue"].map { TableCell.quantity($0) } ?? "<unknown>")/\(quantity(target?["averageValue"])) (avg)"
        }
        if !perResource {
            return "\(reported == nil ? "<unknown>" : quantity(current?["value"]))/\(quantity(target?["value"]))"
        }
        let now = current?["averageUtilization"]?.integerValue.map { "\($0)%" } ?? "<unknown>"
        return "\(prefix)\(now)/\(target?["averageUtilization"]?.integerValue.map { "\($0)%" } ?? "<auto>")"
    }
}
