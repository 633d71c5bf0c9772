/// Converts events between core `v1`, the version kube-apiserver stores them in under
/// `/registry/events/<namespace>/<name>`, and `events.k8s.io/v1`, served over the same keys.
///
/// The mapping is Kubernetes' own (`pkg/apis/events/v1`): `involvedObject` ↔ `regarding`,
/// `message` ↔ `note`, `source` ↔ `deprecatedSource`, `firstTimestamp` ↔
/// `deprecatedFirstTimestamp`, `lastTimestamp` ↔ `deprecatedLastTimestamp`, `count` ↔
/// `deprecatedCount`, `reportingComponent` ↔ `reportingController`; `reason`, `type`, `action`,
/// `related`, `reportingInstance`, `eventTime` and `series` keep their names. Nothing else is
/// derived: an event without `reportingComponent` has no `reportingController`, whatever its
/// `source.component` says. Each side is written in the field order and with the zero values Go
/// writes for its type.
public struct EventVersionConverter: VersionConverter {
    public let storageKind = GroupVersionKind(group: "", version: "v1", kind: "Event")
    public let servedKind = GroupVersionKind(group: "events.k8s.io", version: "v1", kind: "Event")

    /// The fields of `k8s.io/api/core/v1.Event` after `metadata`, in Go's order.
    private static let coreFields: [(name: String, field: GoField)] = [
        ("involvedObject", .always([:])), ("reason", .scalar), ("message", .scalar), ("source", .always([:])),
        ("firstTimestamp", .always(nil)), ("lastTimestamp", .always(nil)), ("count", .scalar), ("type", .scalar),
        ("eventTime", .always(nil)), ("series", .pointer), ("action", .scalar), ("related", .pointer),
        ("reportingComponent", .always("")), ("reportingInstance", .always("")),
    ]
    /// The fields of `k8s.io/api/events/v1.Event` after `metadata`, in Go's order.
    private static let eventsFields: [(name: String, field: GoField)] = [
        ("eventTime", .always(nil)), ("series", .pointer), ("reportingController", .scalar),
        ("reportingInstance", .scalar), ("action", .scalar), ("reason", .scalar), ("regarding", .always([:])),
        ("related", .pointer), ("note", .scalar), ("type", .scalar), ("deprecatedSource", .always([:])),
        ("deprecatedFirstTimestamp", .always(nil)), ("deprecatedLastTimestamp", .always(nil)),
        ("deprecatedCount", .scalar),
    ]
    /// The `series` fields of each version (`count` has `omitempty` in core `v1` only).
    private static let coreSeriesFields: [(name: String, field: GoField)] = [("count", .scalar), ("lastObservedTime", .always(nil))]
    private static let eventsSeriesFields: [(name: String, field: GoField)] = [("count", .always(0)), ("lastObservedTime", .always(nil))]

    /// The core `v1` name of each `events.k8s.io/v1` field named differently, and the reverse.
    private static let coreNames = [
        "regarding": "involvedObject", "note": "message", "deprecatedSource": "source",
        "deprecatedFirstTimestamp": "firstTimestamp", "deprecatedLastTimestamp": "lastTimestamp",
        "deprecatedCount": "count", "reportingController": "reportingComponent",
    ]
    private static let eventsNames = Dictionary(uniqueKeysWithValues: coreNames.map { ($0.value, $0.key) })

    /// Creates the converter.
    public init() {}

    /// An `events.k8s.io/v1` event as core `v1`.
    public func toStorage(_ event: JSONValue) -> JSONValue {
        Self.convert(event, to: self.storageKind, fields: Self.coreFields, seriesFields: Self.coreSeriesFields, sourceNames: Self.eventsNames)
    }

    /// A core `v1` event as `events.k8s.io/v1`.
    public func fromStorage(_ event: JSONValue) -> JSONValue {
        Self.convert(event, to: self.servedKind, fields: Self.eventsFields, seriesFields: Self.eventsSeriesFields, sourceNames: Self.coreNames)
    }

    /// `event` as `kind`: each of `fields` taken from the source field `sourceNames` gives (its own
    /// name otherwise).
    private static func convert(
        _ event: JSONValue, to kind: GroupVersionKind, fields: [(name: String, field: GoField)],
        seriesFields: [(name: String, field: GoField)], sourceNames: [String: String]
    ) -> JSONValue {
        var out = GoStruct.typed(kind, metadataOf: event)
        for (name, field) in fields {
            var value = event[sourceNames[name] ?? name]
            if name == "series", let series = value, !series.isNull {
                value = GoStruct.fields(seriesFields, of: series)
            }
            out.set(name, value, field)
        }
        return out.value
    }
}
