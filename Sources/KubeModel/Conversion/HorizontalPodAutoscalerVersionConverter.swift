/// Converts horizontal pod autoscalers between `autoscaling/v2`, the version kube-apiserver stores
/// them in under `/registry/horizontalpodautoscalers`, and `autoscaling/v1`, served over the same
/// keys, as Kubernetes' `pkg/apis/autoscaling/v1` conversions do.
///
/// `autoscaling/v1` knows one metric, `targetCPUUtilizationPercentage`: the first `Resource`
/// metric for `cpu` with a `Utilization` target. Everything else `autoscaling/v2` has survives a
/// trip through `autoscaling/v1` in annotations, in `autoscaling/v1`'s own metric shapes:
/// ``metricsAnnotation`` (the other metrics), ``currentMetricsAnnotation`` (every current
/// metric), ``conditionsAnnotation`` and ``behaviorAnnotation``. Converting back reads them, puts
/// the CPU metric after the others, and removes them. An `autoscaling/v1` object without metrics
/// gets kube-apiserver's default, 80% CPU utilization.
public struct HorizontalPodAutoscalerVersionConverter: VersionConverter {
    public let storageKind = GroupVersionKind(group: "autoscaling", version: "v2", kind: "HorizontalPodAutoscaler")
    public let servedKind = GroupVersionKind(group: "autoscaling", version: "v1", kind: "HorizontalPodAutoscaler")

    /// The metrics other than the CPU utilization target, as `autoscaling/v1` metric specs.
    public static let metricsAnnotation = "autoscaling.alpha.kubernetes.io/metrics"
    /// Every current metric of the status, as `autoscaling/v1` metric statuses.
    public static let currentMetricsAnnotation = "autoscaling.alpha.kubernetes.io/current-metrics"
    /// The status conditions.
    public static let conditionsAnnotation = "autoscaling.alpha.kubernetes.io/conditions"
    /// The scaling behavior, with the Go field names of Kubernetes' internal type (`ScaleUp`,
    /// `StabilizationWindowSeconds`, …), as kube-apiserver writes it.
    public static let behaviorAnnotation = "autoscaling.alpha.kubernetes.io/behavior"

    private static let roundTripAnnotations = [metricsAnnotation, behaviorAnnotation, currentMetricsAnnotation, conditionsAnnotation]

    /// The CPU utilization target of an `autoscaling/v1` object that names none.
    static let defaultCPUUtilization: JSONValue = 80

    /// Creates the converter.
    public init() {}

    /// An `autoscaling/v1` object as `autoscaling/v2`: the CPU target becomes a `Resource` metric
    /// after the metrics of ``metricsAnnotation``, and the annotations fill in the behavior,
    /// current metrics and conditions.
    public func toStorage(_ hpa: JSONValue) -> JSONValue {
        let spec = hpa["spec"] ?? [:]
        let status = hpa["status"] ?? [:]
        let annotations = hpa["metadata"]?["annotations"]

        var metrics = Self.annotationJSON(annotations, Self.metricsAnnotation)?.arrayValue?.map { Self.metricFromV1($0, .target) } ?? []
        if let target = spec["targetCPUUtilizationPercentage"], !target.isNull {
            metrics.append(Self.cpuMetric(target))
        }
        if metrics.isEmpty {
            metrics = [Self.cpuMetric(Self.defaultCPUUtilization)]
        }
        var currentMetrics = Self.annotationJSON(annotations, Self.currentMetricsAnnotation)?.arrayValue?.map { Self.metricFromV1($0, .current) }
        if currentMetrics == nil, let current = status["currentCPUUtilizationPercentage"], !current.isNull {
            currentMetrics = [["type": "Resource", "resource": ["name": "cpu", "current": ["averageUtilization": current]]]]
        }
        let conditions = Self.annotationJSON(annotations, Self.conditionsAnnotation)?.arrayValue?.map(Self.condition)

        var v2 = GoStruct.typed(self.storageKind, metadataOf: hpa)
        v2.always("metadata", Self.withoutRoundTripAnnotations(hpa["metadata"]), zero: [:])
        var v2Spec = GoStruct()
        v2Spec.always("scaleTargetRef", Self.reference(spec["scaleTargetRef"]), zero: [:])
        v2Spec.pointer("minReplicas", spec["minReplicas"])
        v2Spec.always("maxReplicas", spec["maxReplicas"], zero: 0)
        v2Spec.collection("metrics", .array(metrics))
        v2Spec.pointer("behavior", Self.annotationJSON(annotations, Self.behaviorAnnotation).flatMap(Self.behaviorFromAnnotation))
        v2.always("spec", v2Spec.value, zero: [:])
        var v2Status = GoStruct()
        v2Status.pointer("observedGeneration", status["observedGeneration"])
        v2Status.pointer("lastScaleTime", status["lastScaleTime"])
        v2Status.scalar("currentReplicas", status["currentReplicas"])
        v2Status.always("desiredReplicas", status["desiredReplicas"], zero: 0)
        v2Status.collection("currentMetrics", currentMetrics.map(JSONValue.array))
        v2Status.collection("conditions", conditions.map(JSONValue.array))
        v2.always("status", v2Status.value, zero: [:])
        return v2.value
    }

