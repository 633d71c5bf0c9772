public import KubeModel
import StoreCore
import Foundation

extension ObjectStore {
    /// Reads a collection page by page as `options` asks, filtering as it goes (the filter sees
    /// objects in the resource's storage version; custom resources as stored).
    ///
    /// With a `limit`, every page of one list is read at the first page's revision; a token whose
    /// revision was compacted gets `410 Expired`.
    ///
    /// A `resourceVersion` newer than the store's (without `Exact`) is waited for up to three
    /// seconds, then answered `504` as kube-apiserver answers it.
    public func list(_ definition: ResourceDefinition, namespace: String, options: ListOptions)
        async throws(StatusError) -> ListResult
    {
        var minimum: Revision = 0
        if options.continueToken == nil && options.resourceVersionMatch != "Exact" {
            minimum = Revision(options.resourceVersion) ?? 0
        }
        if minimum > 0 {
            try await self.waitForRevision(minimum)
        }
        return try await self.listOnce(definition, namespace: namespace, options: options)
    }

    /// Waits up to three seconds for the store to reach `revision`, probing it with a read of one
    /// absent key (not the whole collection), then answers `504` as kube-apiserver does.
    private func waitForRevision(_ revision: Revision) async throws(StatusError) {
        let probe = RangeRequest(range: KeyRange(key: Data(self.prefix.utf8)), countOnly: true)
        let deadline = ContinuousClock.now + .seconds(3)
        while true {
            let current = try await self.run("list") { try await self.store.range(probe) }.revision
            guard current < revision else { return }
            guard ContinuousClock.now < deadline else {
                throw .tooLargeResourceVersion(revision, current: current)
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    private func listOnce(_ definition: ResourceDefinition, namespace: String, options: ListOptions)
        async throws(StatusError) -> ListResult
    {
        let prefix = self.collectionPrefix(definition, namespace: namespace)
        let end = KeyRange.prefixEnd(prefix)
        var start = prefix
        var revision: Revision = 0
        if let token = options.continueToken, !token.isEmpty {
            let parsed = try ContinueToken(parsing: token)
            start = prefix + Data(parsed.start.utf8)
            revision = parsed.revision
        } else if options.resourceVersionMatch == "Exact", let exact = Revision(options.resourceVersion) {
            revision = exact
        }

        let version = self.version(of: definition)
        var items: [(stored: KeyValue, decoded: JSONValue?)] = []
        var lastKey: Data?
        var more = false
        var readRevision = revision
        var remaining: Int64?
        repeat {
            let pageLimit = options.limit > 0 ? options.limit - Int64(items.count) : 0
            let request = RangeRequest(range: KeyRange(key: start, rangeEnd: end), limit: pageLimit, revision: readRevision)
            let response: RangeResponse
            do {
                response = try await self.run("list") { try await self.store.range(request) }
            } catch let error where error.code == 410 {
                throw options.continueToken == nil
                    ? .resourceExpired("The resourceVersion for the provided list is too old.")
                    : .resourceExpired(Self.expiredContinueMessage)
            }
            if readRevision == 0 { readRevision = response.revision }  // a token's or Exact revision stays
            more = response.more
            if options.filter == nil && options.limit > 0 {
                remaining = response.count - Int64(response.kvs.count)
            }
            if let filter = options.filter {
                var decoded: [JSONValue] = []
                decoded.reserveCapacity(response.kvs.count)
                for kv in response.kvs {
                    decoded.append(try Self.decode(kv))
                }
                if version.readsStorageVersion {
                    // Objects stored in another version convert together, before the filter sees them.
                    decoded = try await version.stored(decoded)
                }
                for (kv, object) in zip(response.kvs, decoded) where filter(object) {
                    items.append((kv, object))
                }
            } else {
                items += response.kvs.map { ($0, nil) }
            }
            lastKey = response.kvs.last?.key ?? lastKey
            if let lastKey {
                start = lastKey + Data([0])
            }
        } while more && options.limit > 0 && items.count < options.limit

        var continueToken: String?
        if more, let lastKey {
            let next = String(decoding: lastKey.dropFirst(prefix.count), as: UTF8.self) + "\u{0}"
            continueToken = ContinueToken(revision: readRevision, start: next).encoded
        } else {
            remaining = nil
        }
        return ListResult(
            items: try await ListedObject.page(items, as: version), revision: readRevision, continueToken: continueToken,
            remainingItemCount: remaining
        )
    }

    /// kube-apiserver's message for a `continue` token whose revision was compacted.
    static let expiredContinueMessage =
        "The provided continue parameter is too old to display a consistent list result. You can start a new list "
        + "without the continue parameter, or use the continue token in this response to retrieve the remainder of "
        + "the results. Continuing with the provided token results in an inconsistent list - objects that were "
        + "created, modified, or deleted between the time the first chunk was returned and now may show up in the list."
}
