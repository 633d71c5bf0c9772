public import EtcdWire
public import GRPCCore
public import StoreCore

/// etcd's Watch service (`etcdserverpb.Watch`): one bidirectional stream carries many watchers.
public struct WatchService: Etcdserverpb_Watch.SimpleServiceProtocol {
    let store: any KeyValueStore
    let member: EtcdMember

    public init(store: any KeyValueStore, member: EtcdMember) {
        self.store = store
        self.member = member
    }

    public func watch(
        request: RPCAsyncSequence<Etcdserverpb_WatchRequest, any Error>,
        response: RPCWriter<Etcdserverpb_WatchResponse>,
        context: ServerContext
    ) async throws {
        let session = store.openWatchSession()
        defer { session.close() }
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask {
                do {
                    for try await message in request {
                        switch message.requestUnion {
                        case .createRequest(let create): session.create(WatchCreateRequest(wire: create))
                        case .cancelRequest(let cancel): session.cancel(cancel.watchID)
                        case .progressRequest: session.requestProgress()
                        case nil: continue
                        }
                    }
                    // A client that half-closes keeps receiving events until it cancels, as with etcd.
                } catch {
                    session.close()
                }
            }
            for await update in session.responses {
                try await response.write(update.wire(member.header(update.revision)))
            }
            group.cancelAll()
        }
    }
}
