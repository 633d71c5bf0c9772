public import StoreCore

/// Takes a watch session's responses one at a time from the batches its queue hands out.
public struct WatchResponseReader {
    var batches: WatchResponseQueue.AsyncIterator
    var buffered: [WatchResponse] = []

    /// Reads `queue` (a session's ``WatchSession/responses``).
    public init(_ queue: WatchResponseQueue) {
        batches = queue.makeAsyncIterator()
    }

    /// The next response, or nil once the session ended.
    public mutating func next() async -> WatchResponse? {
        while buffered.isEmpty {
            guard let batch = await batches.next() else { return nil }
            buffered = batch
        }
        return buffered.removeFirst()
    }

    /// The events of the next responses until at least `count` arrived (or the session ended).
    public mutating func events(_ count: Int) async -> [Event] {
        var events: [Event] = []
        while events.count < count, let response = await next() { events += response.events }
        return events
    }

    /// The events of the next responses until one of `revision` arrived (or the session ended).
    public mutating func events(through revision: Revision) async -> [Event] {
        var events: [Event] = []
        while (events.last?.kv.modRevision ?? 0) < revision, let response = await next() { events += response.events }
        return events
    }
}
