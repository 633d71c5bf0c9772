import Foundation
import KubeModel
import Testing

@testable import APIServer

@Suite struct OwnerGraphTests {
    static func key(_ name: String) -> Data { Data("/registry/things/default/\(name)".utf8) }

    static func node(
        _ uid: String, kind: String = "ConfigMap", namespace: String = "default", owners: [OwnerReference] = [],
        finalizers: [String] = [], deleting: Bool = false
    ) -> OwnerGraph.Node {
        OwnerGraph.Node(
            apiVersion: "v1", kind: kind, namespace: namespace, name: uid, uid: uid, owners: owners, finalizers: finalizers,
            beingDeleted: deleting
        )
    }

    static func owner(_ uid: String, blocking: Bool = false) -> OwnerReference {
        OwnerReference(apiVersion: "apps/v1", kind: "Deployment", name: uid, uid: uid, blockOwnerDeletion: blocking)
    }

    @Test func readsNodesFromStoredObjects() throws {
        let object = try JSONParser.parse(Data(#"""
            {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"web-1","namespace":"team","uid":"rs",
             "finalizers":["foregroundDeletion"],"deletionTimestamp":"2026-01-01T00:00:00Z",
             "ownerReferences":[{"apiVersion":"apps/v1","kind":"Deployment","name":"web","uid":"d","blockOwnerDeletion":true},
                                {"apiVersion":"v1","kind":"Broken","name":"no-uid"}]}}
            """#.utf8))
        let node = try #require(OwnerGraph.Node(object))
        #expect(node.owners == [OwnerReference(apiVersion: "apps/v1", kind: "Deployment", name: "web", uid: "d", blockOwnerDeletion: true)])
        #expect(node.deletingDependents && node.namespace == "team")
        #expect(node.groupVersionKind == GroupVersionKind(group: "apps", version: "v1", kind: "ReplicaSet"))
        #expect(OwnerGraph.Node(try JSONParser.parse(Data(#"{"metadata":{"name":"x"}}"#.utf8))) == nil)
    }

    @Test func tracksDependentsAndReportsWhatToLookAtAgain() {
        var graph = OwnerGraph()
        #expect(graph.put(key: Self.key("d"), Self.node("d")).uids == ["d"])
        // A new dependent: itself and its (known) owner are looked at.
        #expect(graph.put(key: Self.key("rs"), Self.node("rs", owners: [Self.owner("d", blocking: true)])).uids == ["rs", "d"])
        #expect(graph.put(key: Self.key("cm"), Self.node("cm", owners: [Self.owner("d"), Self.owner("ghost")])).uids == ["cm", "d"])
        #expect(graph.dependents(of: "d").map(\.uid).sorted() == ["cm", "rs"])
        #expect(graph.dependents(of: "ghost").map(\.uid) == ["cm"])
        #expect(graph.blockingDependents(of: "d").map(\.uid) == ["rs"])
        // The owner starts deleting: its dependents are looked at.
        #expect(graph.put(key: Self.key("d"), Self.node("d", finalizers: ["foregroundDeletion"], deleting: true)).uids == ["d", "rs", "cm"])
        // The owner goes: its dependents are looked at; edges to it stay until they go.
        #expect(graph.remove(key: Self.key("d")).uids == ["rs", "cm"])
        #expect(graph.dependents(of: "d").count == 2)
        // A dependent drops its reference.
        _ = graph.put(key: Self.key("rs"), Self.node("rs"))
        #expect(graph.dependents(of: "d").map(\.uid) == ["cm"])
        _ = graph.remove(key: Self.key("cm"))
        #expect(graph.dependents(of: "d").isEmpty && graph.dependents(of: "ghost").isEmpty)
    }

    @Test func aKeyWhoseUIDChangesIsANewObject() {
        var graph = OwnerGraph()
        _ = graph.put(key: Self.key("web"), Self.node("old"))
        _ = graph.put(key: Self.key("child"), Self.node("child", owners: [Self.owner("old")]))
        let changes = graph.put(key: Self.key("web"), Self.node("new"))
        #expect(graph.nodes["old"] == nil && graph.nodes["new"] != nil)
        #expect(changes.uids.contains("child"))
    }

    @Test func reportsTerminatingNamespacesAndTheirContent() {
        var graph = OwnerGraph()
        let namespaceKey = Data("/registry/namespaces/team".utf8)
        _ = graph.put(key: namespaceKey, Self.node("ns-team", kind: "Namespace", namespace: ""))
        var team = Self.node("ns-team", kind: "Namespace", namespace: "")
        team.name = "team"
        #expect(graph.put(key: namespaceKey, team).namespaces.isEmpty)
        team.beingDeleted = true
        #expect(graph.put(key: namespaceKey, team).namespaces == ["team"])
        #expect(graph.put(key: Self.key("a"), Self.node("a", namespace: "team")).namespaces == ["team"])
        #expect(graph.put(key: Self.key("b"), Self.node("b", namespace: "other")).namespaces.isEmpty)
        #expect(graph.remove(key: Self.key("a")).namespaces == ["team"])
        _ = graph.remove(key: namespaceKey)
        #expect(graph.terminatingNamespaces.isEmpty)
    }

    @Test func replacingEverythingRemovesWhatVanished() {
        var graph = OwnerGraph()
        _ = graph.put(key: Self.key("d"), Self.node("d"))
        _ = graph.put(key: Self.key("rs"), Self.node("rs", owners: [Self.owner("d")]))
        let changes = graph.replaceAll([(Self.key("rs"), Self.node("rs", owners: [Self.owner("d")]))])
        #expect(graph.nodes.keys.sorted() == ["rs"])
        #expect(changes.uids == ["rs"])
        // Listing what is already known reports nothing.
        #expect(graph.replaceAll([(Self.key("rs"), Self.node("rs", owners: [Self.owner("d")]))]).uids.isEmpty)
    }
}
