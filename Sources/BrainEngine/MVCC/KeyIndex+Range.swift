import Foundation
import StoreCore

extension KeyIndex {
    /// Serves a range read as etcd does, seeing each key's newest entry at or before `revision`
    /// and reporting `current` as the store's revision.
    func range(_ request: RangeRequest, at revision: Revision, current: Revision) -> RangeResponse {
        var count: Int64 = 0
        var kvs: [KeyValue] = []
        // Without sorting or filters the first `limit + 1` pairs decide `more`.
        let needsAll = request.sortOrder != .none || request.sortTarget != .key || request.hasRevisionFilters
        let collectLimit = request.countOnly ? 0 : (request.limit > 0 && !needsAll ? Int(request.limit) + 1 : Int.max)
        forEach(in: request.range) { key, history in
            guard let entry = history.entry(atOrBefore: revision), !entry.isTombstone else { return true }
            count += 1
            if kvs.count < collectLimit { kvs.append(entry.keyValue(key: key)) }
            return true
        }
        return request.response(kvs: kvs, count: count, current: current)
    }
}
