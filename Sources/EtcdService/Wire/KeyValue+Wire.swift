import EtcdWire
import StoreCore

extension KeyValue {
    /// The pair as etcd's `mvccpb.KeyValue`.
    var wire: Mvccpb_KeyValue {
        var message = Mvccpb_KeyValue()
        message.key = key
        message.createRevision = createRevision
        message.modRevision = modRevision
        message.version = version
        message.value = value
        message.lease = lease
        return message
    }
}

extension Event {
    /// The event as etcd's `mvccpb.Event`.
    var wire: Mvccpb_Event {
        var message = Mvccpb_Event()
        message.type = kind == .put ? .put : .delete
        message.kv = kv.wire
        if let prevKV { message.prevKv = prevKV.wire }
        return message
    }
}
