import KubeModel

/// What a delete does with the objects that name the deleted one in their `ownerReferences`
/// (`DeleteOptions.propagationPolicy`).
enum PropagationPolicy: String, Sendable, CaseIterable {
    /// The dependents stay, without their reference to the owner (finalizer `orphan`).
    case orphan = "Orphan"
    /// The owner goes at once; the garbage collector deletes the dependents afterwards.
    case background = "Background"
    /// The owner stays (finalizer `foregroundDeletion`) until its blocking dependents are gone.
    case foreground = "Foreground"

    /// The finalizer the garbage collector removes once the dependents are orphaned.
    static let orphanFinalizer = "orphan"
    /// The finalizer the garbage collector removes once no blocking dependent is left.
    static let foregroundFinalizer = "foregroundDeletion"

    /// kube-apiserver's default for a delete that names no policy: `Orphan` for core `v1`
    /// ReplicationControllers and `batch/v1` Jobs (kept for backward compatibility by their REST
    /// strategies), `Background` for everything else.
    static func defaultPolicy(for resource: GroupVersionResource) -> PropagationPolicy {
        switch (resource.group, resource.version, resource.resource) {
        case ("", "v1", "replicationcontrollers"), ("batch", "v1", "jobs"): .orphan
        default: .background
        }
    }

    /// The policy the garbage collector deletes an owner-less object with: the one its own
    /// finalizers ask for, else `Background`.
    static func kept(by finalizers: [String]) -> PropagationPolicy {
        if finalizers.contains(Self.orphanFinalizer) { return .orphan }
        if finalizers.contains(Self.foregroundFinalizer) { return .foreground }
        return .background
    }
}
