import EtcdWire
import WharfGRPC
import StoreCore

/// The payload size of write requests, which etcd caps at `--max-request-bytes`.
enum RequestSize {
    /// Bytes of keys and values a put carries (the bulk of its encoded size).
    static func of(_ put: Etcdserverpb_PutRequest) -> Int {
        put.key.count + put.value.count + 16
    }

    /// Bytes of keys and values a transaction carries, nested transactions included.
    static func of(_ txn: Etcdserverpb_TxnRequest) -> Int {
        let compares = txn.compare.reduce(0) { $0 + $1.key.count + $1.rangeEnd.count + $1.value.count + 16 }
        return (txn.success + txn.failure).reduce(compares) { total, op in
            switch op.request {
            case .requestPut(let put): total + of(put)
            case .requestTxn(let nested): total + of(nested)
            case .requestRange(let range): total + range.key.count + range.rangeEnd.count + 16
            case .requestDeleteRange(let delete): total + delete.key.count + delete.rangeEnd.count + 16
            case nil: total
            }
        }
    }

    /// Refuses a request as etcd does: past `receiveLimit` with gRPC's ResourceExhausted, past
    /// `limit` with "etcdserver: request is too large".
    static func check(_ size: Int, limit: Int, receiveLimit: Int) throws {
        if size > receiveLimit {
            throw GRPCStatus(
                code: .resourceExhausted, message: "grpc: received message larger than max (\(size) vs. \(receiveLimit))")
        }
        if size > limit { throw StoreError.requestTooLarge }
    }
}
