import Foundation
import KubeModel
import NIOHTTP1
import StoreCore

extension ResourceHandler {
    /// kube-apiserver's default watch timeout (`--min-request-timeout`, 30 minutes).
    static let defaultWatchTimeout: Duration = .seconds(1800)

    /// Serves a watch: without a `resourceVersion` (or with `0`) the current objects come first as
    /// `ADDED` events, then every change; with one, the changes after it. Events stream as JSON lines
    /// (or length-prefixed protobuf frames) until `timeoutSeconds`, the client leaves, or the
    /// revision was compacted (an `ERROR` event with `410 Expired`).
    func watch(_ definition: ResourceDefinition, _ info: RequestInfo.ResourceRequest, _ request: APIRequest)
        async throws -> APIResponse
    {
        var listOptions = try self.listOptions(definition, request)
        if !info.name.isEmpty {
            let name = info.name
            let filter = listOptions.filter
            listOptions.filter = { $0.name == name && (filter?($0) ?? true) }
        }
        let filter = listOptions.filter
        let resourceVersion = request.queryValue("resourceVersion") ?? ""
        let bookmarks = request.queryFlag("allowWatchBookmarks")
        var timeout = Self.defaultWatchTimeout
        if let text = request.queryValue("timeoutSeconds"), let seconds = Int(text), seconds > 0 {
            timeout = .seconds(seconds)
        }

        var initial: [ListedObject] = []
        var startRevision: Revision
        if resourceVersion.isEmpty || resourceVersion == "0" {
            listOptions.limit = 0
            listOptions.continueToken = nil
            let listed = try await self.objects.list(definition, namespace: info.namespace, options: listOptions)
            initial = listed.items
            startRevision = listed.revision + 1
        } else {
            guard let revision = Revision(resourceVersion), revision > 0 else {
                throw StatusError.badRequest("invalid resource version: \(resourceVersion)")
            }
            startRevision = revision + 1
        }

        let encoder = WatchEventEncoder(
            definition: definition, version: self.objects.version(of: definition),
            format: try Self.responseFormat(definition, request, list: true), request: request
        )
        let stream = WatchStream(
            encoder: encoder, filter: filter, namespacePrefix: self.objects.collectionPrefix(definition, namespace: info.namespace),
            startRevision: startRevision, bookmarks: bookmarks, timeout: timeout, initial: initial
        )
        let cache = self.watchCaches.cache(for: self.objects.collectionPrefix(definition, namespace: ""))
        if let subscription = cache.subscribe(from: startRevision) {
            return APIResponse(status: .ok, headers: ["Content-Type": encoder.contentType], body: .stream { writer in
                try await stream.serve(subscription, to: writer)
            })
        }
        let store = self.objects.store
        return APIResponse(status: .ok, headers: ["Content-Type": encoder.contentType], body: .stream { writer in
            try await stream.serve(store, to: writer)
        })
    }
}
