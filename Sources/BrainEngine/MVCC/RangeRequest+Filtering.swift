import Foundation
public import StoreCore

extension RangeRequest {
    /// Whether `kv` passes the mod and create revision bounds.
    public func admits(_ kv: KeyValue) -> Bool {
        if maxModRevision != 0 && kv.modRevision > maxModRevision { return false }
        if minModRevision != 0 && kv.modRevision < minModRevision { return false }
        if maxCreateRevision != 0 && kv.createRevision > maxCreateRevision { return false }
        if minCreateRevision != 0 && kv.createRevision < minCreateRevision { return false }
        return true
    }

    /// Shapes the live pairs a read collected as etcd does: revision filters, sort, limit (with
    /// `more`) and keys-only; etcd reports the store's current revision, not the one read at.
    /// - Parameters:
    ///   - kvs: the live pairs in key order, all of them, or the first `limit + 1` when the
    ///     request neither sorts nor filters.
    ///   - count: the number of live keys in the range.
    ///   - current: the store's current revision.
    public func response(kvs collected: [KeyValue], count: Int64, current: Revision) -> RangeResponse {
        if countOnly { return RangeResponse(revision: current, count: count) }
        var kvs = collected.filter { admits($0) }
        sort(&kvs)
        var more = false
        if limit > 0 && kvs.count > Int(limit) {
            kvs.removeLast(kvs.count - Int(limit))
            more = true
        }
        if keysOnly {
            for index in kvs.indices { kvs[index].value = Data() }
        }
        return RangeResponse(revision: current, kvs: kvs, more: more, count: count)
    }

    /// Sorts as etcd does: by key unless told otherwise, ascending when a non-key target has no
    /// order.
    public func sort(_ kvs: inout [KeyValue]) {
        var order = sortOrder
        if sortTarget != .key && order == .none { order = .ascend }
        guard order != .none else { return }
        let ascending: (KeyValue, KeyValue) -> Bool
        switch sortTarget {
        case .key: ascending = { KeyOrder.less($0.key, $1.key) }
        case .version: ascending = { $0.version < $1.version }
        case .createRevision: ascending = { $0.createRevision < $1.createRevision }
        case .modRevision: ascending = { $0.modRevision < $1.modRevision }
        case .value: ascending = { KeyOrder.less($0.value, $1.value) }
        }
        if order == .ascend {
            // Keys arrive in key order, so a stable sort keeps ties in key order.
            kvs = stableSorted(kvs, by: ascending)
        } else {
            kvs = stableSorted(kvs, by: { ascending($1, $0) })
        }
    }

    private func stableSorted(_ kvs: [KeyValue], by less: (KeyValue, KeyValue) -> Bool) -> [KeyValue] {
        kvs.enumerated().sorted { lhs, rhs in
            if less(lhs.element, rhs.element) { return true }
            if less(rhs.element, lhs.element) { return false }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }
}
