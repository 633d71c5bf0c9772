import KubeModel
import NIOHTTP1
import Testing

@testable import APIServer

@Suite struct ImpersonationTests {
    /// Allows impersonating what `allowed` lists (`resource/name`), nothing else.
    private struct ListAuthorizer: Authorizer {
        let allowed: Set<String>
        func authorize(_ attributes: AuthorizationAttributes) async -> AuthorizationDecision {
            let resource = attributes.subresource.isEmpty ? attributes.resource : attributes.resource + "/" + attributes.subresource
            return attributes.verb == "impersonate" && self.allowed.contains("\(resource)/\(attributes.name)")
                ? .allow(reason: "") : .noOpinion(reason: "")
        }
        func rules(for user: UserInfo, namespace: String) async -> SubjectRules { SubjectRules() }
    }

    private let admin = UserInfo(name: "admin")

    @Test func headersBecomeTargetsInKubesOrder() throws {
        let headers: HTTPHeaders = [
            "Impersonate-Uid": "42", "Impersonate-Extra-Scopes%2Fwide": "view", "Impersonate-Group": "devs",
            "Impersonate-User": "system:serviceaccount:team:builder", "impersonate-group": "ops",
        ]
        #expect(try Impersonation.targets(headers) == [
            .serviceAccount(namespace: "team", name: "builder"), .group("devs"), .group("ops"), .extra(key: "scopes/wide", value: "view"),
            .uid("42"),
        ])
        #expect(try Impersonation.targets([:]) == [])
        #expect(throws: StatusError.self) { try Impersonation.targets(["Impersonate-Group": "devs"]) }
    }

    @Test func allowedImpersonationActsAsTheUser() async throws {
        let authorizer = ListAuthorizer(allowed: ["users/alice", "groups/devs", "userextras/scopes/view"])
        let user = try await Impersonation.user(
            for: self.admin, headers: ["Impersonate-User": "alice", "Impersonate-Group": "devs", "Impersonate-Extra-Scopes": "view"],
            authorizer: authorizer
        )
        #expect(user == UserInfo(name: "alice", groups: ["devs", "system:authenticated"], extra: ["scopes": ["view"]]))
        #expect(try await Impersonation.user(for: self.admin, headers: [:], authorizer: authorizer) == self.admin)
    }

    @Test func serviceAccountsGetTheirGroupsUnlessGroupsAreGiven() async throws {
        let authorizer = ListAuthorizer(allowed: ["serviceaccounts/builder", "groups/system:unauthenticated"])
        let account = try await Impersonation.user(
            for: self.admin, headers: ["Impersonate-User": "system:serviceaccount:team:builder"], authorizer: authorizer
        )
        #expect(account.groups == ["system:serviceaccounts", "system:serviceaccounts:team", "system:authenticated"])
        let unauthenticated = try await Impersonation.user(
            for: self.admin, headers: ["Impersonate-User": "system:serviceaccount:team:builder", "Impersonate-Group": "system:unauthenticated"],
            authorizer: authorizer
        )
        #expect(unauthenticated.groups == ["system:unauthenticated"])
    }

    @Test func refusedImpersonationIsForbiddenNamingThePart() async {
        let authorizer = ListAuthorizer(allowed: ["users/alice"])
        await #expect(throws: AuthorizationAttributes.resource(user: self.admin, verb: "impersonate", group: "", resource: "groups", name: "admins")
            .forbidden(reason: "")) {
            try await Impersonation.user(for: self.admin, headers: ["Impersonate-User": "alice", "Impersonate-Group": "admins"], authorizer: authorizer)
        }
        let error = AuthorizationAttributes.resource(user: self.admin, verb: "impersonate", group: "", resource: "users", name: "bob").forbidden(reason: "")
        #expect(error.message == #"users "bob" is forbidden: User "admin" cannot impersonate resource "users" in API group "" at the cluster scope"#)
    }

    @Test func chainAsksInOrderAndJoinsReasons() async {
        let chain = AuthorizerChain([PrivilegedGroupAuthorizer(), ListAuthorizer(allowed: ["users/alice"])])
        let master = UserInfo(name: "root", groups: ["system:masters"])
        #expect(await chain.authorize(.resource(user: master, verb: "delete", group: "", resource: "nodes")) == .allow(reason: ""))
        #expect(await chain.authorize(.resource(user: self.admin, verb: "delete", group: "", resource: "nodes")) == .noOpinion(reason: ""))
        #expect(await chain.rules(for: master, namespace: "") == .everything)
        #expect(await chain.rules(for: self.admin, namespace: "") == SubjectRules())
        let allowAll = AuthorizerChain([PrivilegedGroupAuthorizer(), AlwaysAllowAuthorizer()])
        #expect(await allowAll.authorize(.resource(user: self.admin, verb: "delete", group: "", resource: "nodes")).isAllowed)
        #expect(AuthorizationMode.parseList("RBAC,AlwaysAllow") == [.rbac, .alwaysAllow])
        #expect(AuthorizationMode.parseList("RBAC,RBAC") == nil)
        #expect(AuthorizationMode.parseList("Node") == nil)
    }
}
