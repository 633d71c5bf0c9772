import Foundation
import StoreCore

extension MVCCState {
    /// A committed write: its result, the commit to log and the events to deliver once durable.
    struct WriteResult<Response: Sendable>: Sendable {
        var response: Response
        /// Nil when nothing changed (a delete of absent keys, a read-only transaction).
        var commit: Commit?
        var events: [Event]
    }

    /// Writes one key.
    mutating func put(_ request: PutRequest) throws(StoreError) -> WriteResult<PutResponse> {
        try request.validate()
        try checkPut(request)
        var writer = Writer(revision: currentRevision + 1)
        let response = writer.put(request, in: &self)
        return finish(&writer, response)
    }

    /// Deletes the keys of a range.
    mutating func deleteRange(_ request: DeleteRangeRequest) throws(StoreError) -> WriteResult<DeleteRangeResponse> {
        if request.range.start.isEmpty { throw .emptyKey }
        var writer = Writer(revision: currentRevision + 1)
        let response = writer.deleteRange(request, in: &self)
        return finish(&writer, response)
    }

    /// Runs a transaction; every check happens before the first write, so it applies whole or
    /// not at all.
    mutating func txn(_ request: TxnRequest, maxOperations: Int) throws(StoreError) -> WriteResult<TxnResponse> {
        try request.validate(maxOperations: maxOperations)
        let path = Path(request, in: self)
        try check(request, path: path)
        var writer = Writer(revision: currentRevision + 1)
        let response = writer.txn(request, path: path, in: &self)
        return finish(&writer, response)
    }

    /// Deletes every key attached to a lease and forgets the lease.
    mutating func revokeLease(_ id: LeaseID) throws(StoreError) -> WriteResult<Revision> {
        guard let lease = leases[id] else { throw .leaseNotFound }
        var writer = Writer(revision: currentRevision + 1)
        for key in lease.keys.sorted(by: KeyOrder.less) {
            _ = writer.deleteRange(DeleteRangeRequest(range: KeyRange(key: key)), in: &self)
        }
        leases[id] = nil
        var result = finish(&writer, currentRevision)
        result.response = result.commit?.revision ?? currentRevision
        return result
    }

    private mutating func finish<Response>(_ writer: inout Writer, _ response: Response) -> WriteResult<Response> {
        guard !writer.changes.isEmpty else { return WriteResult(response: response, commit: nil, events: []) }
        advance(to: writer.revision)
        return WriteResult(
            response: response, commit: Commit(revision: writer.revision, changes: writer.changes),
            events: writer.events)
    }

    // MARK: Checks before writing

    private func checkPut(_ request: PutRequest) throws(StoreError) {
        if request.lease != 0 && leases[request.lease] == nil { throw .leaseNotFound }
        if (request.ignoreValue || request.ignoreLease) && liveKeyValue(request.key) == nil { throw .keyNotFound }
    }

    private func check(_ request: TxnRequest, path: Path) throws(StoreError) {
        let ops = path.succeeded ? request.success : request.failure
        var nested = path.nested.makeIterator()
        for op in ops {
            switch op {
            case .put(let put): try checkPut(put)
            case .range(let range): _ = try readableRevision(range.revision, current: currentRevision)
            case .deleteRange: break
            case .txn(let inner): try check(inner, path: nested.next()!)
            }
        }
    }

    /// Which branch each (nested) transaction takes, decided on the state before any write, as
    /// etcd decides it.
    struct Path: Sendable {
        var succeeded: Bool
        var nested: [Path]

        init(_ request: TxnRequest, in state: MVCCState) {
            succeeded = request.compare.allSatisfy { state.holds($0) }
            let ops = succeeded ? request.success : request.failure
            nested = ops.compactMap {
                if case .txn(let inner) = $0 { return Path(inner, in: state) }
                return nil
            }
        }
    }

    /// Evaluates one guard predicate on the newest state.
    func holds(_ compare: Compare) -> Bool {
        let kvs = compare.range.isSingleKey
            ? liveKeyValue(compare.range.start).map { [$0] } ?? []
            : liveKeyValues(in: compare.range)
        return compare.holds(forLive: kvs)
    }

    // MARK: The writer

    /// Accumulates one revision's changes, applying each to the state as it goes so later
    /// operations of the same transaction see earlier ones.
    struct Writer {
        let revision: Revision
        var changes: [Change] = []
        var events: [Event] = []

        init(revision: Revision) {
            self.revision = revision
        }

        /// The revision reads inside the transaction see: including its own writes so far.
        func readRevision(in state: MVCCState) -> Revision {
            changes.isEmpty ? state.currentRevision : revision
        }

        mutating func put(_ request: PutRequest, in state: inout MVCCState) -> PutResponse {
            let previous = state.liveKeyValue(request.key)
            let kv = request.keyValue(at: revision, previous: previous)
            record(Change(kind: .put(kv)), in: &state)
            return PutResponse(revision: revision, prevKV: request.prevKV ? previous : nil)
        }

        mutating func deleteRange(_ request: DeleteRangeRequest, in state: inout MVCCState) -> DeleteRangeResponse {
            let victims = request.range.isSingleKey
                ? state.liveKeyValue(request.range.start).map { [$0] } ?? []
                : state.liveKeyValues(in: request.range)
            for kv in victims { record(Change(kind: .delete(kv.key)), in: &state) }
            return DeleteRangeResponse(
                revision: readRevision(in: state),
                deleted: Int64(victims.count),
                prevKVs: request.prevKV ? victims : []
            )
        }

        mutating func txn(_ request: TxnRequest, path: Path, in state: inout MVCCState) -> TxnResponse {
            let ops = path.succeeded ? request.success : request.failure
            var nested = path.nested.makeIterator()
            var responses: [ResponseOp] = []
            responses.reserveCapacity(ops.count)
            for op in ops {
                switch op {
                case .range(let range):
                    // Checked before the first write, so it cannot fail here.
                    let response = (try? state.range(range, current: readRevision(in: state)))
                        ?? RangeResponse(revision: readRevision(in: state))
                    responses.append(.range(response))
                case .put(let put):
                    responses.append(.put(self.put(put, in: &state)))
                case .deleteRange(let delete):
                    responses.append(.deleteRange(deleteRange(delete, in: &state)))
                case .txn(let inner):
                    responses.append(.txn(txn(inner, path: nested.next()!, in: &state)))
                }
            }
            return TxnResponse(revision: readRevision(in: state), succeeded: path.succeeded, responses: responses)
        }

        private mutating func record(_ change: Change, in state: inout MVCCState) {
            changes.append(change)
            events.append(state.applyChange(change, at: revision))
        }
    }
}
