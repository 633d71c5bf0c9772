import KubeModel
import StoreCore

/// Turns store events into Kubernetes watch events (`{"type":…,"object":…}` lines, or
/// length-prefixed `WatchEvent` frames in protobuf), applying the
/// watcher's selectors the way kube-apiserver does: an object that starts matching is `ADDED`, one
/// that stops matching is `DELETED`. Selectors see objects in the storage version; the lines
/// carry them in the watched version.
struct WatchEventEncoder: Sendable {
    let definition: ResourceDefinition
    let version: ServedVersion
    let format: ResponseFormat
    let request: APIRequest

    /// The `Content-Type` of the stream.
    var contentType: String { self.format.isProtobuf ? KubeProtobuf.watchContentType : "application/json" }

    /// One event line for an object of the storage version.
    func event(_ type: String, _ object: JSONValue) -> [UInt8] {
        let rendered: JSONValue
        switch self.format.representation {
        case .table:
            rendered = TableConverter(definition: self.definition, serve: self.version.served).table(
                for: [object], listResourceVersion: nil, continueToken: nil, request: self.request
            )
        case .partialObjectMetadata:
            rendered = ResourceHandler.partialMetadata(object)
        case .object:
            rendered = self.version.served(object)
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
    func encode(_ cached: CachedEvent, filter: (@Sendable (JSONValue) -> Bool)?) throws(StatusError) -> [UInt8] {
        var (current, previous) = try cached.objects()
        if self.version.converts {
            // Objects written before the conversions existed may be stored in another version.
            current = current.map { self.version.stored($0) }
            previous = previous.map { self.version.stored($0) }
        }
        let matchedBefore = previous.map { filter?($0) ?? true } ?? false
        guard let current else {
            guard let previous, matchedBefore else { return [] }
            return self.line("DELETED", previous, cached)
        }
        switch (matchedBefore, filter?(current) ?? true) {
        case (false, true): return self.line("ADDED", current, cached)
        case (true, true): return self.line("MODIFIED", current, cached)
        case (true, false): return self.line("DELETED", current, cached)
        case (false, false): return []
        }
    }

    /// A line, shared through the cached event between the watchers of the same version and
    /// encoding when the plain representation is asked.
    private func line(_ type: String, _ object: JSONValue, _ cached: CachedEvent) -> [UInt8] {
        guard self.format.representation == .object else { return self.event(type, object) }
        return cached.line(type: type, version: self.version.servedKind.groupVersion, protobuf: self.format.isProtobuf) {
            self.event(type, object)
        }
    }
}
