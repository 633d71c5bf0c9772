import KubeModel

/// The `status.conditions` kube's namespace controller writes on a terminating namespace, with
/// its types, reasons and messages.
enum NamespaceConditions {
    /// The condition types in kube's order, with the reason and message of their healthy (`False`) state.
    private static let healthy: [(type: String, reason: String, message: String)] = [
        ("NamespaceDeletionDiscoveryFailure", "ResourcesDiscovered", "All resources successfully discovered"),
        ("NamespaceDeletionGroupVersionParsingFailure", "ParsedGroupVersions", "All legacy kube types successfully parsed"),
        ("NamespaceDeletionContentFailure", "ContentDeleted", "All content successfully deleted, may be waiting on finalization"),
        ("NamespaceContentRemaining", "ContentRemoved", "All content successfully removed"),
        ("NamespaceFinalizersRemaining", "ContentHasNoFinalizers", "All content-preserving finalizers finished"),
    ]

    /// The conditions for what is left in the namespace.
    ///
    /// - Parameters:
    ///   - remaining: Objects left per resource, keyed `<resource>.<group>` (`pods.`, `deployments.apps`).
    ///   - finalizers: Objects left per finalizer they carry.
    ///   - failures: Messages of deletes that failed, if any.
    ///   - previous: The conditions the namespace has; an unchanged condition keeps its `lastTransitionTime`.
    ///   - now: The time a changed condition is stamped with.
    static func conditions(
        remaining: [String: Int], finalizers: [String: Int], failures: [String], previous: [JSONValue], now: String
    ) -> [JSONValue] {
        var problems: [String: (reason: String, message: String)] = [:]
        if !failures.isEmpty {
            problems["NamespaceDeletionContentFailure"] = ("ContentDeletionFailed", "Failed to delete all resource types, \(failures.count) remaining: \(failures.sorted().joined(separator: ", "))")
        }
        let resources = remaining.filter { $0.value > 0 }.map { "\($0.key) has \($0.value) resource instances" }.sorted()
        if !resources.isEmpty {
            problems["NamespaceContentRemaining"] = ("SomeResourcesRemain", "Some resources are remaining: \(resources.joined(separator: ", "))")
        }
        let held = finalizers.filter { $0.value > 0 }.map { "\($0.key) in \($0.value) resource instances" }.sorted()
        if !held.isEmpty {
            problems["NamespaceFinalizersRemaining"] = ("SomeFinalizersRemain", "Some content in the namespace has finalizers remaining: \(held.joined(separator: ", "))")
        }
        return Self.healthy.map { condition in
            let (status, reason, message) = problems[condition.type].map { ("True", $0.reason, $0.message) }
                ?? ("False", condition.reason, condition.message)
            let old = previous.first { $0["type"]?.stringValue == condition.type }
            let unchanged = old?["status"]?.stringValue == status && old?["reason"]?.stringValue == reason
                && old?["message"]?.stringValue == message
            let stamp = unchanged ? (old?["lastTransitionTime"] ?? .string(now)) : .string(now)
            return [
                "type": .string(condition.type), "status": .string(status), "lastTransitionTime": stamp,
                "reason": .string(reason), "message": .string(message),
            ]
        }
    }
}
