import EtcdWire
import StoreCore

extension TxnRequest {
    /// Reads etcd's `TxnRequest`, nested transactions included.
    init(wire: Etcdserverpb_TxnRequest) {
        self.init(
            compare: wire.compare.map(Compare.init(wire:)),
            success: wire.success.compactMap(RequestOp.init(wire:)),
            failure: wire.failure.compactMap(RequestOp.init(wire:))
        )
    }
}

extension Compare {
    init(wire: Etcdserverpb_Compare) {
        let result: Result =
            switch wire.result {
            case .greater: .greater
            case .less: .less
            case .notEqual: .notEqual
            default: .equal
            }
        let target: Target =
            switch wire.target {
            case .create: .createRevision(wire.createRevision)
            case .mod: .modRevision(wire.modRevision)
            case .value: .value(wire.value)
            case .lease: .lease(wire.lease)
            default: .version(wire.version)
            }
        self.init(range: KeyRange(key: wire.key, rangeEnd: wire.rangeEnd), target: target, result: result)
    }
}

extension RequestOp {
    /// Reads one operation; an empty operation (no request set) is skipped, as etcd does.
    init?(wire: Etcdserverpb_RequestOp) {
        switch wire.request {
        case .requestRange(let range): self = .range(RangeRequest(wire: range))
        case .requestPut(let put): self = .put(PutRequest(wire: put))
        case .requestDeleteRange(let delete): self = .deleteRange(DeleteRangeRequest(wire: delete))
        case .requestTxn(let txn): self = .txn(TxnRequest(wire: txn))
        case nil: return nil
        }
    }
}

extension TxnResponse {
    /// The response as etcd sends it: the top-level header filled in, headers of nested
    /// operations carrying only their revision, and nested transactions an empty header.
    func wire(_ header: Etcdserverpb_ResponseHeader) -> Etcdserverpb_TxnResponse {
        var message = Etcdserverpb_TxnResponse()
        message.header = header
        message.succeeded = succeeded
        message.responses = responses.map { response in
            var op = Etcdserverpb_ResponseOp()
            switch response {
            case .range(let range): op.responseRange = range.wire(.revisionOnly(range.revision))
            case .put(let put): op.responsePut = put.wire(.revisionOnly(put.revision))
            case .deleteRange(let delete): op.responseDeleteRange = delete.wire(.revisionOnly(delete.revision))
            case .txn(let txn): op.responseTxn = txn.wire(Etcdserverpb_ResponseHeader())
            }
            return op
        }
        return message
    }
}

extension Etcdserverpb_ResponseHeader {
    /// A header carrying only a revision, as etcd puts on responses nested in a transaction.
    static func revisionOnly(_ revision: Revision) -> Self {
        var header = Self()
        header.revision = revision
        return header
    }
}
