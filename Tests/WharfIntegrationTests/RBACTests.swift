import Foundation
import Testing
import WharfTestSupport

/// RBAC enforced by `wharf apiserver` (on brain, over HTTPS with token users), judged by kubectl
/// 1.33: `auth can-i` answers across Roles, ClusterRoles, RoleBindings, ClusterRoleBindings,
/// resource names, subresources and aggregated roles; the exact `403` Status of a refused request;
/// impersonation; `auth can-i --list`; and how fast a binding change takes effect.
@Suite(.serialized) struct RBACTests {
    private static let users = ["alice": [], "bob": ["devs"], "carol": ["ops"], "dave": [], "ivan": [], "sam": []]

    /// The test's objects: roles and bindings for the users above.
    private static let policy = """
        apiVersion: v1
        kind: List
        items:
        - {apiVersion: v1, kind: Namespace, metadata: {name: team}}
        - {apiVersion: v1, kind: Namespace, metadata: {name: other}}
        - apiVersion: rbac.authorization.k8s.io/v1
          kind: Role
          metadata: {name: pod-reader, namespace: team}
          rules:
          - {apiGroups: [""], resources: [pods], verbs: [get, list, watch]}
          - {apiGroups: [""], resources: [pods/log], verbs: [get]}
          - {apiGroups: [""], resources: [configmaps], resourceNames: [app-config], verbs: [get]}
        - apiVersion: rbac.authorization.k8s.io/v1
          kind: RoleBinding
          metadata: {name: alice-reads, namespace: team}
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-reader}
          subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: alice}]
        - apiVersion: rbac.authorization.k8s.io/v1
          kind: ClusterRole
          metadata: {name: deploy-editor}
          rules:
          - {apiGroups: [apps], resources: [deployments], verbs: ["*"]}
          - {apiGroups: [apps], resources: [deployments/scale], verbs: [update, patch]}
        - apiVersion: rbac.authorization.k8s.io/v1
          kind: RoleBinding
          metadata: {name: devs-deploy, namespace: team}
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: deploy-editor}
          subjects: [{apiGroup: rbac.authorization.k8s.io, kind: Group, name: devs}]
        - apiVersion: rbac.authorization.k8s.io/v1
          kind: ClusterRole
          metadata: {name: node-reader}
          rules: [{apiGroups: [""], resources: [nodes], verbs: [get, list]}]
        - apiVersion: rbac.authorization.k8s.io/v1
          kind: ClusterRoleBinding
          metadata: {name: ops-nodes}
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: node-reader}
          subjects: [{apiGroup: rbac.authorization.k8s.io, kind: Group, name: ops}]
        - apiVersion: rbac.authorization.k8s.io/v1
          kind: ClusterRole
          metadata: {name: monitoring}
          aggregationRule:
            clusterRoleSelectors: [{matchLabels: {example.com/aggregate-to-monitoring: "true"}}]
          rules: []
        - apiVersion: rbac.authorization.k8s.io/v1
          kind: ClusterRole
          metadata: {name: monitoring-services, labels: {example.com/aggregate-to-monitoring: "true"}}
          rules: [{apiGroups: [""], resources: [services, endpoints], verbs: [get, list, watch]}]
        - apiVersion: rbac.authorization.k8s.io/v1
          kind: ClusterRoleBinding
          metadata: {name: carol-monitoring}
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: monitoring}
          subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: carol}]
        - apiVersion: rbac.authorization.k8s.io/v1
          kind: RoleBinding
          metadata: {name: dave-views, namespace: team}
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
          subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: dave}]
        - apiVersion: rbac.authorization.k8s.io/v1
          kind: RoleBinding
          metadata: {name: builder-reads, namespace: team}
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-reader}
          subjects: [{kind: ServiceAccount, name: builder}]
        - apiVersion: rbac.authorization.k8s.io/v1
          kind: ClusterRole
          metadata: {name: impersonator}
          rules:
          - {apiGroups: [""], resources: [users], resourceNames: [alice], verbs: [impersonate]}
          - {apiGroups: [""], resources: [groups], resourceNames: [devs], verbs: [impersonate]}
          - {apiGroups: [""], resources: [serviceaccounts], verbs: [impersonate]}
        - apiVersion: rbac.authorization.k8s.io/v1
          kind: ClusterRoleBinding
          metadata: {name: ivan-impersonates}
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: impersonator}
          subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: ivan}]
        """

