/// Why `--enable-admission-plugins` or `--disable-admission-plugins` was refused, worded as
/// kube-apiserver words it.
public enum AdmissionPluginSelectionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A name kube-apiserver registers no plugin under.
    case unknownPlugin(flag: String, name: String)
    /// Plugins named by both flags.
    case overlapping([AdmissionPlugin])

    public var description: String {
        switch self {
        case .unknownPlugin(let flag, let name):
            return "\(flag) plugin \"\(name)\" is unknown"
        case .overlapping(let plugins):
            return "[\(plugins.map(\.rawValue).joined(separator: " "))] in enable-admission-plugins and disable-admission-plugins overlapped"
        }
    }
}
