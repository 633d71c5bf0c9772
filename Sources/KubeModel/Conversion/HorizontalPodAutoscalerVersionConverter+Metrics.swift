/// The metric, status and behavior shapes of `autoscaling/v1`'s round-trip annotations and their
/// `autoscaling/v2` counterparts, field for field as Kubernetes converts them; quantities Go
/// writes even at zero come out as `"0"`.
extension HorizontalPodAutoscalerVersionConverter {
    /// Which half of a metric a conversion handles: the `target` of a `MetricSpec` or the `current`
    /// value of a `MetricStatus`. `autoscaling/v1` prefixes its value fields with the same word
    /// (`targetAverageValue`, `currentAverageValue`).
    enum MetricPart: String {
        case target
        case current

        /// How Go writes an `autoscaling/v1` quantity that is a pointer in specs: statuses hold
        /// these values directly, so they are written even at zero.
        fileprivate var statusQuantity: GoField { self == .current ? .always("0") : .pointer }
    }

    /// An `autoscaling/v2` `MetricSpec` (`part` `.target`) or `MetricStatus` (`.current`) as the
    /// `autoscaling/v1` one of ``metricsAnnotation`` or ``currentMetricsAnnotation``.
    static func metricToV1(_ metric: JSONValue, _ part: MetricPart) -> JSONValue {
        let prefix = part.rawValue
        var out = GoStruct()
        out.always("type", metric["type"], zero: "")
        if let object = present(metric["object"]) {
            var v1 = GoStruct()
            v1.always("target", reference(object["describedObject"]), zero: [:])
            v1.always("metricName", object["metric"]?["name"], zero: "")
            v1.always("\(prefix)Value", object[prefix]?["value"], zero: "0")
            v1.pointer("selector", object["metric"]?["selector"])
            v1.pointer("averageValue", object[prefix]?["averageValue"])
            out.pointer("object", v1.value)
        }
        if let pods = present(metric["pods"]) {
            var v1 = GoStruct()
            v1.always("metricName", pods["metric"]?["name"], zero: "")
            v1.always("\(prefix)AverageValue", pods[prefix]?["averageValue"], zero: "0")
            v1.pointer("selector", pods["metric"]?["selector"])
            out.pointer("pods", v1.value)
        }
        for member in ["resource", "containerResource"] {
            guard let resource = present(metric[member]) else { continue }
            var v1 = GoStruct()
            v1.always("name", resource["name"], zero: "")
            v1.pointer("\(prefix)AverageUtilization", resource[prefix]?["averageUtilization"])
            v1.set("\(prefix)AverageValue", resource[prefix]?["averageValue"], part.statusQuantity)
            if member == "containerResource" { v1.always("container", resource["container"], zero: "") }
            out.pointer(member, v1.value)
        }
        if let external = present(metric["external"]) {
            var v1 = GoStruct()
            v1.always("metricName", external["metric"]?["name"], zero: "")
            v1.pointer("metricSelector", external["metric"]?["selector"])
            v1.set("\(prefix)Value", external[prefix]?["value"], part.statusQuantity)
            v1.pointer("\(prefix)AverageValue", external[prefix]?["averageValue"])
            out.pointer("external", v1.value)
        }
        return out.value
    }

    /// An `autoscaling/v1` `MetricSpec` (`part` `.target`) or `MetricStatus` (`.current`) of the
    /// annotations as `autoscaling/v2`; a target's type follows from which values are set.
    static func metricFromV1(_ metric: JSONValue, _ part: MetricPart) -> JSONValue {
        let prefix = part.rawValue
        /// The target type when converting a spec, `nil` (no type) for a status.
        func type(_ type: JSONValue) -> JSONValue? {
            guard part == .target else { return nil }
            return type
        }
        var out = GoStruct()
        out.always("type", metric["type"], zero: "")
        if let object = present(metric["object"]) {
            let averageValue = present(object["averageValue"])
            let value = metricValue(type(averageValue == nil ? "Value" : "AverageValue"), value: object["\(prefix)Value"] ?? "0", averageValue: averageValue)
            let metricIdentifier = identifier(object["metricName"], object["selector"])
            let described = reference(object["target"])
            // Go's field orders differ: describedObject, target, metric in ObjectMetricSource;
            // metric, current, describedObject in ObjectMetricStatus.
            let fields: [(String, JSONValue)] = part == .target
                ? [("describedObject", described), ("target", value), ("metric", metricIdentifier)]
                : [("metric", metricIdentifier), ("current", value), ("describedObject", described)]
            out.pointer("object", .object(JSONObject(fields)))
        }
        if let pods = present(metric["pods"]) {
            var v2 = GoStruct()
            v2.always("metric", identifier(pods["metricName"], pods["selector"]), zero: [:])
            v2.always(prefix, metricValue(type("AverageValue"), averageValue: pods["\(prefix)AverageValue"] ?? "0"), zero: [:])
            out.pointer("pods", v2.value)
        }
        for member in ["resource", "containerResource"] {
            guard let resource = present(metric[member]) else { continue }
            let utilization = present(resource["\(prefix)AverageUtilization"])
            let averageValue = part == .current ? resource["\(prefix)AverageValue"] ?? "0" : resource["\(prefix)AverageValue"]
            var v2 = GoStruct()
            v2.always("name", resource["name"], zero: "")
            v2.always(prefix, metricValue(type(utilization == nil ? "AverageValue" : "Utilization"), averageValue: averageValue, averageUtilization: utilization), zero: [:])
            if member == "containerResource" { v2.always("container", resource["container"], zero: "") }
            out.pointer(member, v2.value)
        }
        if let external = present(metric["external"]) {
            let value = part == .current ? external["currentValue"] ?? "0" : present(external["targetValue"])
            var v2 = GoStruct()
            v2.always("metric", identifier(external["metricName"], external["metricSelector"]), zero: [:])
            v2.always(prefix, metricValue(type(value == nil ? "AverageValue" : "Value"), value: value, averageValue: external["\(prefix)AverageValue"]), zero: [:])
            out.pointer("external", v2.value)
        }
        return out.value
    }

