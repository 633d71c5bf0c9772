import EtcdWire
import StoreCore

extension PutResponse {
    /// Reads etcd's `PutResponse`; the revision is the header's.
    init(protobuf message: Etcdserverpb_PutResponse) {
        self.init(
            revision: message.header.revision, prevKV: message.hasPrevKv ? KeyValue(protobuf: message.prevKv) : nil)
    }
}
