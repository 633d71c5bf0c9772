import KubeModel
import NIOHTTP1
import Testing

@testable import APIServer

@Suite struct AuthorizationAttributesTests {
    private let alice = UserInfo(name: "alice")

    @Test func forbiddenMessagesAreKubes() {
        let list = AuthorizationAttributes.resource(user: self.alice, verb: "list", group: "", resource: "pods", namespace: "default")
        let error = list.forbidden(reason: "")
        #expect(error.message == #"pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default""#)
        #expect((error.code, error.reason, error.kind, error.group, error.name) == (403, "Forbidden", "pods", "", ""))

        let scale = AuthorizationAttributes.resource(
            user: self.alice, verb: "update", group: "apps", resource: "deployments", subresource: "scale", namespace: "a", name: "web"
        )
        #expect(scale.forbidden(reason: "").message
            == #"deployments.apps "web" is forbidden: User "alice" cannot update resource "deployments/scale" in API group "apps" in the namespace "a""#)
        #expect(scale.forbidden(reason: "").name == "web")

        let nodes = AuthorizationAttributes.resource(user: self.alice, verb: "list", group: "", resource: "nodes")
        #expect(nodes.forbidden(reason: "RBAC: x").message
            == #"nodes is forbidden: User "alice" cannot list resource "nodes" in API group "" at the cluster scope: RBAC: x"#)

        let path = AuthorizationAttributes.nonResource(user: self.alice, verb: "get", path: "/metrics")
        #expect(path.forbidden(reason: "").message == #"forbidden: User "alice" cannot get path "/metrics""#)
        #expect(path.forbidden(reason: "").kind.isEmpty)
    }

    private func attributes(_ method: HTTPMethod, _ uri: String) -> AuthorizationAttributes {
        let request = APIRequest(method: method, uri: uri, headers: [:], body: [], user: nil)
        let info = RequestInfo(path: request.path, method: method, watch: request.queryFlag("watch"))
        return AuthorizationAttributes(request: request, info: info, user: self.alice)
    }

    @Test func requestsBecomeKubesAttributes() {
        let namespace = self.attributes(.GET, "/api/v1/namespaces/team")
        #expect((namespace.resource, namespace.namespace, namespace.name, namespace.verb) == ("namespaces", "team", "team", "get"))
        let named = self.attributes(.GET, "/api/v1/namespaces/a/pods?fieldSelector=metadata.name%3Dweb&watch=true")
        #expect((named.verb, named.name) == ("watch", "web"))
        #expect(self.attributes(.GET, "/api/v1/namespaces/a/pods?fieldSelector=metadata.name!%3Dweb").name == "")
        let discovery = self.attributes(.GET, "/apis/apps/v1")
        #expect((discovery.isResourceRequest, discovery.verb, discovery.path) == (false, "get", "/apis/apps/v1"))
        let post = self.attributes(.POST, "/metrics")
        #expect((post.isResourceRequest, post.verb) == (false, "post"))
        let status = self.attributes(.PATCH, "/apis/apps/v1/namespaces/a/deployments/web/status")
        #expect((status.apiGroup, status.resource, status.subresource, status.verb) == ("apps", "deployments", "status", "patch"))
    }
}
