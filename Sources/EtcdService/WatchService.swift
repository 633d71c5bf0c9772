public import EtcdWire
public import WharfGRPC
public import StoreCore

/// etcd's Watch service (`etcdserverpb.Watch`): one bidirectional stream carries many watchers.
public struct WatchService: Sendable {
    let store: any KeyValueStore
    let gate: AuthGate
    let member: EtcdMember
    /// Responses of watchers that asked for fragments are split to stay under this size.
    let fragmentBytes: Int

    /// - Parameter fragmentBytes: the size fragments stay under; etcd uses `--max-request-bytes`
    ///   plus its 512 KiB allowance for gRPC overhead.
    public init(store: any KeyValueStore, gate: AuthGate, member: EtcdMember, fragmentBytes: Int) {
        self.store = store
        self.gate = gate
        self.member = member
        self.fragmentBytes = fragmentBytes
    }

    public func watch(
        request: GRPCMessageStream<Etcdserverpb_WatchRequest>,
        response: GRPCResponseWriter<Etcdserverpb_WatchResponse>,
        context: GRPCCallContext
    ) async throws {
        let session = store.openWatchSession()
        defer { session.close() }
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask {
                do {
                    for try await message in request {
                        switch message.requestUnion {
                        case .createRequest(let create):
                            let request = WatchCreateRequest(wire: create)
                            do {
                                try await gate.require([request.range], write: false)
                                session.create(request)
                            } catch let error as StoreError {
                                session.deny(request, reason: error.grpcMessage)
                            }
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
            var encoder = WatchResponseEncoder(member: member, fragmentBytes: fragmentBytes)
            for await batch in session.responses {
                try await response.write(encoded: encoder.encode(batch))
            }
            group.cancelAll()
        }
    }
}

extension WatchService {
    /// Adds `etcdserverpb.Watch` to a router.
    public func register(in router: inout GRPCRouter) {
        router.addBidirectionalStreaming(service: "etcdserverpb.Watch", method: "Watch", watch)
    }
}
