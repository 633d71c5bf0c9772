import EtcdWire
import StoreCore

extension KeyValue {
    /// Reads etcd's `mvccpb.KeyValue`.
    init(protobuf message: Mvccpb_KeyValue) {
        self.init(
            key: message.key, createRevision: message.createRevision, modRevision: message.modRevision,
            version: message.version, value: message.value, lease: message.lease)
    }
}
