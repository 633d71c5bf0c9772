import KubeModel
import StoreCore
import Synchronization

/// One store event on its way to any number of watchers: the objects are decoded once, and the
/// plain event line is serialized once per event type, watched version and encoding (core `v1` and
/// `events.k8s.io/v1` watchers share the events' cache), however many watchers receive it.
final class CachedEvent: Sendable {
    /// The store event (with the previous value).
    let event: Event
    private let memo = Mutex<Memo>(Memo())

    private struct Memo {
        var decoded: (current: JSONValue?, previous: JSONValue?)?
        var lines: [LineKey: [UInt8]] = [:]
    }

    private struct LineKey: Hashable {
        var type: String
        var version: GroupVersion
        var protobuf: Bool
    }

    init(_ event: Event) {
        self.event = event
    }

    /// The revision the event happened at.
    var revision: Revision { self.event.kv.modRevision }

    /// The object after the event (`nil` for a delete) and before it (`nil` for a create), each
    /// with its `resourceVersion`; a deleted object carries the deletion's revision.
    func objects() throws(StatusError) -> (current: JSONValue?, previous: JSONValue?) {
        if let decoded = self.memo.withLock({ $0.decoded }) { return decoded }
        let decoded: (current: JSONValue?, previous: JSONValue?)
        switch self.event.kind {
        case .put:
            decoded = (try ObjectStore.decode(self.event.kv), try self.event.prevKV.map { kv throws(StatusError) in try ObjectStore.decode(kv) })
        case .delete:
            var previous = try self.event.prevKV.map { kv throws(StatusError) in try ObjectStore.decode(kv) }
            previous?.setMetadataString("resourceVersion", String(self.event.kv.modRevision))
            decoded = (nil, previous)
        }
        self.memo.withLock { $0.decoded = decoded }
        return decoded
    }

    /// The event line (or protobuf frame) of `type` for the plain object representation in
    /// `version`, once remembered.
    func line(type: String, version: GroupVersion, protobuf: Bool) -> [UInt8]? {
        self.memo.withLock { $0.lines[LineKey(type: type, version: version, protobuf: protobuf)] }
    }

    /// Remembers the event line (or protobuf frame) of `type` for the plain object representation
    /// in `version`.
    func remember(_ line: [UInt8], type: String, version: GroupVersion, protobuf: Bool) {
        self.memo.withLock { $0.lines[LineKey(type: type, version: version, protobuf: protobuf)] = line }
    }
}
