import EtcdWire
import SwiftProtobuf

extension Etcdserverpb_WatchResponse {
    /// The response split as etcd splits it for watchers created with `fragment`: when it encodes
    /// to `limit` bytes or more and has at least two events, into responses each holding as many
    /// events as keep it under `limit` (at least one), every one but the last marked `fragment`.
    func fragments(limit: Int) -> [Etcdserverpb_WatchResponse] {
        guard events.count >= 2 else { return [self] }
        let eventSizes = events.map { Self.fieldSize(Self.encodedSize($0)) }
        var shell = self
        shell.events = []
        shell.fragment = true
        let shellSize = Self.encodedSize(shell)
        guard shellSize - 2 + eventSizes.reduce(0, +) >= limit else { return [self] }
        var fragments: [Etcdserverpb_WatchResponse] = []
        var start = 0
        while start < events.count {
            var end = start + 1
            var size = shellSize + eventSizes[start]
            while end < events.count && size + eventSizes[end] < limit {
                size += eventSizes[end]
                end += 1
            }
            var fragment = shell
            fragment.events = Array(events[start..<end])
            fragment.fragment = end < events.count
            fragments.append(fragment)
            start = end
        }
        return fragments
    }

    private static func encodedSize(_ message: some Message) -> Int {
        ((try? message.serializedBytes()) as [UInt8]?)?.count ?? 0
    }

    /// Bytes a repeated message field takes for an element of `length` bytes: tag, length, body.
    private static func fieldSize(_ length: Int) -> Int {
        var varintBytes = 1
        var rest = length >> 7
        while rest > 0 {
            varintBytes += 1
            rest >>= 7
        }
        return 1 + varintBytes + length
    }
}
