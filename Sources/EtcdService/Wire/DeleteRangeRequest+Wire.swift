import EtcdWire
import StoreCore

extension DeleteRangeRequest {
    /// Reads etcd's `DeleteRangeRequest`.
    init(wire: Etcdserverpb_DeleteRangeRequest) {
        self.init(range: KeyRange(key: wire.key, rangeEnd: wire.rangeEnd), prevKV: wire.prevKv)
    }
}

extension DeleteRangeResponse {
    func wire(_ header: Etcdserverpb_ResponseHeader) -> Etcdserverpb_DeleteRangeResponse {
        var message = Etcdserverpb_DeleteRangeResponse()
        message.header = header
        message.deleted = deleted
        message.prevKvs = prevKVs.map(\.wire)
        return message
    }
}
