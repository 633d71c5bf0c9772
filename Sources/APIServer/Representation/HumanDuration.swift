/// Kubernetes' short age format (`45s`, `3m20s`, `5h`, `12d`, `2y30d`), as `kubectl get` shows ages.
enum HumanDuration {
    /// Formats an elapsed time in seconds.
    static func format(seconds: Int64) -> String {
        if seconds < -1 { return "<invalid>" }
        if seconds < 0 { return "0s" }
        if seconds < 120 { return "\(seconds)s" }
        let minutes = seconds / 60
        if minutes < 10 {
            let rest = seconds % 60
            return rest == 0 ? "\(minutes)m" : "\(minutes)m\(rest)s"
        }
        if minutes < 180 { return "\(minutes)m" }
        let hours = minutes / 60
        if hours < 8 {
            let rest = minutes % 60
            return rest == 0 ? "\(hours)h" : "\(hours)h\(rest)m"
        }
        if hours < 48 { return "\(hours)h" }
        let days = hours / 24
        if days < 8 {
            let rest = hours % 24
            return rest == 0 ? "\(days)d" : "\(days)d\(rest)h"
        }
        if days < 365 * 2 { return "\(days)d" }
        let years = days / 365
        if years < 8 {
            let rest = days % 365
            return rest == 0 ? "\(years)y" : "\(years)y\(rest)d"
        }
        return "\(years)y"
    }
}
