import KubeModel
import StoreCore

/// Turns store events into Kubernetes watch events (`{"type":…,"object":…}` lines), applying the
/// watcher's selectors the way kube-apiserver does: an object that starts matching is `ADDED`, one
/// that stops matching is `DELETED`.
struct WatchEventEncoder: Sendable {
    let definition: ResourceDefinition
    let representation: Representation
    let request: APIRequest

    /// One event line.
    func event(_ type: String, _ object: JSONValue) -> [UInt8] {
        let rendered: JSONValue
        switch self.representation {
        case .table:
            rendered = TableConverter(definition: self.definition).table(
                for: [object], listResourceVersion: nil, continueToken: nil, request: self.request
            )
        case .partialObjectMetadata:
            rendered = ResourceHandler.partialMetadata(object)
        case .object:
            rendered = object
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
    func encode(_ event: Event, filter: (@Sendable (JSONValue) -> Bool)?) throws(StatusError) -> [UInt8] {
        switch event.kind {
        case .put:
            let object = try ObjectStore.decode(event.kv)
            let matches = filter?(object) ?? true
            let previous = try event.prevKV.map { kv throws(StatusError) in try ObjectStore.decode(kv) }
            let matchedBefore = previous.map { filter?($0) ?? true } ?? false
            switch (matchedBefore, matches) {
            case (false, true): return self.event("ADDED", object)
            case (true, true): return self.event("MODIFIED", object)
            case (true, false): return self.event("DELETED", object)
            case (false, false): return []
            }
        case .delete:
            guard let previousKV = event.prevKV else { return [] }
            var object = try ObjectStore.decode(previousKV)
            guard filter?(object) ?? true else { return [] }
            object.setMetadataString("resourceVersion", String(event.kv.modRevision))
            return self.event("DELETED", object)
        }
    }
}