    // MARK: behavior

    /// An `autoscaling/v2` behavior as kube-apiserver writes it into ``behaviorAnnotation``: Go's
    /// encoding of its internal type, whose fields have no JSON names (`{"ScaleUp":{…},"ScaleDown":null}`).
    static func behaviorToAnnotation(_ behavior: JSONValue) -> JSONValue {
        func rules(_ rules: JSONValue?) -> JSONValue {
            guard let rules = present(rules) else { return nil }
            var out = GoStruct()
            out.always("StabilizationWindowSeconds", rules["stabilizationWindowSeconds"], zero: nil)
            out.always("SelectPolicy", rules["selectPolicy"], zero: nil)
            let policies = rules["policies"]?.arrayValue?.map { policy -> JSONValue in
                var out = GoStruct()
                out.always("Type", policy["type"], zero: "")
                out.always("Value", policy["value"], zero: 0)
                out.always("PeriodSeconds", policy["periodSeconds"], zero: 0)
                return out.value
            }
            out.always("Policies", policies.map(JSONValue.array), zero: nil)
            out.always("Tolerance", rules["tolerance"], zero: nil)
            return out.value
        }
        return ["ScaleUp": rules(behavior["scaleUp"]), "ScaleDown": rules(behavior["scaleDown"])]
    }

    /// The `autoscaling/v2` behavior in ``behaviorAnnotation``, or `nil` when it sets neither
    /// direction. Keys match without regard to case, as Go's decoder matches them.
    static func behaviorFromAnnotation(_ annotation: JSONValue) -> JSONValue? {
        func rules(_ rules: JSONValue?) -> JSONValue? {
            guard let rules = present(rules), case .object = rules else { return nil }
            var out = GoStruct()
            out.pointer("stabilizationWindowSeconds", member(rules, "stabilizationWindowSeconds"))
            out.pointer("selectPolicy", member(rules, "selectPolicy"))
            let policies = member(rules, "policies")?.arrayValue?.map { policy -> JSONValue in
                var out = GoStruct()
                out.always("type", member(policy, "type"), zero: "")
                out.always("value", member(policy, "value"), zero: 0)
                out.always("periodSeconds", member(policy, "periodSeconds"), zero: 0)
                return out.value
            }
            out.collection("policies", policies.map(JSONValue.array))
            out.pointer("tolerance", member(rules, "tolerance"))
            return out.value
        }
        let scaleUp = rules(member(annotation, "scaleUp"))
        let scaleDown = rules(member(annotation, "scaleDown"))
        guard scaleUp != nil || scaleDown != nil else { return nil }
        var out = GoStruct()
        out.pointer("scaleUp", scaleUp)
        out.pointer("scaleDown", scaleDown)
        return out.value
    }

    // MARK: shared pieces

    /// A `CrossVersionObjectReference` as Go writes it: `kind`, `name`, then `apiVersion` if set.
    static func reference(_ reference: JSONValue?) -> JSONValue {
        var out = GoStruct()
        out.always("kind", reference?["kind"], zero: "")
        out.always("name", reference?["name"], zero: "")
        out.scalar("apiVersion", reference?["apiVersion"])
        return out.value
    }

    /// An `autoscaling/v2` `MetricIdentifier`.
    private static func identifier(_ name: JSONValue?, _ selector: JSONValue?) -> JSONValue {
        var out = GoStruct()
        out.always("name", name, zero: "")
        out.pointer("selector", selector)
        return out.value
    }

    /// An `autoscaling/v2` `MetricTarget` (with a `type`) or `MetricValueStatus` (without).
    private static func metricValue(
        _ type: JSONValue?, value: JSONValue? = nil, averageValue: JSONValue? = nil, averageUtilization: JSONValue? = nil
    ) -> JSONValue {
        var out = GoStruct()
        if let type { out.always("type", type, zero: "") }
        out.pointer("value", value)
        out.pointer("averageValue", averageValue)
        out.pointer("averageUtilization", averageUtilization)
        return out.value
    }

    /// A value that is there and not `null`.
    private static func present(_ value: JSONValue?) -> JSONValue? {
        guard let value, !value.isNull else { return nil }
        return value
    }

    /// An object's member by name, an exact match first, then one differing only in case.
    private static func member(_ object: JSONValue, _ name: String) -> JSONValue? {
        if let exact = object[name] { return exact }
        let lowered = name.lowercased()
        return object.objectValue?.first { $0.key.lowercased() == lowered }?.value
    }
}
