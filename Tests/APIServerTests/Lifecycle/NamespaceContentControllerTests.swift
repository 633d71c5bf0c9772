import Foundation
import Testing

@testable import APIServer

@Suite struct NamespaceContentControllerTests {
    static func node(_ kind: String, _ name: String, namespace: String = "", deleting: Bool = false) -> OwnerGraph.Node {
        OwnerGraph.Node(apiVersion: "v1", kind: kind, namespace: namespace, name: name, uid: "\(kind)-\(namespace)-\(name)", beingDeleted: deleting)
    }

    @Test func serviceAccountControllerLooksAtActiveNamespacesAndTheirDefaultAccount() {
        #expect(ServiceAccountController.namespace(toCheck: Self.node("Namespace", "team")) == "team")
        #expect(ServiceAccountController.namespace(toCheck: Self.node("Namespace", "team", deleting: true)) == nil)
        #expect(ServiceAccountController.namespace(toCheck: Self.node("ServiceAccount", "default", namespace: "team")) == "team")
        #expect(ServiceAccountController.namespace(toCheck: Self.node("ServiceAccount", "builder", namespace: "team")) == nil)
        #expect(ServiceAccountController.namespace(toCheck: Self.node("ConfigMap", "default", namespace: "team")) == nil)
    }

    @Test func rootCAPublisherLooksAtActiveNamespacesAndItsConfigMap() {
        #expect(RootCAPublisher.namespace(toCheck: Self.node("Namespace", "team")) == "team")
        #expect(RootCAPublisher.namespace(toCheck: Self.node("ConfigMap", "kube-root-ca.crt", namespace: "team")) == "team")
        #expect(RootCAPublisher.namespace(toCheck: Self.node("ConfigMap", "other", namespace: "team")) == nil)
        #expect(RootCAPublisher.namespace(toCheck: Self.node("Secret", "kube-root-ca.crt", namespace: "team")) == nil)
    }

    @Test func graphChangesCarryWrittenAndRemovedObjects() {
        var graph = OwnerGraph()
        let account = Self.node("ServiceAccount", "default", namespace: "team")
        let key = Data("/registry/serviceaccounts/team/default".utf8)
        #expect(graph.put(key: key, account).objects == [account])
        #expect(graph.remove(key: key).objects == [account])
        #expect(graph.remove(key: key).objects.isEmpty)
    }
}
