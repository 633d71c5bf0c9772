extension ServerSideApply {
    /// Who is writing: the field manager, the API version and subresource of the request, and the
    /// time to stamp on the entry.
    public struct Writer: Sendable {
        public var manager: String
        public var apiVersion: String
        public var subresource: String
        public var time: String

        public init(manager: String, apiVersion: String, subresource: String, time: String) {
            self.manager = manager
            self.apiVersion = apiVersion
            self.subresource = subresource
            self.time = time
        }
    }

    /// The entries of an object's `metadata.managedFields`.
    public static func entries(of object: JSONValue?) -> [ManagedFieldsEntry] {
        (object?["metadata"]?["managedFields"]?.arrayValue ?? []).compactMap(ManagedFieldsEntry.init)
    }

    /// Records a create, update or patch: the fields it changed become the writer's (an `Update`
    /// entry), and no longer anybody else's. A write that sets `managedFields` to an empty list
    /// clears them, as kube-apiserver lets clients do.
    public static func recordUpdate(from old: JSONValue?, to new: inout JSONValue, by writer: Writer, schema: JSONValue?) {
        if new["metadata"]?["managedFields"]?.arrayValue?.isEmpty == true {
            new["metadata"]?["managedFields"] = nil
            return
        }
        var entries = Self.entries(of: old)
        let changed = Self.changedFields(from: old.map(Self.withoutManagedFields), to: Self.withoutManagedFields(new), schema: schema)
        if !changed.isEmpty {
            for index in entries.indices { entries[index].fields = entries[index].fields.subtracting(changed) }
            Self.record(changed, operation: "Update", by: writer, in: &entries, replacing: false, touch: true)
        }
        Self.store(entries, in: &new, schema: schema)
    }

    /// Applies a configuration to the live object (or to nothing, creating it) for `writer`:
    /// merged by the schema, fields the writer applied before and dropped now removed unless
    /// another manager owns them, and the writer's `Apply` entry set to the applied fields.
    ///
    /// - Throws: kube-apiserver's `409` listing the fields other managers own that the apply would
    ///   change, unless `force` takes them over.
    public static func apply(
        _ applied: JSONValue, to live: JSONValue?, by writer: Writer, force: Bool, schema: JSONValue?
    ) throws(StatusError) -> JSONValue {
        let structure = StructureSchema(schema)
        let appliedFields = Self.appliedFields(Self.withoutManagedFields(applied), schema: schema)
        var entries = Self.entries(of: live)
        let current = live.map(Self.withoutManagedFields) ?? .object(JSONObject())
        var merged = Self.merge(Self.withoutManagedFields(applied), into: current, schema: schema)

        var conflicts: [(entry: Int, path: FieldSet.Path)] = []
        if live != nil {
            for path in appliedFields.leaves {
                let before = Self.value(at: path, in: current, schema: structure)
                guard before != nil, before != Self.value(at: path, in: merged, schema: structure) else { continue }
                for (index, entry) in entries.enumerated()
                where !entry.records(manager: writer.manager, operation: "Apply", apiVersion: writer.apiVersion, subresource: writer.subresource)
                    && entry.fields.contains(path) {
                    conflicts.append((index, path))
                }
            }
        }
        if !conflicts.isEmpty {
            guard force else { throw Self.conflictError(conflicts.map { (entries[$0.entry], $0.path) }) }
            for conflict in conflicts {
                var taken = FieldSet()
                taken.insert(conflict.path)
                entries[conflict.entry].fields = entries[conflict.entry].fields.subtracting(taken)
            }
        }

        let mine = entries.firstIndex {
            $0.records(manager: writer.manager, operation: "Apply", apiVersion: writer.apiVersion, subresource: writer.subresource)
        }
        let previous = mine.map { entries[$0].fields } ?? FieldSet()
        let others = entries.enumerated().filter { $0.offset != mine }.reduce(FieldSet()) { $0.union($1.element.fields) }
        let dropped = previous.subtracting(appliedFields).subtracting(others)
        if !dropped.isEmpty {
            merged = Self.remove(dropped, from: merged, schema: schema)
        }
        // An apply that changes nothing leaves the object as it was, its entry's time included.
        let changes = previous != appliedFields || merged != current
        Self.record(appliedFields, operation: "Apply", by: writer, in: &entries, replacing: true, touch: changes)
        Self.store(entries, in: &merged, schema: schema)
        return merged
    }

    private static func withoutManagedFields(_ object: JSONValue) -> JSONValue {
        guard object["metadata"]?["managedFields"] != nil else { return object }
        var stripped = object
        stripped["metadata"]?["managedFields"] = nil
        return stripped
    }

    /// Puts `fields` into the writer's entry for `operation` (added to it, or replacing it), stamping
    /// the write's time when `touch` is set.
    private static func record(
        _ fields: FieldSet, operation: String, by writer: Writer, in entries: inout [ManagedFieldsEntry], replacing: Bool,
        touch: Bool
    ) {
        if let index = entries.firstIndex(where: {
            $0.records(manager: writer.manager, operation: operation, apiVersion: writer.apiVersion, subresource: writer.subresource)
        }) {
            entries[index].fields = replacing ? fields : entries[index].fields.union(fields)
            if touch {
                entries[index].time = writer.time
                entries[index].apiVersion = writer.apiVersion
            }
        } else {
            entries.append(ManagedFieldsEntry(
                manager: writer.manager, operation: operation, apiVersion: writer.apiVersion, time: writer.time,
                subresource: writer.subresource, fields: fields
            ))
        }
    }

    /// Writes the entries into the object, each cut down to fields the object has; empty ones go.
    private static func store(_ entries: [ManagedFieldsEntry], in object: inout JSONValue, schema: JSONValue?) {
        let existing = Self.existingFields(Self.withoutManagedFields(object), schema: schema)
        let kept: [JSONValue] = entries.compactMap { entry in
            var entry = entry
            entry.fields = entry.fields.intersection(existing)
            return entry.fields.isEmpty ? JSONValue?.none : entry.json
        }
        object["metadata"]?["managedFields"] = kept.isEmpty ? JSONValue?.none : .array(kept)
    }

    /// kube-apiserver's apply conflict: `409` with one `FieldManagerConflict` cause per field.
    static func conflictError(_ conflicts: [(entry: ManagedFieldsEntry, path: FieldSet.Path)]) -> StatusError {
        let causes = conflicts.map { conflict in
            StatusCause(type: "FieldManagerConflict", message: "conflict with \(conflict.entry.described)", field: FieldSet.describe(conflict.path))
        }
        let message: String
        if let only = conflicts.first, conflicts.count == 1 {
            message = "Apply failed with 1 conflict: conflict with \(only.entry.described): \(FieldSet.describe(only.path))"
        } else {
            var byManager: [String: [String]] = [:]
            for conflict in conflicts { byManager[conflict.entry.described, default: []].append(FieldSet.describe(conflict.path)) }
            let lines = byManager.keys.sorted().flatMap { manager in
                ["conflicts with \(manager):"] + byManager[manager]!.map { "- \($0)" }
            }
            message = "Apply failed with \(conflicts.count) conflicts: " + lines.joined(separator: "\n")
        }
        return StatusError(code: 409, reason: "Conflict", message: message, causes: causes)
    }
}
