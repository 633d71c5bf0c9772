import EtcdWire
import StoreCore

extension WatchCreateRequest {
    /// The request as etcd's `WatchRequest` carrying a `WatchCreateRequest`.
    var protobuf: Etcdserverpb_WatchRequest {
        var create = Etcdserverpb_WatchCreateRequest()
        create.key = range.start
        create.rangeEnd = range.end
        create.startRevision = startRevision
        create.progressNotify = progressNotify
        if filterPuts { create.filters.append(.noput) }
        if filterDeletes { create.filters.append(.nodelete) }
        create.prevKv = prevKV
        create.watchID = watchID
        create.fragment = fragment
        var message = Etcdserverpb_WatchRequest()
        message.createRequest = create
        return message
    }
}
