/// How the garbage collector finds one owner a dependent names.
enum OwnerState: Sendable, Hashable {
    /// It exists with the uid the reference names and is not waiting for its dependents.
    case solid
    /// It exists and is being deleted in the foreground (finalizer `foregroundDeletion`).
    case waitingForDependents
    /// It does not exist, or an object of that name has another uid (the owner was recreated).
    case dangling
    /// It cannot be looked up: its kind is not served, or a cluster-scoped dependent names a
    /// namespaced owner (kube leaves such dependents alone).
    case unresolvable
}
