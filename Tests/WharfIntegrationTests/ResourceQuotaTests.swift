import Foundation
import Testing
import WharfTestSupport

/// LimitRanger and ResourceQuota admission and the resource quota controller, on `wharf apiserver`
/// over brain and real etcd 3.4, driven by kubectl 1.33 and raw HTTP.
@Suite(.serialized) struct ResourceQuotaTests {
    /// The API server harness (store, server, kubectl) shared with the API server tests.
    private let cluster = APIServerTests()

    /// A pod `name` with one container `app` whose `resources` are the given YAML flow mapping.
    private func pod(_ name: String, namespace: String, resources: String = "{}") -> String {
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: \(name), namespace: \(namespace)}
        spec:
          containers:
          - {name: app, image: nginx, resources: \(resources)}
        """
    }

    @Test func limitRangesDefaultPodsAndRefuseOnesAboveMaximum() async throws {
        try await self.cluster.withAPIServer(.brain, tls: true) { server, _ in
            let kubectl = Kubectl(minor: 33, kubeconfig: server.kubeconfig)
            #expect(try await kubectl.run("create", "namespace", "team").status == 0)
            let limits = """
                apiVersion: v1
                kind: LimitRange
                metadata: {name: limits, namespace: team}
                spec:
                  limits:
                  - type: Container
                    default: {cpu: 500m, memory: 128Mi}
                    defaultRequest: {cpu: 100m}
                    max: {cpu: "1"}
                """
            #expect(try await kubectl.run(["create", "-f", "-"], input: limits).status == 0)
            // kube's LimitRange defaults: the memory default request comes from the default limit.
            #expect(try await kubectl.run("get", "limitrange", "limits", "-n", "team", "-o", "jsonpath={.spec.limits[0].defaultRequest}").stdout
                == #"{"cpu":"100m","memory":"128Mi"}"#)

            // The follower sees the LimitRange shortly after it is created.
            let defaulted = try await eventually {
                _ = try await kubectl.run(["create", "-f", "-"], input: self.pod("plain", namespace: "team"))
                let resources = try await kubectl.run("get", "pod", "plain", "-n", "team", "-o", "jsonpath={.spec.containers[0].resources}")
                if resources.stdout == "{}" { _ = try await kubectl.run("delete", "pod", "plain", "-n", "team") }
                return resources.stdout != "{}" && resources.status == 0
            }
            #expect(defaulted)
            let resources = try await kubectl.run("get", "pod", "plain", "-n", "team", "-o", "jsonpath={.spec.containers[0].resources}")
            #expect(resources.stdout == #"{"limits":{"cpu":"500m","memory":"128Mi"},"requests":{"cpu":"100m","memory":"128Mi"}}"#)
            let note = try await kubectl.run("get", "pod", "plain", "-n", "team", "-o", #"jsonpath={.metadata.annotations.kubernetes\.io/limit-ranger}"#)
            #expect(note.stdout == "LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for container app")

            // A container's own limit is also its request (kube's pod defaults), not the LimitRange's default request.
            let sized = try await kubectl.run(["create", "-f", "-"], input: self.pod("sized", namespace: "team", resources: "{limits: {cpu: 800m}}"))
            #expect(sized.status == 0, "\(sized.stderr)")
            #expect(try await kubectl.run("get", "pod", "sized", "-n", "team", "-o", "jsonpath={.spec.containers[0].resources}").stdout
                == #"{"limits":{"cpu":"800m","memory":"128Mi"},"requests":{"cpu":"800m","memory":"128Mi"}}"#)

            let big = try await kubectl.run(["create", "-f", "-"], input: self.pod("big", namespace: "team", resources: "{limits: {cpu: 2}}"))
            #expect(big.status == 1)
            #expect(big.stderr.contains(#"pods "big" is forbidden: maximum cpu usage per Container is 1, but limit is 2"#), "\(big.stderr)")
            #expect(try await kubectl.run("get", "pod", "big", "-n", "team").status == 1)
            // With a compute quota, the LimitRange's defaults give pods without resources what the quota requires.
            #expect(try await kubectl.run("create", "quota", "compute", "-n", "team", "--hard=requests.cpu=1,limits.memory=1Gi").status == 0)
            let used = { try await kubectl.run("get", "quota", "compute", "-n", "team", "-o", "jsonpath={.status.used}").stdout }
            let counted = try await eventually { try await used() == #"{"limits.memory":"256Mi","requests.cpu":"900m"}"# }
            #expect(counted)
            #expect(try await kubectl.run(["create", "-f", "-"], input: self.pod("auto", namespace: "team")).status == 0)
            #expect(try await used() == #"{"limits.memory":"384Mi","requests.cpu":"1"}"#)
            let over = try await kubectl.run(["create", "-f", "-"], input: self.pod("over", namespace: "team"))
            #expect(over.stderr.contains("exceeded quota: compute, requested: requests.cpu=100m, used: requests.cpu=1, limited: requests.cpu=1"), "\(over.stderr)")

            // Other namespaces have no LimitRange: nothing is defaulted there.
            #expect(try await kubectl.run(["create", "-f", "-"], input: self.pod("bare", namespace: "default")).status == 0)
            #expect(try await kubectl.run("get", "pod", "bare", "-o", "jsonpath={.spec.containers[0].resources}").stdout == "{}")
        }
    }

    @Test(arguments: APIServerTests.Backend.allCases) func quotasCountAndLimitPods(backend: APIServerTests.Backend) async throws {
        try await self.cluster.withAPIServer(backend, tls: true) { server, _ in
            let kubectl = Kubectl(minor: 33, kubeconfig: server.kubeconfig)
            #expect(try await kubectl.run("create", "namespace", "quota").status == 0)
            #expect(try await kubectl.run("create", "quota", "compute", "-n", "quota", "--hard=pods=2,requests.cpu=1").status == 0)
            let used = { try await kubectl.run("get", "quota", "compute", "-n", "quota", "-o", "jsonpath={.status.used}").stdout }
            // The controller fills in status.hard and status.used.
            let counted = try await eventually { try await used() == #"{"pods":"0","requests.cpu":"0"}"# }
            #expect(counted)
            #expect(try await kubectl.run("get", "quota", "compute", "-n", "quota", "-o", "jsonpath={.status.hard}").stdout
                == #"{"pods":"2","requests.cpu":"1"}"#)

            for name in ["a", "b"] {
                let created = try await kubectl.run(["create", "-f", "-"], input: self.pod(name, namespace: "quota", resources: "{requests: {cpu: 400m}}"))
                #expect(created.status == 0, "\(created.stderr)")
            }
            #expect(try await used() == #"{"pods":"2","requests.cpu":"800m"}"#)
            let third = try await kubectl.run(["create", "-f", "-"], input: self.pod("c", namespace: "quota", resources: "{requests: {cpu: 100m}}"))
            #expect(third.status == 1)
            #expect(third.stderr.contains(#"pods "c" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=2, limited: pods=2"#), "\(third.stderr)")
            let bare = try await kubectl.run(["create", "-f", "-"], input: self.pod("bare", namespace: "quota"))
            #expect(bare.stderr.contains(#"pods "bare" is forbidden: failed quota: compute: must specify requests.cpu for: app"#), "\(bare.stderr)")

            // kubectl shows used/hard.
            let table = try await kubectl.run("get", "quota", "-n", "quota")
            #expect(table.stdout.contains("pods: 2/2, requests.cpu: 800m/1"), "\(table.stdout)")
            let described = try await kubectl.run("describe", "quota", "compute", "-n", "quota").stdout
            let rows = described.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
            #expect(rows.contains(["pods", "2", "2"]) && rows.contains(["requests.cpu", "800m", "1"]), "\(described)")

            // Deleting a pod frees its share once the controller recounts.
            #expect(try await kubectl.run("delete", "pod", "a", "-n", "quota").status == 0)
            let freed = try await eventually { try await used() == #"{"pods":"1","requests.cpu":"400m"}"# }
            #expect(freed)
            // A dry run is checked but not charged.
            let dryRun = try await kubectl.run(["create", "--dry-run=server", "-f", "-"], input: self.pod("d", namespace: "quota", resources: "{requests: {cpu: 500m}}"))
            #expect(dryRun.status == 0, "\(dryRun.stderr)")
            #expect(try await used() == #"{"pods":"1","requests.cpu":"400m"}"#)
            let tooMuch = try await kubectl.run(["create", "-f", "-"], input: self.pod("d", namespace: "quota", resources: "{requests: {cpu: 700m}}"))
            #expect(tooMuch.stderr.contains("exceeded quota: compute, requested: requests.cpu=700m, used: requests.cpu=400m, limited: requests.cpu=1"), "\(tooMuch.stderr)")
            #expect(try await kubectl.run(["create", "-f", "-"], input: self.pod("d", namespace: "quota", resources: "{requests: {cpu: 600m}}")).status == 0)
            #expect(try await used() == #"{"pods":"2","requests.cpu":"1"}"#)

            // Ten concurrent creates against `pods: 3`: exactly three get in.
            #expect(try await kubectl.run("create", "namespace", "burst").status == 0)
            #expect(try await kubectl.run("create", "quota", "count", "-n", "burst", "--hard=pods=3").status == 0)
            #expect(try await eventually {
                try await kubectl.run("get", "quota", "count", "-n", "burst", "-o", "jsonpath={.status.used.pods}").stdout == "0"
            })
            let codes = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for index in 0..<10 {
                    group.addTask {
                        let body = #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p\#(index)"},"spec":{"containers":[{"name":"app","image":"nginx"}]}}"#
                        let result = self.cluster.response(try await server.curl([
                            "-X", "POST", "-H", "Content-Type: application/json", "\(server.url)/api/v1/namespaces/burst/pods",
                            "--data-binary", body, "-w", "\n%{http_code}",
                        ]))
                        return (result.code, result.body)
                    }
                }
                return try await group.reduce(into: [(Int, String)]()) { $0.append($1) }
            }
            #expect(codes.filter { $0.0 == 201 }.count == 3, "\(codes)")
            for (code, body) in codes where code != 201 {
                #expect(code == 403 && body.contains("exceeded quota: count, requested: pods=1, used: pods=3, limited: pods=3"), "\(body)")
            }
            #expect(try await kubectl.run("get", "pods", "-n", "burst", "-o", "name").stdout.split(separator: "\n").count == 3)
            #expect(try await kubectl.run("get", "quota", "count", "-n", "burst", "-o", "jsonpath={.status.used.pods}").stdout == "3")
        }
    }
}
