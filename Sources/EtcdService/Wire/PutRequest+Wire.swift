import EtcdWire
import StoreCore

extension PutRequest {
    /// Reads etcd's `PutRequest`.
    init(wire: Etcdserverpb_PutRequest) {
        self.init(
            key: wire.key, value: wire.value, lease: wire.lease, prevKV: wire.prevKv,
            ignoreValue: wire.ignoreValue, ignoreLease: wire.ignoreLease)
    }
}

extension PutResponse {
    func wire(_ header: Etcdserverpb_ResponseHeader) -> Etcdserverpb_PutResponse {
        var message = Etcdserverpb_PutResponse()
        message.header = header
        if let prevKV { message.prevKv = prevKV.wire }
        return message
    }
}
