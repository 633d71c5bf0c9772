import Foundation

/// Which lifecycle controllers run, from a kube-controller-manager style `--controllers` list:
/// `*` enables every controller on by default, `name` enables one, `-name` disables one; later
/// entries win. `*` (the default) runs them all, `*,-garbage-collector-controller` all but the
/// garbage collector, and `""` none.
public struct ControllerSelection: Sendable, Hashable {
    /// The controllers that run.
    public private(set) var enabled: Set<LifecycleController>

    /// Every controller.
    public static let all = ControllerSelection(enabled: Set(LifecycleController.allCases))

    /// Creates a selection of exactly `enabled`.
    public init(enabled: Set<LifecycleController>) {
        self.enabled = enabled
    }

    /// Parses a `--controllers` value.
    ///
    /// - Throws: ``ControllerSelectionError/unknownController(_:)`` for a name that is not a controller.
    public init(parsing list: String) throws(ControllerSelectionError) {
        self.enabled = []
        for entry in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            if entry == "*" {
                self.enabled.formUnion(LifecycleController.allCases)
                continue
            }
            let disable = entry.hasPrefix("-")
            let name = disable ? String(entry.dropFirst()) : entry
            guard let controller = LifecycleController(named: name) else { throw .unknownController(name) }
            if disable {
                self.enabled.remove(controller)
            } else {
                self.enabled.insert(controller)
            }
        }
    }

    /// Whether `controller` runs.
    public func contains(_ controller: LifecycleController) -> Bool {
        self.enabled.contains(controller)
    }
}
