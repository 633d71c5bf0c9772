/// When the store compacts its history by itself, as etcd's `--auto-compaction-mode` and
/// `--auto-compaction-retention` configure it.
public enum AutoCompaction: Sendable, Hashable {
    /// Keep about this much time of history: the store samples its revision periodically and
    /// compacts to the revision it had `retention` ago.
    case periodic(retention: Duration)
    /// Keep this many revisions: every check compacts to `current - retention`.
    case revision(retention: Int64)

    /// How often the store checks whether to compact.
    var checkInterval: Duration {
        switch self {
        case .periodic(let retention):
            // A tenth of the retention, between one second and an hour, so history never grows
            // much past the retention.
            return min(max(retention / 10, .seconds(1)), .seconds(3600))
        case .revision:
            // etcd's revision compactor checks every five minutes.
            return .seconds(300)
        }
    }
}
