import EtcdWire
import StoreCore

extension Compare {
    /// The predicate as etcd's `Compare`: the target names the field, the union carries the operand.
    var protobuf: Etcdserverpb_Compare {
        var message = Etcdserverpb_Compare()
        message.key = range.start
        message.rangeEnd = range.end
        message.result =
            switch result {
            case .equal: .equal
            case .greater: .greater
            case .less: .less
            case .notEqual: .notEqual
            }
        switch target {
        case .version(let version): (message.target, message.version) = (.version, version)
        case .createRevision(let revision): (message.target, message.createRevision) = (.create, revision)
        case .modRevision(let revision): (message.target, message.modRevision) = (.mod, revision)
        case .value(let value): (message.target, message.value) = (.value, value)
        case .lease(let lease): (message.target, message.lease) = (.lease, lease)
        }
        return message
    }
}
