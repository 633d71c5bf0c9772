import PostgresNIO
public import StoreCore

extension PostgresStore {
    /// Moves the compact revision to `revision`, then deletes the history it hides in batches.
    ///
    /// The new compact revision is committed first, so reads and watchers refuse older revisions
    /// at once; the rows are deleted afterwards in short transactions of
    /// ``PostgresStoreConfiguration/compactionBatchRevisions`` revisions each, recording their
    /// progress in `brain_meta.compacted_through`, so a node that dies midway leaves work the
    /// next compaction (or the next start) finishes.
    public func compact(revision: Revision, physical: Bool) async throws -> Revision {
        try await routed(forward: { try await $0.compact(revision: revision, physical: physical) }) { fence in
            let current = try await write(fence: fence, footprint: .statements) { writer in
                if revision <= writer.compactRevision { throw StoreError.compacted }
                if revision > writer.current { throw StoreError.futureRevision }
                try await writer.compact(to: revision)
                return writer.current
            }
            guard let current else { return nil }
            try await deleteCompactedHistory()
            return current
        }
    }

    /// Finishes a compaction a previous run left unfinished.
    func resumeCompaction() async {
        do {
            try await deleteCompactedHistory()
        } catch {
            logger.warning("cannot finish compaction", metadata: ["error": "\(error)"])
        }
    }

    /// Deletes, batch by batch, every row no read at or after the compact revision can see: rows
    /// followed by a newer row of their key at or before it, and deletion rows at or before it.
    func deleteCompactedHistory() async throws(StoreError) {
        while true {
            let more = try await database { connection in
                try await connection.query("BEGIN", logger: self.logger)
                do {
                    let more = try await self.deleteCompactionBatch(on: connection)
                    try await connection.query("COMMIT", logger: self.logger)
                    return more
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: self.logger)
                    throw error
                }
            }
            if !more { return }
        }
    }

    /// Deletes one batch; returns whether more remain.
    private func deleteCompactionBatch(on connection: PostgresConnection) async throws -> Bool {
        let rows = try await connection.query(
            "SELECT compact_revision, compacted_through FROM brain_meta WHERE id = 1", logger: logger)
        var target: Int64 = 0
        var done: Int64 = 0
        for try await (compact, through) in rows.decode((Int64, Int64).self) {
            target = compact
            done = through
        }
        guard done < target else { return false }
        let end = min(target, done + configuration.compactionBatchRevisions)
        try await connection.query(
            """
            DELETE FROM brain_kv o USING brain_kv n
            WHERE n.mod_revision > \(done) AND n.mod_revision <= \(end)
              AND o.key = n.key AND o.mod_revision < n.mod_revision
            """, logger: logger)
        try await connection.query(
            "DELETE FROM brain_kv WHERE deleted AND mod_revision > \(done) AND mod_revision <= \(end)", logger: logger)
        // Another node may have done this batch meanwhile; then this one changed nothing it did not.
        try await connection.query(
            "UPDATE brain_meta SET compacted_through = \(end) WHERE id = 1 AND compacted_through = \(done)",
            logger: logger)
        return end < target
    }
}
