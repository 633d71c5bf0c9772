import Foundation

/// Which admission plugins run, from kube-apiserver's `--enable-admission-plugins` (enabled in
/// addition to the default ones) and `--disable-admission-plugins` (left out although on by
/// default). The order of the names does not matter: enabled plugins always run in kube's order.
public struct AdmissionPluginSelection: Sendable, Hashable {
    /// The plugins that run.
    public private(set) var enabled: Set<AdmissionPlugin>

    /// kube-apiserver's default set (``AdmissionPlugin/enabledByDefault``).
    public static let defaults = AdmissionPluginSelection(enabled: AdmissionPlugin.enabledByDefault)

    /// Creates a selection of exactly `enabled`.
    public init(enabled: Set<AdmissionPlugin>) {
        self.enabled = enabled
    }

    /// Parses the two flags' comma-separated values, refusing names kube-apiserver does not
    /// register and names given to both flags, as kube-apiserver's flag validation does.
    ///
    /// - Throws: ``AdmissionPluginSelectionError`` naming the first problem.
    public init(enable: String, disable: String) throws(AdmissionPluginSelectionError) {
        let enabled = try Self.plugins(in: enable, flag: "enable-admission-plugins")
        let disabled = try Self.plugins(in: disable, flag: "disable-admission-plugins")
        let overlap = Set(enabled).intersection(disabled)
        guard overlap.isEmpty else { throw .overlapping(overlap.sorted()) }
        self.enabled = AdmissionPlugin.enabledByDefault.union(enabled).subtracting(disabled)
    }

    /// Whether `plugin` runs.
    public func contains(_ plugin: AdmissionPlugin) -> Bool {
        self.enabled.contains(plugin)
    }

    /// The plugins of one flag's value (empty entries skipped).
    private static func plugins(in list: String, flag: String) throws(AdmissionPluginSelectionError) -> [AdmissionPlugin] {
        var plugins: [AdmissionPlugin] = []
        for entry in list.split(separator: ",") {
            let name = entry.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { continue }
            guard let plugin = AdmissionPlugin(named: name) else { throw .unknownPlugin(flag: flag, name: name) }
            plugins.append(plugin)
        }
        return plugins
    }
}