    /// An `autoscaling/v2` object as `autoscaling/v1`: the first CPU utilization metric becomes
    /// `targetCPUUtilizationPercentage` (and the last current one `currentCPUUtilizationPercentage`);
    /// what has no `autoscaling/v1` field goes into the annotations.
    public func fromStorage(_ hpa: JSONValue) -> JSONValue {
        let spec = hpa["spec"] ?? [:]
        let status = hpa["status"] ?? [:]
        let metrics = spec["metrics"]?.arrayValue ?? []
        let currentMetrics = status["currentMetrics"]?.arrayValue ?? []
        let conditions = status["conditions"]?.arrayValue ?? []

        var annotations: [(String, JSONValue)] = []
        let otherMetrics = metrics.filter { Self.cpuUtilization($0, "target") == nil }
        if !otherMetrics.isEmpty {
            annotations.append((Self.metricsAnnotation, .array(otherMetrics.map { Self.metricToV1($0, .target) })))
        }
        if !currentMetrics.isEmpty {
            annotations.append((Self.currentMetricsAnnotation, .array(currentMetrics.map { Self.metricToV1($0, .current) })))
        }
        if let behavior = spec["behavior"], !behavior.isNull {
            annotations.append((Self.behaviorAnnotation, Self.behaviorToAnnotation(behavior)))
        }
        if !conditions.isEmpty {
            annotations.append((Self.conditionsAnnotation, .array(conditions.map(Self.condition))))
        }

        var v1 = GoStruct.typed(self.servedKind, metadataOf: hpa)
        v1.always("metadata", Self.withoutRoundTripAnnotations(hpa["metadata"], adding: annotations), zero: [:])
        var v1Spec = GoStruct()
        v1Spec.always("scaleTargetRef", Self.reference(spec["scaleTargetRef"]), zero: [:])
        v1Spec.pointer("minReplicas", spec["minReplicas"])
        v1Spec.always("maxReplicas", spec["maxReplicas"], zero: 0)
        v1Spec.pointer("targetCPUUtilizationPercentage", metrics.lazy.compactMap { Self.cpuUtilization($0, "target") }.first)
        v1.always("spec", v1Spec.value, zero: [:])
        var v1Status = GoStruct()
        v1Status.pointer("observedGeneration", status["observedGeneration"])
        v1Status.pointer("lastScaleTime", status["lastScaleTime"])
        v1Status.always("currentReplicas", status["currentReplicas"], zero: 0)
        v1Status.always("desiredReplicas", status["desiredReplicas"], zero: 0)
        v1Status.pointer("currentCPUUtilizationPercentage", currentMetrics.compactMap { Self.cpuUtilization($0, "current") }.last)
        v1.always("status", v1Status.value, zero: [:])
        return v1.value
    }

    /// The `averageUtilization` of an `autoscaling/v2` metric (`member` `target` for a spec,
    /// `current` for a status) when it is a `Resource` metric for `cpu`; `nil` for any other.
    private static func cpuUtilization(_ metric: JSONValue, _ member: String) -> JSONValue? {
        guard metric["type"] == "Resource", let resource = metric["resource"], resource["name"] == "cpu",
            let utilization = resource[member]?["averageUtilization"], !utilization.isNull
        else { return nil }
        return utilization
    }

    /// The `autoscaling/v2` metric of a CPU utilization target.
    private static func cpuMetric(_ utilization: JSONValue) -> JSONValue {
        ["type": "Resource", "resource": ["name": "cpu", "target": ["type": "Utilization", "averageUtilization": utilization]]]
    }

    /// A status condition as Go writes `HorizontalPodAutoscalerCondition` (the same in both versions).
    private static func condition(_ condition: JSONValue) -> JSONValue {
        var out = GoStruct()
        out.always("type", condition["type"], zero: "")
        out.always("status", condition["status"], zero: "")
        out.always("lastTransitionTime", condition["lastTransitionTime"], zero: nil)
        out.scalar("reason", condition["reason"])
        out.scalar("message", condition["message"])
        return out.value
    }

    /// The JSON inside an annotation, or `nil` when it is missing or does not parse (kube-apiserver
    /// ignores such an annotation too).
    private static func annotationJSON(_ annotations: JSONValue?, _ name: String) -> JSONValue? {
        guard let text = annotations?[name]?.stringValue else { return nil }
        return try? JSONParser.parse(Array(text.utf8))
    }

    /// `metadata` without the round-trip annotations, then with `added` (JSON written into the
    /// values); an `annotations` left empty is removed, as Go omits an empty map.
    private static func withoutRoundTripAnnotations(_ metadata: JSONValue?, adding added: [(String, JSONValue)] = [])
        -> JSONValue
    {
        guard var metadata else { return [:] }
        var annotations = metadata["annotations"]?.objectValue ?? JSONObject()
        annotations.removeAll { Self.roundTripAnnotations.contains($0.key) }
        for (name, value) in added {
            annotations[name] = .string(value.jsonText)
        }
        metadata["annotations"] = annotations.isEmpty ? nil : .object(annotations)
        return metadata
    }
}
