import EtcdWire
import Foundation
import StoreCore
import Testing

@testable import EtcdClient

@Suite struct WatchStreamStateMachineTests {
    static let range = KeyRange.prefix(Data("w/".utf8))

    /// A server message for a watcher.
    static func message(
        _ watchID: WatchID, revision: Revision, created: Bool = false, canceled: Bool = false, fragment: Bool = false,
        keys: [String] = []
    ) -> Etcdserverpb_WatchResponse {
        var message = Etcdserverpb_WatchResponse()
        message.header.revision = revision
        message.watchID = watchID
        message.created = created
        message.canceled = canceled
        message.fragment = fragment
        message.events = keys.map { key in
            var event = Mvccpb_Event()
            event.kv.key = Data(key.utf8)
            event.kv.modRevision = revision
            return event
        }
        return message
    }

    static func keys(_ response: WatchResponse) -> [String] {
        response.events.map { String(decoding: $0.kv.key, as: UTF8.self) }
    }

    @Test func createSendsTheRequestWithEveryOption() throws {
        var machine = WatchStreamStateMachine()
        let request = WatchCreateRequest(
            range: Self.range, startRevision: 9, progressNotify: true, filterPuts: true, filterDeletes: true,
            prevKV: true, watchID: 7, fragment: true)
        let create = try #require(machine.create(request)?.createRequest)
        #expect(create.key == Data("w/".utf8))
        #expect(create.rangeEnd == Data("w0".utf8))
        #expect(create.startRevision == 9)
        #expect(create.progressNotify)
        #expect(create.filters == [.noput, .nodelete])
        #expect(create.prevKv)
        #expect(create.watchID == 7)
        #expect(create.fragment)
    }

    @Test func fragmentsAreJoinedIntoOneResponse() {
        var machine = WatchStreamStateMachine()
        _ = machine.create(WatchCreateRequest(range: Self.range, fragment: true))
        let created = machine.receive(Self.message(0, revision: 4, created: true))
        #expect(created.map(\.created) == [true])
        #expect(created.first?.allowsFragments == true)

        #expect(machine.receive(Self.message(0, revision: 5, fragment: true, keys: ["w/a", "w/b"])).isEmpty)
        #expect(machine.receive(Self.message(0, revision: 5, fragment: true, keys: ["w/c"])).isEmpty)
        let whole = machine.receive(Self.message(0, revision: 5, keys: ["w/d"]))
        #expect(whole.count == 1)
        #expect(whole.map(Self.keys) == [["w/a", "w/b", "w/c", "w/d"]])
        #expect(whole.first?.revision == 5)
        #expect(whole.first?.allowsFragments == true)

        // The next response starts afresh.
        #expect(machine.receive(Self.message(0, revision: 6, keys: ["w/e"])).map(Self.keys) == [["w/e"]])
    }

    @Test func fragmentsOfDifferentWatchersAreKeptApart() {
        var machine = WatchStreamStateMachine()
        _ = machine.create(WatchCreateRequest(range: Self.range, fragment: true))
        _ = machine.create(WatchCreateRequest(range: Self.range, fragment: true))
        _ = machine.receive(Self.message(0, revision: 4, created: true))
        _ = machine.receive(Self.message(1, revision: 4, created: true))
        #expect(machine.receive(Self.message(0, revision: 5, fragment: true, keys: ["w/a"])).isEmpty)
        #expect(machine.receive(Self.message(1, revision: 5, fragment: true, keys: ["w/x"])).isEmpty)
        let first = machine.receive(Self.message(1, revision: 5, keys: ["w/y"]))
        let second = machine.receive(Self.message(0, revision: 5, keys: ["w/b"]))
        #expect(first.map(\.watchID) == [1])
        #expect(first.map(Self.keys) == [["w/x", "w/y"]])
        #expect(second.map(\.watchID) == [0])
        #expect(second.map(Self.keys) == [["w/a", "w/b"]])
    }

    @Test func createdAnswersArePairedWithRequestsInOrder() {
        var machine = WatchStreamStateMachine()
        _ = machine.create(WatchCreateRequest(range: Self.range, fragment: false))
        _ = machine.create(WatchCreateRequest(range: Self.range, fragment: true))
        _ = machine.create(WatchCreateRequest(range: Self.range, watchID: 0, fragment: true))
        #expect(machine.receive(Self.message(0, revision: 3, created: true)).first?.allowsFragments == false)
        #expect(machine.receive(Self.message(1, revision: 3, created: true)).first?.allowsFragments == true)
        // A refused create (here a duplicate ID) registers no fragmenting watcher.
        let refused = machine.receive(Self.message(-1, revision: 3, created: true, canceled: true))
        #expect(refused.map(\.watchID) == [-1])
        #expect(machine.receive(Self.message(0, revision: 4, keys: ["w/a"])).first?.allowsFragments == false)
        #expect(machine.receive(Self.message(1, revision: 4, keys: ["w/a"])).first?.allowsFragments == true)
        // After its cancellation, the ID may be reused by a watcher that did not ask for fragments.
        #expect(machine.receive(Self.message(1, revision: 4, canceled: true)).map(\.canceled) == [true])
        _ = machine.create(WatchCreateRequest(range: Self.range, watchID: 1))
        _ = machine.receive(Self.message(1, revision: 4, created: true))
        #expect(machine.receive(Self.message(1, revision: 5, keys: ["w/b"])).first?.allowsFragments == false)
    }

    @Test func denialWaitsForEarlierCreatesToBeAnswered() {
        var machine = WatchStreamStateMachine()
        _ = machine.create(WatchCreateRequest(range: Self.range))
        #expect(machine.deny(reason: "etcdserver: permission denied").isEmpty)
        let responses = machine.receive(Self.message(0, revision: 8, created: true))
        #expect(responses.map(\.watchID) == [0, WatchResponse.progressWatchID])
        let denial = responses[1]
        #expect(denial.created && denial.canceled)
        #expect(denial.cancelReason == "etcdserver: permission denied")
        #expect(denial.revision == 8)
    }

    @Test func denialWithNothingPendingIsImmediate() {
        var machine = WatchStreamStateMachine()
        _ = machine.receive(Self.message(WatchResponse.progressWatchID, revision: 12))
        let responses = machine.deny(reason: "no")
        #expect(
            responses == [
                WatchResponse(
                    revision: 12, watchID: WatchResponse.progressWatchID, created: true, canceled: true,
                    cancelReason: "no")
            ])
    }

    @Test func closedMachineSendsAndDeliversNothing() {
        var machine = WatchStreamStateMachine()
        _ = machine.create(WatchCreateRequest(range: Self.range))
        machine.close()
        #expect(machine.isClosed)
        #expect(machine.create(WatchCreateRequest(range: Self.range)) == nil)
        #expect(machine.cancel(0) == nil)
        #expect(machine.requestProgress() == nil)
        #expect(machine.deny(reason: "no").isEmpty)
        #expect(machine.receive(Self.message(0, revision: 3, created: true)).isEmpty)
    }
}
