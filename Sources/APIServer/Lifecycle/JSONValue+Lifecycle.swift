import KubeModel

extension JSONValue {
    /// `metadata.finalizers`.
    var finalizers: [String] {
        (self["metadata"]?["finalizers"]?.arrayValue ?? []).compactMap(\.stringValue)
    }

    /// Sets `metadata.finalizers`, removing the member when the list is empty.
    mutating func setFinalizers(_ finalizers: [String]) {
        self["metadata"]?["finalizers"] = finalizers.isEmpty ? nil : .array(finalizers.map { .string($0) })
    }

    /// Whether `metadata.deletionTimestamp` is set.
    var isBeingDeleted: Bool {
        !self.metadataString("deletionTimestamp").isEmpty
    }

    /// A namespace's `spec.finalizers` (`kubernetes` until the namespace controller removed its content).
    var namespaceFinalizers: [String] {
        (self["spec"]?["finalizers"]?.arrayValue ?? []).compactMap(\.stringValue)
    }

    /// Whether the object is a core `v1` Namespace.
    var isNamespace: Bool {
        self.apiVersion == "v1" && self.kind == "Namespace"
    }
}
