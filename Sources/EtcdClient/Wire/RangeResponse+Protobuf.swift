import EtcdWire
import StoreCore

extension RangeResponse {
    /// Reads etcd's `RangeResponse`; the revision is the header's.
    init(protobuf message: Etcdserverpb_RangeResponse) {
        self.init(
            revision: message.header.revision, kvs: message.kvs.map(KeyValue.init(protobuf:)), more: message.more,
            count: message.count)
    }
}
