/// Rewrites swift-metrics labels into valid Prometheus metric and label names.
///
/// Prometheus metric names match `[a-zA-Z_:][a-zA-Z0-9_:]*` and label names `[a-zA-Z_][a-zA-Z0-9_]*`.
/// swift-metrics labels often use dots (`wharf.http.requests`), which would make the exposition invalid.
enum PrometheusNameSanitizer {
    @Sendable
    static func sanitize(name: String, labels: [(String, String)]) -> (String, [(String, String)]) {
        (Self.sanitize(name, allowColon: true), labels.map { (Self.sanitize($0.0, allowColon: false), $0.1) })
    }

    static func sanitize(_ name: String, allowColon: Bool) -> String {
        var result = ""
        result.reserveCapacity(name.utf8.count + 1)
        for scalar in name.unicodeScalars {
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "_":
                result.unicodeScalars.append(scalar)
            case ":" where allowColon:
                result.unicodeScalars.append(scalar)
            default:
                result.append("_")
            }
        }
        if let first = result.unicodeScalars.first, !("0"..."9").contains(first) {
            return result
        }
        return "_" + result
    }
}
