import EtcdWire
import StoreCore

extension Event {
    /// Reads etcd's `mvccpb.Event`.
    init(protobuf message: Mvccpb_Event) {
        self.init(
            kind: message.type == .delete ? .delete : .put,
            kv: KeyValue(protobuf: message.kv),
            prevKV: message.hasPrevKv ? KeyValue(protobuf: message.prevKv) : nil)
    }
}
