import EtcdWire
import StoreCore

extension DeleteRangeRequest {
    /// The request as etcd's `DeleteRangeRequest`.
    var protobuf: Etcdserverpb_DeleteRangeRequest {
        var message = Etcdserverpb_DeleteRangeRequest()
        message.key = range.start
        message.rangeEnd = range.end
        message.prevKv = prevKV
        return message
    }
}
