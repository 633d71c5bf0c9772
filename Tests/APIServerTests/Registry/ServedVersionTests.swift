import Foundation
import KubeModel
import NIOHTTP1
import StoreCore
import Testing

@testable import APIServer

/// Reads of a resource whose storage another version shares: lists, watch lines and the fast path
/// that copies stored bytes.
@Suite struct ServedVersionTests {
    private static let catalog = ResourceCatalog.builtin
    private static let coreEvents = catalog.definition(for: GroupVersionResource(group: "", version: "v1", resource: "events"))!
    private static let eventsK8sIO = catalog.definition(for: GroupVersionResource(group: "events.k8s.io", version: "v1", resource: "events"))!
    private static let configMaps = catalog.definition(for: GroupVersionResource(group: "", version: "v1", resource: "configmaps"))!

    /// A core event as a client wrote it, and an `events.k8s.io/v1` one stored by Wharf before conversions existed.
    private static let coreText = #"{"kind":"Event","apiVersion":"v1","metadata":{"name":"e1","resourceVersion":""},"involvedObject":{"kind":"Pod","name":"web"},"reason":"Started","message":"hi"}"#
    private static let legacyText = #"{"kind":"Event","apiVersion":"events.k8s.io/v1","metadata":{"name":"e2"},"regarding":{"kind":"Pod","name":"web"},"reason":"Pulled","note":"old","eventTime":"2025-01-01T00:00:00.000000Z"}"#

    private func listed(_ text: String, revision: Revision, as definition: ResourceDefinition) async throws -> ListedObject {
        let version = ServedVersion(definition, conversions: .builtin)
        let kv = KeyValue(key: Data("/registry/events/default/e".utf8), modRevision: revision, value: Data(text.utf8))
        return try await ListedObject.page([(kv, nil)], as: version)[0]
    }

    private func written(_ object: ListedObject) throws -> JSONValue {
        var output: [UInt8] = []
        try object.writeJSON(to: &output)
        return try JSONParser.parse(output)
    }

    @Test func listsServeEachObjectInTheRequestedVersion() async throws {
        // Stored in the served version: copied (resourceVersion spliced in), not converted.
        let core = try self.written(await self.listed(Self.coreText, revision: 7, as: Self.coreEvents))
        #expect(core["message"] == "hi" && core.resourceVersion == "7" && core["source"] == nil)
        // Read through the other version: converted.
        let served = try self.written(await self.listed(Self.coreText, revision: 7, as: Self.eventsK8sIO))
        #expect(served["apiVersion"] == "events.k8s.io/v1" && served["note"] == "hi" && served["regarding"]?["name"] == "web")
        #expect(served.resourceVersion == "7")
        // An object stored in the other version is recognised by its apiVersion, both ways.
        let legacy = try await self.listed(Self.legacyText, revision: 9, as: Self.coreEvents)
        #expect(try legacy.object()["message"] == "old", "selectors see the storage version")
        let legacyCore = try self.written(legacy)
        #expect(legacyCore["apiVersion"] == "v1" && legacyCore["message"] == "old" && legacyCore["involvedObject"]?["name"] == "web")
        #expect(legacyCore.resourceVersion == "9")
        #expect(try self.written(await self.listed(Self.legacyText, revision: 9, as: Self.eventsK8sIO))["note"] == "old")
        // Resources without a second version keep the plain path.
        let plain = try await self.listed(#"{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"c"}}"#, revision: 3, as: Self.configMaps)
        #expect(try self.written(plain) == ["kind": "ConfigMap", "apiVersion": "v1", "metadata": ["name": "c", "resourceVersion": "3"]])
    }

    @Test func watchersOfEachVersionGetTheirOwnLinesOfOneEvent() async throws {
        let kv = KeyValue(key: Data("/registry/events/default/e1".utf8), modRevision: 5, value: Data(Self.coreText.utf8))
        let cached = CachedEvent(Event(kind: .put, kv: kv))
        func encoder(_ definition: ResourceDefinition) -> WatchEventEncoder {
            WatchEventEncoder(
                definition: definition, version: ServedVersion(definition, conversions: .builtin), format: .json,
                request: APIRequest(method: .GET, path: "/")
            )
        }
        // Field selectors use core names for both versions, as kube-apiserver's do.
        let selector = try FieldSelector(parsing: "involvedObject.name=web", definition: Self.eventsK8sIO)
        let filter: @Sendable (JSONValue) -> Bool = { selector.matches($0) }
        for _ in 0..<2 {  // the second round comes from the memo
            let eventsLine = try JSONParser.parse(try await encoder(Self.eventsK8sIO).encode(cached, filter: filter))
            #expect(eventsLine["type"] == "ADDED")
            #expect(eventsLine["object"]?["apiVersion"] == "events.k8s.io/v1" && eventsLine["object"]?["note"] == "hi")
            let coreLine = try JSONParser.parse(try await encoder(Self.coreEvents).encode(cached, filter: filter))
            #expect(coreLine["object"]?["apiVersion"] == "v1" && coreLine["object"]?["message"] == "hi")
        }
    }
}
