/// Decides whether a concurrent history of register operations is linearizable, key by key.
///
/// The search is Wing and Gong's, with Lowe's memoisation as Knossos and Porcupine use it: walk
/// the history's calls and returns in time order, tentatively letting each open call take effect
/// when the register allows its answer; reaching the return of an operation that has not taken
/// effect means the choices so far are wrong, so undo the last one and try the next candidate.
/// A configuration (which operations have taken effect, and the register's value) is explored
/// once. Keys are independent registers, so each is checked alone (linearizability is local).
///
/// Reads with an unknown outcome say nothing and are dropped; writes and compare-and-sets with an
/// unknown outcome stay open forever, so they may take effect at any point after their
/// invocation, or never (which is the same as last).
///
/// ```swift
/// let history = [
///     RegisterOperation(client: 1, key: "k", call: .write("a"), invoked: .seconds(0),
///                       outcome: .returned(.written, at: .seconds(1))),
///     RegisterOperation(client: 2, key: "k", call: .read, invoked: .seconds(2),
///                       outcome: .returned(.read(nil), at: .seconds(3))),
/// ]
/// LinearizabilityChecker.check(history)   // .notLinearizable: the read is stale
/// ```
public enum LinearizabilityChecker {
    /// Checks every key of `history`; every register starts absent.
    ///
    /// - Returns: ``LinearizabilityResult/linearizable``, or the counterexample of the first key
    ///   (in key order) that fails.
    public static func check(_ history: [RegisterOperation]) -> LinearizabilityResult {
        let byKey = Dictionary(grouping: history, by: \.key)
        for key in byKey.keys.sorted() {
            var search = RegisterSearch(key: key, operations: byKey[key] ?? [])
            if let counterexample = search.run() {
                return .notLinearizable(counterexample)
            }
        }
        return .linearizable
    }
}
