/// What the garbage collector does about one object, decided from the graph and its owners'
/// states by ``decideAsOwner(_:in:)`` and ``decideAsDependent(_:owners:hasDependents:)`` (kube's
/// `attemptToOrphan` and `attemptToDeleteItem`).
enum GarbageCollectorAction: Sendable, Hashable {
    /// Nothing to do.
    case none
    /// Remove the object's uid from the `ownerReferences` of these dependents, then its `orphan`
    /// finalizer.
    case orphanDependents([String])
    /// Remove this finalizer from the object (`foregroundDeletion` once no blocking dependent is left).
    case removeFinalizer(String)
    /// A foreground deletion waits for these blocking dependents, not yet being deleted: look at them.
    case waitForDependents([String])
    /// Delete the object (its owners are gone) with this propagation policy.
    case delete(PropagationPolicy)
    /// Drop the references to these owner uids (gone or being deleted) and keep the object,
    /// which has an owner left.
    case removeOwnerReferences(Set<String>)

    /// The action for `node` as the owner side sees it: an object being deleted orphans its
    /// dependents, or waits for its blocking ones; `nil` when the dependent side decides.
    static func decideAsOwner(_ node: OwnerGraph.Node, in graph: OwnerGraph) -> GarbageCollectorAction? {
        guard node.beingDeleted else { return nil }
        if node.finalizers.contains(PropagationPolicy.orphanFinalizer) {
            return .orphanDependents(graph.dependents(of: node.uid).map(\.uid).sorted())
        }
        guard node.deletingDependents else { return GarbageCollectorAction.none }
        let blocking = graph.blockingDependents(of: node.uid)
        if blocking.isEmpty {
            return .removeFinalizer(PropagationPolicy.foregroundFinalizer)
        }
        let waiting = blocking.filter { !$0.beingDeleted }.map(\.uid).sorted()
        return waiting.isEmpty ? GarbageCollectorAction.none : .waitForDependents(waiting)
    }

    /// The action for a dependent not being deleted, given the state of each owner it names.
    ///
    /// - Parameters:
    ///   - node: The dependent.
    ///   - owners: Each of its references with the state of the owner it names.
    ///   - hasDependents: Whether objects depend on this one in turn.
    static func decideAsDependent(_ node: OwnerGraph.Node, owners: [(OwnerReference, OwnerState)], hasDependents: Bool)
        -> GarbageCollectorAction
    {
        guard !owners.isEmpty else { return .none }
        let states = owners.map(\.1)
        if states.contains(.unresolvable) {
            // kube cannot classify the owners either and leaves the dependent alone.
            return .none
        }
        if states.contains(.solid) {
            let dropped = Set(owners.filter { $0.1 == .dangling || $0.1 == .waitingForDependents }.map(\.0.uid))
            return dropped.isEmpty ? .none : .removeOwnerReferences(dropped)
        }
        if states.contains(.waitingForDependents) && hasDependents {
            return .delete(.foreground)
        }
        return .delete(PropagationPolicy.kept(by: node.finalizers))
    }
}
