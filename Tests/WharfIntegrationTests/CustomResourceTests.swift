import Foundation
import Testing
import WharfTestSupport

/// A CustomResourceDefinition with two versions (v1 stored, v1beta1 served), a schema with defaults,
/// enums, patterns and bounds, status and scale subresources, printer columns and a short name.
enum CustomResourceFixtures {
    static let definition = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: crontabs.stable.example.com
        spec:
          group: stable.example.com
          scope: Namespaced
          names: {plural: crontabs, singular: crontab, kind: CronTab, shortNames: [ct], categories: [all]}
          versions:
          - name: v1beta1
            served: true
            storage: false
            schema:
              openAPIV3Schema:
                type: object
                x-kubernetes-preserve-unknown-fields: true
          - name: v1
            served: true
            storage: true
            subresources:
              status: {}
              scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas}
            additionalPrinterColumns:
            - {name: Schedule, type: string, jsonPath: .spec.cronSpec}
            - {name: Replicas, type: integer, jsonPath: .spec.replicas}
            - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    required: [cronSpec]
                    properties:
                      cronSpec: {type: string, pattern: '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'}
                      image: {type: string}
                      replicas: {type: integer, minimum: 1, maximum: 10, default: 1}
                      color: {type: string, enum: [red, blue]}
                  status:
                    type: object
                    properties:
                      replicas: {type: integer}
        """

    static let object = """
        apiVersion: stable.example.com/v1
        kind: CronTab
        metadata: {name: nightly}
        spec: {cronSpec: "0 3 * * *", image: backup:1}
        """
}

extension APIServerTests {
    /// The whole life of a CRD with kubectl 1.33 on `wharf apiserver` over etcd 3.4 and brain:
    /// served within a second of its creation, objects validated, defaulted, pruned, listed as a
    /// table, scaled, given a status, read in both versions, and deleted with their CRD.
    @Test(arguments: Backend.allCases) func customResourceLifecycle(backend: Backend) async throws {
        try await withAPIServer(backend, tls: true) { server, etcdctl in
            let kubectl = Kubectl(minor: 33, kubeconfig: server.kubeconfig)
            #expect(try await kubectl.run(["create", "-f", "-"], input: CustomResourceFixtures.definition).status == 0)
            let started = ContinuousClock.now
            var discovery = ""
            while ContinuousClock.now - started < .seconds(5) {
                discovery = try await server.curl(["\(server.url)/apis/stable.example.com/v1"]).stdout
                if discovery.contains("\"crontabs\"") { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(ContinuousClock.now - started < .seconds(1), "the CRD was served only after \(ContinuousClock.now - started)")
            #expect(discovery.contains(#""shortNames":["ct"]"#) && discovery.contains(#""crontabs/scale""#))
            #expect(try await server.curl(["\(server.url)/openapi/v3"]).stdout.contains("apis/stable.example.com/v1"))
            let established = try await kubectl.run("wait", "--for=condition=Established", "crd/crontabs.stable.example.com", "--timeout=5s")
            #expect(established.status == 0, "\(established.stderr)")
            let names = try await kubectl.run("get", "crd", "crontabs.stable.example.com", "-o", "jsonpath={.status.acceptedNames.kind} {.metadata.finalizers}")
            #expect(names.stdout == #"CronTab ["customresourcecleanup.apiextensions.k8s.io"]"#)

            // Create, default, print as a table, and find it stored under kube's key layout.
            #expect(try await kubectl.run(["apply", "-f", "-"], input: CustomResourceFixtures.object).status == 0)
            #expect(try await kubectl.run("get", "ct", "nightly", "-o", "jsonpath={.spec.replicas} {.metadata.generation}").stdout == "1 1")
            let table = try await kubectl.run("get", "crontabs")
            #expect(table.stdout.hasPrefix("NAME      SCHEDULE    REPLICAS   AGE\nnightly   0 3 * * *   1"), "\(table.stdout)")
            let stored = try etcdctl.run("get", "/registry/stable.example.com/crontabs/default/nightly", "--print-value-only").stdout
            #expect(stored.contains(#""apiVersion":"stable.example.com/v1""#) && stored.contains(#""replicas":1"#))

            // Invalid objects: every cause, in the apiextensions validator's words; unknown fields
            // refused under kubectl's strict field validation.
            let invalid = """
                apiVersion: stable.example.com/v1
                kind: CronTab
                metadata: {name: broken}
                spec: {cronSpec: sometimes, replicas: 20, color: pink}
                """
            let refused = try await kubectl.run(["create", "-f", "-"], input: invalid)
            #expect(refused.status != 0)
            for message in [
                #"spec.color: Unsupported value: "pink": supported values: "red", "blue""#,
                #"spec.replicas: Invalid value: 20: spec.replicas in body should be less than or equal to 10"#,
                #"spec.cronSpec: Invalid value: "sometimes": spec.cronSpec in body should match"#,
            ] {
                #expect(refused.stderr.contains(message), "\(refused.stderr)")
            }
            let withUnknownField = #"{"apiVersion": "stable.example.com/v1", "kind": "CronTab", "metadata": {"name": "extra"}, "spec": {"cronSpec": "* * * * *", "bogus": 1}}"#
            let unknown = try await kubectl.run(["create", "-f", "-"], input: withUnknownField)
            #expect(unknown.stderr.contains(#"strict decoding error: unknown field "spec.bogus""#), "\(unknown.stderr)")

            // Scale and status subresources; spec changes bump the generation, status ones do not.
            #expect(try await kubectl.run("scale", "ct", "nightly", "--replicas=3").status == 0)
            #expect(try await kubectl.run("get", "ct", "nightly", "-o", "jsonpath={.spec.replicas} {.metadata.generation}").stdout == "3 2")
            #expect(try await kubectl.run("patch", "ct", "nightly", "--subresource=status", "--type=merge", "-p", #"{"status":{"replicas":3}}"#).status == 0)
            #expect(try await kubectl.run("patch", "ct", "nightly", "--type=merge", "-p", #"{"status":{"replicas":9}}"#).status == 0)
            #expect(try await kubectl.run("get", "ct", "nightly", "-o", "jsonpath={.status.replicas} {.metadata.generation}").stdout == "3 2")
            let strategic = try await kubectl.run("patch", "ct", "nightly", "-p", #"{"spec":{"image":"backup:2"}}"#)
            #expect(strategic.stderr.contains("the body of the request was in an unknown format"), "\(strategic.stderr)")
            let scale = try await server.curl(["\(server.url)/apis/stable.example.com/v1/namespaces/default/crontabs/nightly/scale"])
            #expect(scale.stdout.contains(#""spec":{"replicas":3},"status":{"replicas":3}"#), "\(scale.stdout)")

            // The other served version reads the same object with its own apiVersion.
            let old = try json(try await server.curl(["\(server.url)/apis/stable.example.com/v1beta1/namespaces/default/crontabs/nightly"]))
            #expect(old["apiVersion"] as? String == "stable.example.com/v1beta1")
            let explained = try await kubectl.run("explain", "crontab.spec.replicas")
            #expect(explained.stdout.contains("FIELD: replicas <integer>"), "\(explained.stdout)")

            // A second CRD claiming the same kind in the group is not accepted.
            let clash = CustomResourceFixtures.definition
                .replacingOccurrences(of: "crontabs.stable", with: "crontasks.stable")
                .replacingOccurrences(of: "plural: crontabs, singular: crontab", with: "plural: crontasks, singular: crontask")
                .replacingOccurrences(of: "shortNames: [ct]", with: "shortNames: [ctk]")
            #expect(try await kubectl.run(["create", "-f", "-"], input: clash).status == 0)
            var reason = ""
            for _ in 0..<50 where reason.isEmpty {
                reason = try await kubectl.run("get", "crd", "crontasks.stable.example.com", "-o",
                                               #"jsonpath={.status.conditions[?(@.type=="NamesAccepted")].reason}"#).stdout
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(reason == "KindConflict")
            #expect(try await server.curl(["-o", "/dev/null", "-w", "%{http_code}", "\(server.url)/apis/stable.example.com/v1/crontasks"]).stdout == "404")

            // Deleting the CRD deletes its objects first, then itself; discovery forgets it.
            let deleted = try await kubectl.run("delete", "crd", "crontabs.stable.example.com", "--timeout=10s")
            #expect(deleted.status == 0, "\(deleted.stderr)")
            #expect(try etcdctl.run("get", "--prefix", "/registry/stable.example.com/crontabs/", "--keys-only").stdout.isEmpty)
            #expect(try await server.curl(["-o", "/dev/null", "-w", "%{http_code}", "\(server.url)/apis/stable.example.com/v1/crontabs"]).stdout == "404")
        }
    }
}

extension KubectlTests {
    /// The oldest supported kubectl with a CRD on `wharf up`: apply, table, explain and delete.
    @Test func customResourcesWithOldestKubectl() async throws {
        try await withCluster { up in
            let kubectl = Kubectl(minor: 27, kubeconfig: up.kubeconfig)
            #expect(try await kubectl.run(["apply", "-f", "-"], input: CustomResourceFixtures.definition).status == 0)
            #expect(try await kubectl.run("wait", "--for=condition=Established", "crd/crontabs.stable.example.com", "--timeout=5s").status == 0)
            let applied = try await kubectl.run(["apply", "-f", "-"], input: CustomResourceFixtures.object)
            #expect(applied.stdout == "crontab.stable.example.com/nightly created\n", "\(applied.stderr)")
            let table = try await kubectl.run("get", "ct")
            #expect(table.stdout.contains("nightly   0 3 * * *   1"), "\(table.stdout) \(table.stderr)")
            #expect(try await kubectl.run("get", "all", "-o", "name").stdout.contains("crontab.stable.example.com/nightly"))
            let explained = try await kubectl.run("explain", "crontabs.spec")
            #expect(explained.stdout.contains("cronSpec"), "\(explained.stdout) \(explained.stderr)")
            #expect(try await kubectl.run("delete", "crd", "crontabs.stable.example.com").status == 0)
            #expect(try await kubectl.run("get", "ct").status != 0)
        }
    }
}

extension KubectlTests {
    /// Server-side apply with kubectl: two field managers, a conflict with kube-apiserver's message,
    /// shared ownership of equal values, `--force-conflicts`, removal of fields a manager stops
    /// applying, and `managedFields` kept by ordinary writes.
    @Test(arguments: releases) func serverSideApplyWithTwoManagers(minor: Int) async throws {
        try await withCluster { up in
            let kubectl = Kubectl(minor: minor, kubeconfig: up.kubeconfig)
            let config = """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings, labels: {team: a}}
                data: {color: blue, size: large}
                """
            let applied = try await kubectl.run(["apply", "--server-side", "-f", "-"], input: config)
            #expect(applied.stdout == "configmap/settings serverside-applied\n", "\(applied.stderr)")
            let rv = try await kubectl.run("get", "cm", "settings", "-o", "jsonpath={.metadata.resourceVersion}").stdout
            #expect(try await kubectl.run(["apply", "--server-side", "-f", "-"], input: config).status == 0)
            #expect(try await kubectl.run("get", "cm", "settings", "-o", "jsonpath={.metadata.resourceVersion}").stdout == rv)

            // Another manager changing an owned field conflicts; the same value is shared.
            let other = config.replacingOccurrences(of: "color: blue, size: large", with: "color: red")
            let conflict = try await kubectl.run(["apply", "--server-side", "--field-manager=tuner", "-f", "-"], input: other)
            #expect(conflict.status != 0)
            #expect(conflict.stderr.contains(#"Apply failed with 1 conflict: conflict with "kubectl": .data.color"#), "\(conflict.stderr)")
            let shared = config.replacingOccurrences(of: "color: blue, size: large", with: "color: blue")
            #expect(try await kubectl.run(["apply", "--server-side", "--field-manager=tuner", "-f", "-"], input: shared).status == 0)
            let managers = try await kubectl.run("get", "cm", "settings", "-o", "jsonpath={.metadata.managedFields[*].manager}")
            #expect(managers.stdout == "kubectl tuner")

            // Forcing takes the field over; the first manager dropping it then leaves it alone.
            #expect(try await kubectl.run(["apply", "--server-side", "--force-conflicts", "--field-manager=tuner", "-f", "-"], input: other).status == 0)
            let withoutColor = config.replacingOccurrences(of: "color: blue, size: large", with: "size: large")
            #expect(try await kubectl.run(["apply", "--server-side", "-f", "-"], input: withoutColor).status == 0)
            #expect(try await kubectl.run("get", "cm", "settings", "-o", "jsonpath={.data}").stdout == #"{"color":"red","size":"large"}"#)
            let withoutSize = config.replacingOccurrences(of: "\ndata: {color: blue, size: large}", with: "")
            #expect(try await kubectl.run(["apply", "--server-side", "-f", "-"], input: withoutSize).status == 0)
            #expect(try await kubectl.run("get", "cm", "settings", "-o", "jsonpath={.data}").stdout == #"{"color":"red"}"#)
            // Dropping the last key of a map the manager alone owned leaves no empty map behind.
            #expect(try await kubectl.run(["apply", "--server-side", "--field-manager=tuner", "-f", "-"], input: withoutSize).status == 0)
            #expect(try await kubectl.run("get", "cm", "settings", "-o", "jsonpath={.data}").stdout == "")

            // An ordinary update records its own manager.
            #expect(try await kubectl.run("label", "cm", "settings", "extra=yes").status == 0)
            let fields = try await kubectl.run("get", "cm", "settings", "--show-managed-fields", "-o",
                                               #"jsonpath={.metadata.managedFields[?(@.operation=="Update")].fieldsV1}"#)
            #expect(fields.stdout == #"{"f:metadata":{"f:labels":{"f:extra":{}}}}"#, "\(fields.stdout)")
        }
    }
}
