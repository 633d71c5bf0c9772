import KubeModel
import StoreCore

/// Turns store events into Kubernetes watch events (`{"type":…,"object":…}` lines, or
/// length-prefixed `WatchEvent` frames in protobuf), applying the
/// watcher's selectors the way kube-apiserver does: an object that starts matching is `ADDED`, one
/// that stops matching is `DELETED`. Selectors see objects in the storage version (custom
/// resources: as stored); the lines carry them in the watched version, converted once per event
/// and version when the plain representation is asked (``CachedEvent``).
struct WatchEventEncoder: Sendable {
    let definition: ResourceDefinition
    let version: ServedVersion
    let format: ResponseFormat
    let request: APIRequest

    /// The `Content-Type` of the stream.
    var contentType: String { self.format.isProtobuf ? KubeProtobuf.watchContentType : "application/json" }

    /// One event line (or frame) for an object, given in the storage version and as the watched
    /// version serves it.
    func event(_ type: String, _ object: JSONValue, served: JSONValue) -> [UInt8] {
        let rendered: JSONValue
        switch self.format.representation {
        case .table:
            rendered = TableConverter(definition: self.definition).table(
                for: [object], served: [served], listResourceVersion: nil, continueToken: nil, request: self.request
            )
        case .partialObjectMetadata:
            rendered = ResourceHandler.partialMetadata(object)
        case .object:
            rendered = served
        }
        return self.frame(type, rendered)
    }

    /// An `ERROR` event carrying a `Status`.
    func error(_ status: StatusError) -> [UInt8] {
        self.frame("ERROR", status.status)
    }

    /// One event as the stream's format writes it: a JSON line or a protobuf frame. An object that
    /// does not fit its protobuf schema becomes an `ERROR` event with a `500` `Status`.
    private func frame(_ type: String, _ object: JSONValue) -> [UInt8] {
        guard self.format.isProtobuf else {
            var line = JSONValue.object(["type": .string(type), "object": object]).serialized()
            line.append(UInt8(ascii: "\n"))
            return line
        }
        do {
            return try KubeProtobuf.encodeWatchEvent(type: type, object: object)
        } catch {
            let status = StatusError.internalError("encoding the watch event as protobuf: \(error)").status
            return (try? KubeProtobuf.encodeWatchEvent(type: "ERROR", object: status)) ?? []
        }
    }

    /// A `BOOKMARK` event: an object of the watched kind carrying only a `resourceVersion`.
    func bookmark(revision: Revision) -> [UInt8] {
        let object: JSONValue = [
            "kind": .string(self.definition.kind), "apiVersion": .string(self.definition.resource.groupVersion.apiVersion),
            "metadata": ["resourceVersion": .string(String(revision))],
        ]
        return self.frame("BOOKMARK", object)
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

    /// A line (or frame), shared through the cached event between the watchers of the same
    /// version and encoding when the plain representation is asked (so a CRD's conversion webhook
    /// converts the event once).
    private func line(_ type: String, _ object: JSONValue, _ cached: CachedEvent) async throws(StatusError) -> [UInt8] {
        guard self.format.representation == .object else {
            return self.event(type, object, served: try await self.version.served(object))
        }
        let groupVersion = self.version.servedKind.groupVersion
        let protobuf = self.format.isProtobuf
        if let line = cached.line(type: type, version: groupVersion, protobuf: protobuf) { return line }
        let line = self.event(type, object, served: try await self.version.served(object))
        cached.remember(line, type: type, version: groupVersion, protobuf: protobuf)
        return line
    }
}
