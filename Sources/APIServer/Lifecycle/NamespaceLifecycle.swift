import KubeModel

/// The names kube-apiserver's namespace lifecycle (admission, registry and controller) agree on.
enum NamespaceLifecycle {
    /// Core `v1` namespaces.
    static let namespaces = GroupVersionResource(group: "", version: "v1", resource: "namespaces")
    /// The namespaces that may not be deleted (kube-apiserver's immortal namespaces).
    static let immortal: Set<String> = ["default", "kube-system", "kube-public"]
    /// The phase of a namespace being deleted.
    static let terminating = "Terminating"
    /// The cause type of a create refused because its namespace is terminating.
    static let terminatingCause = "NamespaceTerminating"
    /// The `spec.finalizers` entry the namespace controller removes once the content is gone.
    static let finalizer = "kubernetes"
}
