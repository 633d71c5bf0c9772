import StoreCore

/// Decides, from revision samples over time, which revision auto-compaction compacts to.
/// A pure value: the store feeds it the time and revision at each check and runs what it says.
struct AutoCompactor: Sendable {
    let policy: AutoCompaction
    private var samples: [(at: ContinuousClock.Instant, revision: Revision)] = []

    init(policy: AutoCompaction) {
        self.policy = policy
    }

    /// Records the current revision and returns the revision to compact to, if any.
    mutating func check(now: ContinuousClock.Instant, revision: Revision, compacted: Revision) -> Revision? {
        let target: Revision?
        switch policy {
        case .periodic(let retention):
            samples.append((now, revision))
            let cutoff = now - retention
            let old = samples.lastIndex { $0.at <= cutoff }
            target = old.map { samples[$0].revision }
            if let old { samples.removeFirst(old) }
        case .revision(let retention):
            target = revision - retention
        }
        guard let target, target > compacted else { return nil }
        return target
    }
}
