public import KubeModel
import Synchronization

/// The resources this API server serves right now: the built-in catalog plus the versions of every
/// established CustomResourceDefinition. Request handling reads ``catalog`` once per request; the
/// CRD controller replaces the custom part as CRDs come and go, and ``generation`` tells caches
/// built from the catalog (OpenAPI documents) when to rebuild.
public final class ServedResources: Sendable {
    private struct State {
        var catalog: ResourceCatalog
        var generation: Int
        var custom: [String: [ResourceDefinition]]
    }

    private let builtin: ResourceCatalog
    private let state: Mutex<State>

    /// Serves `builtin` and no custom resources yet.
    public init(builtin: ResourceCatalog) {
        self.builtin = builtin
        self.state = Mutex(State(catalog: builtin, generation: 0, custom: [:]))
    }

    /// Everything served now.
    public var catalog: ResourceCatalog {
        self.state.withLock { $0.catalog }
    }

    /// The catalog with the number of changes made to it so far.
    public var snapshot: (catalog: ResourceCatalog, generation: Int) {
        self.state.withLock { ($0.catalog, $0.generation) }
    }

    /// The built-in resources alone.
    public var builtinCatalog: ResourceCatalog { self.builtin }

    /// Serves `definitions` for the CRD `name` (replacing what it served before); an empty list stops serving it.
    public func setCustomResources(_ definitions: [ResourceDefinition], forDefinition name: String) {
        self.state.withLock { state in
            guard state.custom[name] != definitions else { return }
            state.custom[name] = definitions.isEmpty ? nil : definitions
            var catalog = self.builtin
            for key in state.custom.keys.sorted() {
                for definition in state.custom[key] ?? [] where self.builtin.definition(for: definition.resource) == nil {
                    catalog.add(definition)
                }
            }
            state.catalog = catalog
            state.generation += 1
        }
    }

    /// The names of the CRDs whose resources are served.
    public var customDefinitionNames: Set<String> {
        self.state.withLock { Set($0.custom.keys) }
    }
}