    /// `kubectl auth can-i` cases: user, arguments, expected answer.
    private static let canI: [(user: String, arguments: [String], allowed: Bool)] = [
        ("alice", ["list", "pods", "-n", "team"], true),
        ("alice", ["watch", "pods", "-n", "team"], true),
        ("alice", ["list", "pods", "-n", "other"], false),
        ("alice", ["list", "pods", "-A"], false),
        ("alice", ["delete", "pods", "-n", "team"], false),
        ("alice", ["get", "pods", "--subresource=log", "-n", "team"], true),
        ("alice", ["get", "pods", "--subresource=exec", "-n", "team"], false),
        ("alice", ["get", "configmaps/app-config", "-n", "team"], true),
        ("alice", ["get", "configmaps/other-config", "-n", "team"], false),
        ("alice", ["list", "configmaps", "-n", "team"], false),
        ("alice", ["get", "/api"], true),
        ("alice", ["get", "/metrics"], false),
        ("bob", ["create", "deployments.apps", "-n", "team"], true),
        ("bob", ["update", "deployments.apps", "--subresource=scale", "-n", "team"], true),
        ("bob", ["update", "deployments.apps", "--subresource=status", "-n", "team"], false),
        ("bob", ["create", "deployments.apps", "-n", "other"], false),
        ("bob", ["list", "pods", "-n", "team"], false),
        ("carol", ["list", "nodes"], true),
        ("carol", ["delete", "nodes"], false),
        ("carol", ["list", "services", "-n", "other"], true),
        ("carol", ["watch", "endpoints", "-A"], true),
        ("carol", ["delete", "services", "-n", "other"], false),
        ("dave", ["list", "deployments.apps", "-n", "team"], true),
        ("dave", ["get", "pods", "-n", "team"], true),
        ("dave", ["get", "secrets", "-n", "team"], false),
        ("dave", ["create", "pods", "-n", "team"], false),
        ("dave", ["list", "pods", "-n", "other"], false),
    ]

    @Test func rbacDecidesWhatEachUserMayDo() async throws {
        let directory = try TemporaryDirectory(prefix: "wharf-rbac")
        defer { directory.remove() }
        let brain = try await BrainProcess.start(dataDirectory: directory.path("brain"))
        do {
            let server = try await APIServerProcess.start(
                etcdEndpoint: brain.endpoint, directory: directory.path("apiserver"), tls: true, users: Self.users
            )
            do {
                try await self.check(server)
                // Emptied, a default role gets its rules back when an API server starts.
                let emptied = try await Kubectl(minor: 33, kubeconfig: server.kubeconfig).run(
                    "patch", "clusterrole", "system:basic-user", "--type=json", "-p", #"[{"op":"replace","path":"/rules","value":[]}]"#
                )
                #expect(emptied.status == 0, "\(emptied.stderr)")
            } catch {
                await server.stop()
                throw error
            }
            #expect(await server.stop() == 0)
            let restarted = try await APIServerProcess.start(etcdEndpoint: brain.endpoint, directory: directory.path("apiserver-restarted"))
            let role = try await restarted.curl(["\(restarted.url)/apis/rbac.authorization.k8s.io/v1/clusterroles/system:basic-user"]).stdout
            #expect(role.contains(#""resources":["selfsubjectaccessreviews","selfsubjectrulesreviews"]"#), "\(role)")
            #expect(role.contains(#""labels":{"kubernetes.io/bootstrapping":"rbac-defaults"}"#), "\(role)")
            #expect(role.contains(#""annotations":{"rbac.authorization.kubernetes.io/autoupdate":"true"}"#), "\(role)")
            #expect(await restarted.stop() == 0)
        } catch {
            await brain.stop()
            throw error
        }
        await brain.stop()
    }

