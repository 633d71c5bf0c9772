extension JSONValue {
    /// `apiVersion`.
    public var apiVersion: String? {
        get { self["apiVersion"]?.stringValue }
        set { self["apiVersion"] = newValue.map(JSONValue.string) }
    }

    /// `kind`.
    public var kind: String? {
        get { self["kind"]?.stringValue }
        set { self["kind"] = newValue.map(JSONValue.string) }
    }

    /// `metadata`, read and written as a whole.
    public var metadata: JSONValue {
        get { self["metadata"] ?? .object(JSONObject()) }
        set { self["metadata"] = newValue }
    }

    /// A string member of `metadata` (`name`, `namespace`, `resourceVersion`, …); empty when absent.
    public func metadataString(_ field: String) -> String {
        self["metadata"]?[field]?.stringValue ?? ""
    }

    /// Sets a string member of `metadata`; an empty value removes it.
    public mutating func setMetadataString(_ field: String, _ value: String) {
        var metadata = self["metadata"] ?? .object(JSONObject())
        metadata[field] = value.isEmpty ? nil : .string(value)
        self["metadata"] = metadata
    }

    /// `metadata.name`.
    public var name: String { self.metadataString("name") }

    /// `metadata.namespace`.
    public var namespace: String { self.metadataString("namespace") }

    /// `metadata.resourceVersion`.
    public var resourceVersion: String { self.metadataString("resourceVersion") }

    /// `metadata.labels` as a dictionary (non-string values are skipped).
    public var labels: [String: String] {
        self.stringMap(at: "labels")
    }

    /// `metadata.annotations` as a dictionary (non-string values are skipped).
    public var annotations: [String: String] {
        self.stringMap(at: "annotations")
    }

    private func stringMap(at field: String) -> [String: String] {
        guard let object = self["metadata"]?[field]?.objectValue else { return [:] }
        var map: [String: String] = [:]
        for member in object {
            if let value = member.value.stringValue { map[member.key] = value }
        }
        return map
    }
}
