import KubeModel
import StoreCore

/// Turns store events into Kubernetes watch events (`{"type":…,"object":…}` lines), applying the
/// watcher's selectors the way kube-apiserver does: an object that starts matching is `ADDED`, one
/// that stops matching is `DELETED`. Selectors see objects in the storage version (custom
/// resources: as stored); the lines carry them in the watched version, converted once per event
/// and version when the plain representation is asked (``CachedEvent``).
struct WatchEventEncoder: Sendable {
    let definition: ResourceDefinition
    let version: ServedVersion
    let representation: Representation
    let request: APIRequest

    /// One event line for an object, given in the storage version and as the watched version serves it.
    func event(_ type: String, _ object: JSONValue, served: JSONValue) -> [UInt8] {
        let rendered: JSONValue
        switch self.representation {
        case .table:
            rendered = TableConverter(definition: self.definition).table(
                for: [object], served: [served], listResourceVersion: nil, continueToken: nil, request: self.request
            )
        case .partialObjectMetadata:
            rendered = ResourceHandler.partialMetadata(object)
        case .object:
            rendered = served
        }
        var line = JSONValue.object(["type": .string(type), "object": rendered]).serialized()
        line.append(UInt8(ascii: "\n"))
        return line
    }

    /// An `ERROR` event carrying a `Status`.
    func error(_ status: StatusError) -> [UInt8] {
        var line = JSONValue.object(["type": "ERROR", "object": status.status]).serialized()
        line.append(UInt8(ascii: "\n"))
        return line
    }

    /// A `BOOKMARK` event: an object of the watched kind carrying only a `resourceVersion`.
    func bookmark(revision: Revision) -> [UInt8] {
        let object: JSONValue = [
            "kind": .string(self.definition.kind), "apiVersion": .string(self.definition.resource.groupVersion.apiVersion),
            "metadata": ["resourceVersion": .string(String(revision))],
        ]
        var line = JSONValue.object(["type": "BOOKMARK", "object": object]).serialized()
        line.append(UInt8(ascii: "\n"))
        return line
    }

    /// The event line for one store event, or nothing when neither the old nor the new object
    /// matches the watcher's selectors.
    ///
    /// - Throws: ``StatusError`` when an object's conversion failed (a CRD's conversion webhook).
    func encode(_ cached: CachedEvent, filter: (@Sendable (JSONValue) -> Bool)?) async throws(StatusError) -> [UInt8] {
        var (current, previous) = try cached.objects()
        if self.version.converts && self.version.readsStorageVersion {
            // Objects written while another version was the storage version are stored in that one.
            let present = [current, previous].compactMap { $0 }
            var stored = try await self.version.stored(present)[...]
            if current != nil { current = stored.popFirst() }
            if previous != nil { previous = stored.popFirst() }
        }
        let matchedBefore = previous.map { filter?($0) ?? true } ?? false
        guard let current else {
            guard let previous, matchedBefore else { return [] }
            return try await self.line("DELETED", previous, cached)
        }
        switch (matchedBefore, filter?(current) ?? true) {
        case (false, true): return try await self.line("ADDED", current, cached)
        case (true, true): return try await self.line("MODIFIED", current, cached)
        case (true, false): return try await self.line("DELETED", current, cached)
        case (false, false): return []
        }
    }

    /// A line, shared through the cached event between the watchers of the same version when the
    /// plain representation is asked (so a CRD's conversion webhook converts the event once).
    private func line(_ type: String, _ object: JSONValue, _ cached: CachedEvent) async throws(StatusError) -> [UInt8] {
        guard self.representation == .object else {
            return self.event(type, object, served: try await self.version.served(object))
        }
        let groupVersion = self.version.servedKind.groupVersion
        if let line = cached.line(type: type, version: groupVersion) { return line }
        let line = self.event(type, object, served: try await self.version.served(object))
        cached.remember(line, type: type, version: groupVersion)
        return line
    }
}
