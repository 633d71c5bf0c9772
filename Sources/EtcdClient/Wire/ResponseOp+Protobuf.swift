import EtcdWire
import StoreCore

extension ResponseOp {
    /// Reads one operation's result from etcd's `ResponseOp`; nil if it carries none.
    /// - Parameter enclosingRevision: the revision of the transaction the operation ran in.
    init?(protobuf message: Etcdserverpb_ResponseOp, enclosingRevision: Revision) {
        switch message.response {
        case .responseRange(let response): self = .range(RangeResponse(protobuf: response))
        case .responsePut(let response): self = .put(PutResponse(protobuf: response))
        case .responseDeleteRange(let response): self = .deleteRange(DeleteRangeResponse(protobuf: response))
        case .responseTxn(let response):
            self = .txn(TxnResponse(protobuf: response, enclosingRevision: enclosingRevision))
        case nil: return nil
        }
    }
}
