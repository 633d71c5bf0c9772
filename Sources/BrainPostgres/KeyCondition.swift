import Foundation
import PostgresNIO
import StoreCore

/// The SQL condition selecting the keys of a ``KeyRange`` in `brain_kv`, with its parameters.
///
/// `bytea` compares byte by byte with shorter prefixes first, which is etcd's key order, so a
/// range is a plain interval on the primary key.
struct KeyCondition {
    /// The condition, referring to parameters from `$firstParameter` on.
    var sql: String
    /// The values for those parameters, in order.
    var values: [Data]

    /// The condition for `range` on the column `column`, numbering parameters from `firstParameter`.
    init(_ range: KeyRange, column: String = "key", firstParameter: Int) {
        let first = "$\(firstParameter)"
        if range.isSingleKey {
            sql = "\(column) = \(first)"
            values = [range.start]
        } else if range.isOpenEnded {
            sql = "\(column) >= \(first)"
            values = [range.start]
        } else {
            sql = "\(column) >= \(first) AND \(column) < $\(firstParameter + 1)"
            values = [range.start, range.end]
        }
    }

    /// Appends the values to `bindings`.
    func bind(into bindings: inout PostgresBindings) throws {
        for value in values { try bindings.append(value) }
    }
}
