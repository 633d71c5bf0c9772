import CoreMetrics
import Foundation
import KubeModel
import StoreCore

/// One client's watch: the initial `ADDED` events, then the changes in its namespace that match
/// its selectors, as JSON lines, until its timeout, its client leaves, or its source ends. The
/// changes come from the resource's ``WatchCache`` or, when the cache cannot serve the requested
/// revision, from a store watch of the client's own.
struct WatchStream: Sendable {
    let encoder: WatchEventEncoder
    let filter: (@Sendable (JSONValue) -> Bool)?
    /// The key prefix of the watched namespace (or of the whole collection).
    let namespacePrefix: Data
    /// The first revision to deliver.
    let startRevision: Revision
    let bookmarks: Bool
    let timeout: Duration
    /// The objects the watch starts with, as `ADDED` events.
    let initial: [ListedObject]

    /// `apiserver_watch_events_total` for this watch's kind, as kube-apiserver counts sent events.
    private var sentEvents: Counter {
        let kind = self.encoder.definition.groupVersionKind
        return Counter(
            label: "apiserver_watch_events_total",
            dimensions: [("group", kind.group), ("version", kind.version), ("kind", kind.kind)]
        )
    }

    /// Serves the watch from the resource's cache.
    func serve(_ subscription: WatchCache.Subscription, to writer: any ResponseBodyWriter) async throws {
        writer.onClientGone { subscription.cancel() }
        let sent = self.sentEvents
        try await self.withTimeout(subscription.cancel) {
            try await self.writeInitial(to: writer)
            while let items = await subscription.next() {
                // Everything that piled up since the last write goes out in one write.
                var output: [UInt8] = []
                var events = 0
                for item in items {
                    switch item {
                    case .event(let cached):
                        guard cached.event.kv.key.starts(with: self.namespacePrefix) else { continue }
                        let line: [UInt8]
                        do throws(StatusError) {
                            line = try await self.encoder.encode(cached, filter: self.filter)
                        } catch {
                            try await writer.write(output + self.encoder.error(error))
                            return
                        }
                        if !line.isEmpty {
                            output += line
                            events += 1
                        }
                    case .progress(let revision):
                        if self.bookmarks { output += self.encoder.bookmark(revision: revision) }
                    }
                }
                if !output.isEmpty {
                    try await writer.write(output)
                    sent.increment(by: Int64(events))
                }
            }
        }
    }

    /// Serves the watch from a store watch of its own (revisions older than the cache holds).
    func serve(_ store: any KeyValueStore, to writer: any ResponseBodyWriter) async throws {
        let sent = self.sentEvents
        let session = store.openWatchSession()
        writer.onClientGone { session.close() }
        session.create(
            WatchCreateRequest(range: .prefix(self.namespacePrefix), startRevision: self.startRevision, progressNotify: self.bookmarks, prevKV: true)
        )
        try await self.withTimeout(session.close) {
            try await self.writeInitial(to: writer)
            for await batch in session.responses {
                var output: [UInt8] = []
                for response in batch {
                    if response.canceled {
                        if response.compactRevision > 0 {
                            output += self.encoder.error(
                                .resourceExpired("too old resource version: \(self.startRevision - 1) (\(response.compactRevision))")
                            )
                        }
                        try await writer.write(output)
                        return
                    }
                    if response.events.isEmpty && !response.created && self.bookmarks {
                        output += self.encoder.bookmark(revision: response.revision)
                    }
                    for event in response.events {
                        let line: [UInt8]
                        do throws(StatusError) {
                            line = try await self.encoder.encode(CachedEvent(event), filter: self.filter)
                        } catch {
                            try await writer.write(output + self.encoder.error(error))
                            return
                        }
                        if !line.isEmpty {
                            output += line
                            sent.increment()
                        }
                    }
                }
                if !output.isEmpty {
                    try await writer.write(output)
                }
            }
        }
    }

    /// Writes the initial `ADDED` events.
    private func writeInitial(to writer: any ResponseBodyWriter) async throws {
        for item in self.initial {
            try await writer.write(self.encoder.event("ADDED", try item.object(), served: try item.servedObject()))
        }
    }

    /// Runs `body`, calling `stop` (which ends the body's source) when the timeout passes or the
    /// body returns.
    private func withTimeout(_ stop: @escaping @Sendable () -> Void, _ body: @escaping @Sendable () async throws -> Void) async throws {
        let timeout = self.timeout
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try? await Task.sleep(for: timeout)
                stop()
            }
            defer {
                stop()
                group.cancelAll()
            }
            try await body()
        }
    }
}
