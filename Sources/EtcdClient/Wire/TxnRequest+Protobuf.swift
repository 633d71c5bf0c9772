import EtcdWire
import StoreCore

extension TxnRequest {
    /// The transaction as etcd's `TxnRequest`, nested transactions included.
    var protobuf: Etcdserverpb_TxnRequest {
        var message = Etcdserverpb_TxnRequest()
        message.compare = compare.map(\.protobuf)
        message.success = success.map(\.protobuf)
        message.failure = failure.map(\.protobuf)
        return message
    }
}
