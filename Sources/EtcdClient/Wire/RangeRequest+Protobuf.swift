import EtcdWire
import StoreCore

extension RangeRequest {
    /// The request as etcd's `RangeRequest`.
    var protobuf: Etcdserverpb_RangeRequest {
        var message = Etcdserverpb_RangeRequest()
        message.key = range.start
        message.rangeEnd = range.end
        message.limit = limit
        message.revision = revision
        message.sortOrder =
            switch sortOrder {
            case .none: .none
            case .ascend: .ascend
            case .descend: .descend
            }
        message.sortTarget =
            switch sortTarget {
            case .key: .key
            case .version: .version
            case .createRevision: .create
            case .modRevision: .mod
            case .value: .value
            }
        message.serializable = serializable
        message.keysOnly = keysOnly
        message.countOnly = countOnly
        message.minModRevision = minModRevision
        message.maxModRevision = maxModRevision
        message.minCreateRevision = minCreateRevision
        message.maxCreateRevision = maxCreateRevision
        return message
    }
}
