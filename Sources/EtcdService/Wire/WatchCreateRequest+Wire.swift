import EtcdWire
import StoreCore

extension WatchCreateRequest {
    /// Reads etcd's `WatchCreateRequest`.
    init(wire: Etcdserverpb_WatchCreateRequest) {
        self.init(
            range: KeyRange(key: wire.key, rangeEnd: wire.rangeEnd),
            startRevision: wire.startRevision,
            progressNotify: wire.progressNotify,
            filterPuts: wire.filters.contains(.noput),
            filterDeletes: wire.filters.contains(.nodelete),
            prevKV: wire.prevKv,
            watchID: wire.watchID,
            fragment: wire.fragment
        )
    }
}

extension WatchResponse {
    func wire(_ header: Etcdserverpb_ResponseHeader) -> Etcdserverpb_WatchResponse {
        var message = Etcdserverpb_WatchResponse()
        message.header = header
        message.watchID = watchID
        message.created = created
        message.canceled = canceled
        message.compactRevision = compactRevision
        message.cancelReason = cancelReason
        message.events = events.map(\.wire)
        return message
    }
}
