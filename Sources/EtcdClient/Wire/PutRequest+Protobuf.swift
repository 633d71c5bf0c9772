import EtcdWire
import StoreCore

extension PutRequest {
    /// The request as etcd's `PutRequest`.
    var protobuf: Etcdserverpb_PutRequest {
        var message = Etcdserverpb_PutRequest()
        message.key = key
        message.value = value
        message.lease = lease
        message.prevKv = prevKV
        message.ignoreValue = ignoreValue
        message.ignoreLease = ignoreLease
        return message
    }
}
