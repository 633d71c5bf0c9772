import Foundation
import KubeModel

/// The text forms kube-apiserver's printers give common field types in table cells.
enum TableCell {
    /// A label map as `k1=v1,k2=v2` sorted by key, or `<none>` (Go's `labels.FormatLabels`).
    static func labels(_ value: JSONValue?) -> String {
        let pairs = (value?.objectValue ?? JSONObject()).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.stringValue ?? "")" }
        return pairs.isEmpty ? "<none>" : pairs.joined(separator: ",")
    }

    /// A label selector as its string form, or `<none>` when it selects everything
    /// (Go's `metav1.FormatLabelSelector`).
    static func selector(_ value: JSONValue?) -> String {
        let text = ScaleSubresource.selectorString(value)
        return text.isEmpty ? "<none>" : text
    }

    /// The IP, or else the hostname, of each ingress point of a load balancer status, sorted and
    /// without repeats (Go's `loadBalancerStatusStringer`).
    static func ingressPoints(_ loadBalancer: JSONValue?) -> [String] {
        let points = (loadBalancer?["ingress"]?.arrayValue ?? []).compactMap { point in
            [point["ip"]?.stringValue, point["hostname"]?.stringValue].compactMap { $0 }.first { !$0.isEmpty }
        }
        return Set(points).sorted()
    }

    /// A resource quantity as stored (`0` when absent). kube-apiserver prints the canonical form
    /// (`1024Mi` as `1Gi`); Wharf keeps quantities as the client wrote them.
    static func quantity(_ value: JSONValue?) -> String {
        switch value {
        case .string(let text): return text
        case .integer(let number): return String(number)
        case .double(let number): return String(number)
        default: return "0"
        }
    }

    /// An int-or-string field (`2`, `50%`), or `fallback` when absent.
    static func intOrString(_ value: JSONValue?, fallback: String) -> String {
        if let number = value?.integerValue { return String(number) }
        return value?.stringValue ?? fallback
    }

    /// The first three `items` joined by commas and `+ N more...` for the rest, or `<unset>` when
    /// there are none (Go's `listWithMoreString`).
    static func firstThree(_ items: [String]) -> String {
        if items.count > 3 { return items.prefix(3).joined(separator: ",") + " + \(items.count - 3) more..." }
        return items.isEmpty ? "<unset>" : items.joined(separator: ",")
    }

    /// An RFC 3339 timestamp in UTC at whole seconds, as the default table's `Created At` shows it.
    static func timestamp(_ stamp: String) -> String {
        guard let date = try? Date.ISO8601FormatStyle().parse(stamp) else { return "0001-01-01T00:00:00Z" }
        return date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(secondsFromGMT: 0)!))
    }
}