    private func check(_ server: APIServerProcess) async throws {
        let admin = Kubectl(minor: 33, kubeconfig: server.kubeconfig)
        var kubectl: [String: Kubectl] = [:]
        for user in Self.users.keys { kubectl[user] = Kubectl(minor: 33, kubeconfig: try server.kubeconfig(for: user)) }

        let applied = try await admin.run(["apply", "-f", "-"], input: Self.policy)
        #expect(applied.status == 0, "\(applied.stderr)")
        // The aggregation controller fills in `monitoring` from the labelled role.
        try await self.eventually("monitoring aggregated") {
            try await admin.run("get", "clusterrole", "monitoring", "-o", "jsonpath={.rules[0].resources}").stdout == #"["services","endpoints"]"#
        }

        for (user, arguments, allowed) in Self.canI {
            let answer = try await kubectl[user, default: admin].run(["auth", "can-i"] + arguments)
            #expect(answer.stdout == (allowed ? "yes\n" : "no\n"), "\(user) can-i \(arguments.joined(separator: " ")): \(answer.stderr)")
        }
        // The admin is in system:masters; the aggregated default view role also reaches pods.
        #expect(try await admin.run("auth", "can-i", "delete", "nodes").stdout == "yes\n")

        // A refused request gets kube-apiserver's Status, before any handler ran.
        let alice = try #require(server.tokens["alice"])
        let refused = try await server.curl(["\(server.url)/api/v1/namespaces/default/pods", "-w", "\n%{http_code}"], token: alice)
        #expect(refused.stdout == """
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods is forbidden: User \\"alice\\" \
            cannot list resource \\"pods\\" in API group \\"\\" in the namespace \\"default\\"","reason":"Forbidden",\
            "details":{"kind":"pods"},"code":403}
            403
            """)
        let named = try await kubectl["alice", default: admin].run("delete", "pod", "web", "-n", "team")
        #expect(named.stderr.contains(
            #"Error from server (Forbidden): pods "web" is forbidden: User "alice" cannot delete resource "pods" in API group "" in the namespace "team""#
        ), "\(named.stderr)")
        let allowedRead = try await kubectl["alice", default: admin].run("get", "pods", "-n", "team")
        #expect(allowedRead.status == 0, "\(allowedRead.stderr)")
        #expect(try await server.curl(["\(server.url)/version", "-o", "/dev/null", "-w", "%{http_code}"], anonymous: true).stdout == "200")
        #expect(try await server.curl(["\(server.url)/api", "-o", "/dev/null", "-w", "%{http_code}"], anonymous: true).stdout == "401")

        try await self.checkSubjectAccessReviews(server)
        try await self.checkImpersonation(server, ivan: kubectl["ivan", default: admin], alice: kubectl["alice", default: admin])
        try await self.checkRulesList(kubectl["alice", default: admin])
        try await self.checkBindingChangesApplyWithinASecond(server)
        try await self.checkEscalationPrevention(admin: admin, sam: kubectl["sam", default: admin])
    }

    /// A user who may write roles and bindings may only grant what it holds, unless it may
    /// `escalate` roles or `bind` the role; refusals carry kube-apiserver's message.
    private func checkEscalationPrevention(admin: Kubectl, sam: Kubectl) async throws {
        let granted = try await admin.run(["apply", "-f", "-"], input: """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: rbac.authorization.k8s.io/v1
              kind: Role
              metadata: {name: rbac-manager, namespace: team}
              rules:
              - {apiGroups: [rbac.authorization.k8s.io], resources: [roles, rolebindings], verbs: [create, get, update, patch]}
              - {apiGroups: [""], resources: [pods], verbs: [get, list]}
            - apiVersion: rbac.authorization.k8s.io/v1
              kind: RoleBinding
              metadata: {name: sam-manages-rbac, namespace: team}
              roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: rbac-manager}
              subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: sam}]
            """)
        #expect(granted.status == 0, "\(granted.stderr)")
        let held = try await sam.run("create", "role", "pods-read", "--verb=get,list", "--resource=pods", "-n", "team")
        #expect(held.status == 0, "\(held.stderr)")
        let notHeld = try await sam.run("create", "role", "pods-delete", "--verb=get,delete,deletecollection", "--resource=pods,secrets", "-n", "team")
        #expect(notHeld.stderr.contains("""
            roles.rbac.authorization.k8s.io "pods-delete" is forbidden: user "sam" (groups=["system:authenticated"]) is attempting \
            to grant RBAC permissions not currently held:
            {APIGroups:[""], Resources:["pods"], Verbs:["delete" "deletecollection"]}
            {APIGroups:[""], Resources:["secrets"], Verbs:["get" "delete" "deletecollection"]}
            """), "\(notHeld.stderr)")
        let bindHeld = try await sam.run("create", "rolebinding", "alice-pods-read", "--role=pods-read", "--user=alice", "-n", "team")
        #expect(bindHeld.status == 0, "\(bindHeld.stderr)")
        let bindEdit = try await sam.run("create", "rolebinding", "sam-edits", "--clusterrole=edit", "--user=sam", "-n", "team")
        #expect(bindEdit.stderr.contains(#"rolebindings.rbac.authorization.k8s.io "sam-edits" is forbidden: user "sam" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:"#), "\(bindEdit.stderr)")
        let bindMissing = try await sam.run("create", "rolebinding", "sam-nothing", "--role=no-such-role", "--user=sam", "-n", "team")
        #expect(bindMissing.stderr.contains(#"role.rbac.authorization.k8s.io "no-such-role" not found"#), "\(bindMissing.stderr)")
        // With `escalate` on roles and `bind` on the edit ClusterRole, both go through.
        let widened = try await admin.run(["apply", "-f", "-"], input: """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: rbac-manager, namespace: team}
            rules:
            - {apiGroups: [rbac.authorization.k8s.io], resources: [roles, rolebindings], verbs: [create, get, update, patch]}
            - {apiGroups: [""], resources: [pods], verbs: [get, list]}
            - {apiGroups: [rbac.authorization.k8s.io], resources: [roles], verbs: [escalate]}
            - {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], resourceNames: [edit], verbs: [bind]}
            """)
        #expect(widened.status == 0, "\(widened.stderr)")
        try await self.eventually("escalate and bind granted") {
            try await sam.run("auth", "can-i", "escalate", "roles", "-n", "team").stdout == "yes\n"
        }
        let escalated = try await sam.run("create", "role", "pods-delete", "--verb=get,delete,deletecollection", "--resource=pods,secrets", "-n", "team")
        #expect(escalated.status == 0, "\(escalated.stderr)")
        let bound = try await sam.run("create", "rolebinding", "sam-edits", "--clusterrole=edit", "--user=sam", "-n", "team")
        #expect(bound.status == 0, "\(bound.stderr)")
    }

    /// Posts a review as `token`'s user (the admin by default); body and status code.
    private func review(_ server: APIServerProcess, _ resource: String, _ body: String, token: String? = nil) async throws -> (String, String) {
        let answer = try await server.curl(
            ["-X", "POST", "-H", "Content-Type: application/json", "--data-binary", "@-", "-w", "\n%{http_code}",
             "\(server.url)/apis/authorization.k8s.io/v1/\(resource)"],
            token: token, input: body
        )
        let lines = answer.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        return (lines.dropLast().joined(separator: "\n"), String(lines.last ?? ""))
    }

    private func checkSubjectAccessReviews(_ server: APIServerProcess) async throws {
        let forAlice = #"{"kind":"SubjectAccessReview","apiVersion":"authorization.k8s.io/v1","spec":{"user":"alice","resourceAttributes":{"namespace":"team","verb":"list","resource":"pods"}}}"#
        let (allowed, code) = try await self.review(server, "subjectaccessreviews", forAlice)
        #expect(code == "201")
        #expect(allowed.contains(#""status":{"allowed":true,"reason":"RBAC: allowed by RoleBinding \"alice-reads/team\" of Role \"pod-reader\" to User \"alice\""}"#), "\(allowed)")
        let forGroup = #"{"kind":"SubjectAccessReview","apiVersion":"authorization.k8s.io/v1","spec":{"groups":["ops"],"resourceAttributes":{"verb":"list","resource":"nodes"}}}"#
        #expect(try await self.review(server, "subjectaccessreviews", forGroup).0.contains(#""allowed":true"#))
        let noSubject = #"{"kind":"SubjectAccessReview","apiVersion":"authorization.k8s.io/v1","spec":{"resourceAttributes":{"verb":"list","resource":"nodes"}}}"#
        let (invalid, invalidCode) = try await self.review(server, "subjectaccessreviews", noSubject)
        #expect(invalidCode == "422" && invalid.contains("at least one of user or group must be specified"), "\(invalid)")
        // Only those allowed to create subject access reviews may ask about others.
        let (refused, refusedCode) = try await self.review(server, "subjectaccessreviews", forAlice, token: server.tokens["alice"])
        #expect(refusedCode == "403" && refused.contains(#"cannot create resource \"subjectaccessreviews\" in API group \"authorization.k8s.io\" at the cluster scope"#), "\(refused)")

        let local = #"{"kind":"LocalSubjectAccessReview","apiVersion":"authorization.k8s.io/v1","metadata":{"namespace":"team"},"spec":{"user":"bob","groups":["devs"],"resourceAttributes":{"verb":"create","group":"apps","resource":"deployments"}}}"#
        let (localAnswer, localCode) = try await self.review(server, "namespaces/team/localsubjectaccessreviews", local)
        #expect(localCode == "201" && localAnswer.contains(#""allowed":true"#), "\(localAnswer)")
        let (elsewhere, _) = try await self.review(server, "namespaces/other/localsubjectaccessreviews", local.replacingOccurrences(of: "team", with: "other"))
        #expect(elsewhere.contains(#""status":{"allowed":false}"#), "\(elsewhere)")
    }

    private func checkImpersonation(_ server: APIServerProcess, ivan: Kubectl, alice: Kubectl) async throws {
        let asAlice = try await ivan.run("--as", "alice", "get", "pods", "-n", "team")
        #expect(asAlice.status == 0, "\(asAlice.stderr)")
        #expect(try await ivan.run("--as", "alice", "auth", "can-i", "list", "pods", "-n", "team").stdout == "yes\n")
        #expect(try await ivan.run("auth", "can-i", "list", "pods", "-n", "team").stdout == "no\n")
        let whoami = try await ivan.run("--as", "alice", "--as-group", "devs", "auth", "whoami", "-o", "jsonpath={.status.userInfo.username} {.status.userInfo.groups}")
        #expect(whoami.stdout == #"alice ["devs","system:authenticated"]"#, "\(whoami.stderr)")
        // As alice in devs, the devs binding applies too.
        #expect(try await ivan.run("--as", "alice", "--as-group", "devs", "auth", "can-i", "create", "deployments.apps", "-n", "team").stdout == "yes\n")

        let asBob = try await ivan.run("--as", "bob", "get", "pods", "-n", "team")
        #expect(asBob.stderr.contains(
            #"Error from server (Forbidden): users "bob" is forbidden: User "ivan" cannot impersonate resource "users" in API group "" at the cluster scope"#
        ), "\(asBob.stderr)")
        let asOps = try await ivan.run("--as", "alice", "--as-group", "ops", "get", "nodes")
        #expect(asOps.stderr.contains(#"groups "ops" is forbidden: User "ivan" cannot impersonate resource "groups" in API group """#), "\(asOps.stderr)")
        let byAlice = try await alice.run("--as", "ivan", "get", "pods", "-n", "team")
        #expect(byAlice.stderr.contains(#"users "ivan" is forbidden: User "alice" cannot impersonate resource "users""#), "\(byAlice.stderr)")

        // A service account gets its groups, and RoleBindings naming it apply.
        let account = try await ivan.run(
            "--as", "system:serviceaccount:team:builder", "auth", "whoami", "-o", "jsonpath={.status.userInfo.groups}"
        )
        #expect(account.stdout == #"["system:serviceaccounts","system:serviceaccounts:team","system:authenticated"]"#, "\(account.stderr)")
        #expect(try await ivan.run("--as", "system:serviceaccount:team:builder", "auth", "can-i", "list", "pods", "-n", "team").stdout == "yes\n")
        #expect(try await ivan.run("--as", "system:serviceaccount:other:builder", "auth", "can-i", "list", "pods", "-n", "team").stdout == "no\n")
    }

    private func checkRulesList(_ alice: Kubectl) async throws {
        let list = try await alice.run("auth", "can-i", "--list", "-n", "team")
        #expect(list.status == 0, "\(list.stderr)")
        let lines = list.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        #expect(lines.first == "Resources Non-Resource URLs Resource Names Verbs")
        #expect(lines.contains("pods [] [] [get list watch]"), "\(list.stdout)")
        #expect(lines.contains("pods/log [] [] [get]"), "\(list.stdout)")
        #expect(lines.contains("configmaps [] [app-config] [get]"), "\(list.stdout)")
        #expect(lines.contains("selfsubjectaccessreviews.authorization.k8s.io [] [] [create]"), "\(list.stdout)")
        #expect(lines.contains("[/version] [] [get]"), "\(list.stdout)")
        #expect(!list.stdout.contains("deployments"), "\(list.stdout)")
        let elsewhere = try await alice.run("auth", "can-i", "--list", "-n", "other")
        #expect(!elsewhere.stdout.contains("pods"), "\(elsewhere.stdout)")
    }

    /// A new binding is honoured, and a deleted one revoked, within a second of the write.
    private func checkBindingChangesApplyWithinASecond(_ server: APIServerProcess) async throws {
        let sam = try #require(server.tokens["sam"])
        let review = #"{"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview","spec":{"resourceAttributes":{"namespace":"other","verb":"list","resource":"pods"}}}"#
        let allowed = {
            let answer = try await server.curl(
                ["-X", "POST", "-H", "Content-Type: application/json", "--data-binary", "@-", "\(server.url)/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"],
                token: sam, input: review
            )
            return answer.stdout.contains(#""allowed":true"#)
        }
        #expect(try await !allowed())
        let binding = #"{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"sam-views","namespace":"other"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"view"},"subjects":[{"kind":"User","name":"sam"}]}"#
        let created = try await server.curl(
            ["-X", "POST", "-H", "Content-Type: application/json", "--data-binary", "@-", "-o", "/dev/null", "-w", "%{http_code}",
             "\(server.url)/apis/rbac.authorization.k8s.io/v1/namespaces/other/rolebindings"],
            input: binding
        )
        #expect(created.stdout == "201")
        let granted = ContinuousClock.now
        try await self.eventually("binding honoured", within: .seconds(1)) { try await allowed() }
        #expect(ContinuousClock.now - granted < .seconds(1))

        let deleted = try await server.curl(
            ["-X", "DELETE", "-o", "/dev/null", "-w", "%{http_code}", "\(server.url)/apis/rbac.authorization.k8s.io/v1/namespaces/other/rolebindings/sam-views"]
        )
        #expect(deleted.stdout == "200")
        let revoked = ContinuousClock.now
        try await self.eventually("binding revoked", within: .seconds(1)) { try await !allowed() }
        #expect(ContinuousClock.now - revoked < .seconds(1))
    }

    private func eventually(_ what: String, within limit: Duration = .seconds(10), _ condition: () async throws -> Bool) async throws {
        if try await !WharfTestSupport.eventually(within: limit, every: .milliseconds(50), condition) {
            Issue.record("\(what): not within \(limit)")
        }
    }

    @Test func authorizationModeTakesKubesNames() throws {
        for command in ["apiserver", "up"] {
            let help = try CommandResult.run(WharfBinary.url.path, [command, "--help"])
            #expect(help.stdout.contains("--authorization-mode <authorization-mode>"), "\(command)")
            let words = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(words.contains("comma-separated: RBAC, AlwaysAllow. (default: RBAC)"), "\(command)")
        }
        let unknown = try CommandResult.run(WharfBinary.url.path, ["apiserver", "--insecure-plain-http", "--authorization-mode", "Node,RBAC"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("--authorization-mode must be a comma-separated list of RBAC and AlwaysAllow"))
    }
}
