import EtcdWire
import StoreCore

extension LeaseGrantResponse {
    /// Reads etcd's `LeaseGrantResponse`; the revision is the header's.
    init(protobuf message: Etcdserverpb_LeaseGrantResponse) {
        self.init(revision: message.header.revision, id: message.id, ttl: message.ttl)
    }
}
