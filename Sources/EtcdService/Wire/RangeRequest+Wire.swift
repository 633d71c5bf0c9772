import EtcdWire
import StoreCore

extension RangeRequest {
    /// Reads etcd's `RangeRequest`.
    init(wire: Etcdserverpb_RangeRequest) {
        let order: SortOrder =
            switch wire.sortOrder {
            case .ascend: .ascend
            case .descend: .descend
            default: .none
            }
        let target: SortTarget =
            switch wire.sortTarget {
            case .version: .version
            case .create: .createRevision
            case .mod: .modRevision
            case .value: .value
            default: .key
            }
        self.init(
            range: KeyRange(key: wire.key, rangeEnd: wire.rangeEnd),
            limit: wire.limit,
            revision: wire.revision,
            sortOrder: order,
            sortTarget: target,
            serializable: wire.serializable,
            keysOnly: wire.keysOnly,
            countOnly: wire.countOnly,
            minModRevision: wire.minModRevision,
            maxModRevision: wire.maxModRevision,
            minCreateRevision: wire.minCreateRevision,
            maxCreateRevision: wire.maxCreateRevision
        )
    }
}

extension RangeResponse {
    func wire(_ header: Etcdserverpb_ResponseHeader) -> Etcdserverpb_RangeResponse {
        var message = Etcdserverpb_RangeResponse()
        message.header = header
        message.kvs = kvs.map(\.wire)
        message.more = more
        message.count = count
        return message
    }
}
