import EtcdWire
import StoreCore

extension RequestOp {
    /// The operation as etcd's `RequestOp`.
    var protobuf: Etcdserverpb_RequestOp {
        var message = Etcdserverpb_RequestOp()
        switch self {
        case .range(let request): message.requestRange = request.protobuf
        case .put(let request): message.requestPut = request.protobuf
        case .deleteRange(let request): message.requestDeleteRange = request.protobuf
        case .txn(let request): message.requestTxn = request.protobuf
        }
        return message
    }
}
