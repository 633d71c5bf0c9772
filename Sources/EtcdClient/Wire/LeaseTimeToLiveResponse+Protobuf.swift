import EtcdWire
import StoreCore

extension LeaseTimeToLiveResponse {
    /// Reads etcd's `LeaseTimeToLiveResponse`; the revision is the header's.
    init(protobuf message: Etcdserverpb_LeaseTimeToLiveResponse) {
        self.init(
            revision: message.header.revision, id: message.id, ttl: message.ttl, grantedTTL: message.grantedTtl,
            keys: message.keys)
    }
}
