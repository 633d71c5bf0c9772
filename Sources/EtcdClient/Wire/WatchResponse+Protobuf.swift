import EtcdWire
import StoreCore

extension WatchResponse {
    /// Reads etcd's `WatchResponse` (a whole one: fragments are joined before); the revision is
    /// the header's.
    /// - Parameter allowsFragments: whether the watcher was created with `fragment`.
    init(protobuf message: Etcdserverpb_WatchResponse, allowsFragments: Bool) {
        self.init(
            revision: message.header.revision,
            watchID: message.watchID,
            created: message.created,
            canceled: message.canceled,
            compactRevision: message.compactRevision,
            cancelReason: message.cancelReason,
            events: message.events.map(Event.init(protobuf:)),
            allowsFragments: allowsFragments)
    }
}
