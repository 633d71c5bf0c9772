import EtcdWire
import StoreCore

extension DeleteRangeResponse {
    /// Reads etcd's `DeleteRangeResponse`; the revision is the header's.
    init(protobuf message: Etcdserverpb_DeleteRangeResponse) {
        self.init(
            revision: message.header.revision, deleted: message.deleted,
            prevKVs: message.prevKvs.map(KeyValue.init(protobuf:)))
    }
}
