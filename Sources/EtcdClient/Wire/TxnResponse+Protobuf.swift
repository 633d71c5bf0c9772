import EtcdWire
import StoreCore

extension TxnResponse {
    /// Reads etcd's `TxnResponse`, nested transactions included.
    ///
    /// etcd sends a nested transaction's response with an empty header, so a nested response
    /// takes the revision of the transaction that encloses it.
    /// - Parameter enclosingRevision: for a nested response, the enclosing transaction's revision.
    init(protobuf message: Etcdserverpb_TxnResponse, enclosingRevision: Revision = 0) {
        let revision = message.header.revision != 0 ? message.header.revision : enclosingRevision
        self.init(
            revision: revision,
            succeeded: message.succeeded,
            // etcd answers every operation of the branch; an empty answer has nothing to report.
            responses: message.responses.compactMap { ResponseOp(protobuf: $0, enclosingRevision: revision) })
    }
}
