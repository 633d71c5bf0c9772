import EtcdWire

extension Etcdserverpb_WatchResponse {
    /// The response split as etcd splits it for watchers created with `fragment`: when it encodes
    /// to `limit` bytes or more and has at least two events, into responses each holding as many
    /// events as keep it under `limit` (at least one), every one but the last marked `fragment`.
    func fragments(limit: Int) -> [Etcdserverpb_WatchResponse] {
        guard events.count >= 2 else { return [self] }
        let eventSizes = events.map { ProtobufField.lengthDelimitedSize(ProtobufField.bytes(of: $0).count) }
        var shell = self
        shell.events = []
        shell.fragment = true
        let shellSize = ProtobufField.bytes(of: shell).count
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
}
