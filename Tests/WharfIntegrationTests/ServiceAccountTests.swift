import Foundation
import Testing
import WharfTestSupport

/// ServiceAccounts with `wharf up` (and `wharf apiserver` on etcd 3.4), driven by kubectl 1.33:
/// the service account controller, the root CA publisher, ServiceAccount admission, and the flags
/// that turn them off.
@Suite(.serialized) struct ServiceAccountTests {
    /// Runs `body` against a fresh `wharf up` started with `arguments`.
    func withCluster(_ arguments: [String] = [], _ body: (WharfUpProcess, Kubectl) async throws -> Void) async throws {
        let directory = try TemporaryDirectory(prefix: "wharf-serviceaccounts")
        defer { directory.remove() }
        let up = try await WharfUpProcess.start(dataDirectory: directory.url, extraArguments: arguments)
        do {
            try await body(up, Kubectl(minor: 33, kubeconfig: up.kubeconfig))
        } catch {
            await up.stop()
            throw error
        }
        #expect(await up.stop() == 0)
    }

    /// `kubectl get <arguments> -o jsonpath=<path>`'s output.
    func jsonPath(_ kubectl: Kubectl, _ arguments: [String], _ path: String) async throws -> String {
        try await kubectl.run(["get"] + arguments + ["-o", "jsonpath=\(path)"]).stdout
    }

    /// A pod object as kubectl reads it back.
    func pod(_ kubectl: Kubectl, _ name: String, namespace: String) async throws -> [String: Any] {
        let output = try await kubectl.run("get", "pod", name, "-n", namespace, "-o", "json")
        return try #require(JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any], "\(output.stderr)")
    }

    /// JSON text with sorted keys, to compare decoded values.
    func canonical(_ value: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
    }

    /// A one-container pod manifest.
    func podManifest(_ name: String, namespace: String, spec: String = "") -> String {
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: \(name), namespace: \(namespace)}
        spec:
          containers: [{name: app, image: nginx:1.25}]
        \(spec.isEmpty ? "" : "  " + spec)
        """
    }

    static let rootCADescription =
        "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters."

    @Test func namespacesGetTheDefaultAccountAndTheRootCAAndKeepThem() async throws {
        try await withCluster { up, kubectl in
            let ca = try String(contentsOf: up.caFile, encoding: .utf8)
            // Namespaces that existed at start get them too.
            #expect(try await eventually(within: .seconds(10)) { try await jsonPath(kubectl, ["serviceaccount", "default", "-n", "kube-system"], "{.metadata.name}") == "default" })
            #expect(try await kubectl.run("create", "namespace", "x").status == 0)
            let account = ["serviceaccount", "default", "-n", "x"]
            let configMap = ["configmap", "kube-root-ca.crt", "-n", "x"]
            #expect(try await eventually(within: .seconds(5)) { try await jsonPath(kubectl, account, "{.metadata.name}") == "default" })
            #expect(try await eventually(within: .seconds(5)) { try await jsonPath(kubectl, configMap, #"{.data.ca\.crt}"#) == ca })
            #expect(try await jsonPath(kubectl, configMap, #"{.metadata.annotations.kubernetes\.io/description}"#) == Self.rootCADescription)
            #expect(try await jsonPath(kubectl, configMap, "{.metadata.managedFields[0].manager}") == "kube-controller-manager")

            // Deleted, both come back (as new objects); a changed CA is put back.
            let accountUID = try await jsonPath(kubectl, account, "{.metadata.uid}")
            let configMapUID = try await jsonPath(kubectl, configMap, "{.metadata.uid}")
            #expect(try await kubectl.run(["delete"] + account).status == 0)
            #expect(try await kubectl.run(["delete"] + configMap).status == 0)
            #expect(try await eventually(within: .seconds(5)) {
                let uid = try await jsonPath(kubectl, account, "{.metadata.uid}")
                return !uid.isEmpty && uid != accountUID
            })
            #expect(try await eventually(within: .seconds(5)) {
                let uid = try await jsonPath(kubectl, configMap, "{.metadata.uid}")
                return !uid.isEmpty && uid != configMapUID
            })
            let patched = try await kubectl.run(["patch"] + configMap + ["--type=merge", "-p", #"{"data":{"ca.crt":"tampered","extra":"x"},"metadata":{"annotations":null}}"#])
            #expect(patched.status == 0, "\(patched.stderr)")
            #expect(try await eventually(within: .seconds(5)) { try await jsonPath(kubectl, configMap, #"{.data.ca\.crt}|{.data.extra}"#) == ca + "|" })
            #expect(try await jsonPath(kubectl, configMap, #"{.metadata.annotations.kubernetes\.io/description}"#) == Self.rootCADescription)
        }
    }

    @Test func podsRunAsTheirAccountWithTheTokenMounted() async throws {
        try await withCluster { up, kubectl in
            #expect(try await kubectl.run("create", "namespace", "x").status == 0)
            // Created right away: admission waits a little for the controller's default account.
            let created = try await kubectl.run(["create", "-f", "-"], input: podManifest("web", namespace: "x", spec: "initContainers: [{name: setup, image: busybox}]"))
            #expect(created.status == 0, "\(created.stderr)")
            let pod = try await pod(kubectl, "web", namespace: "x")
            let spec = try #require(pod["spec"] as? [String: Any])
            #expect(spec["serviceAccountName"] as? String == "default")
            #expect(spec["serviceAccount"] as? String == "default")
            let volumes = try #require(spec["volumes"] as? [[String: Any]])
            #expect(volumes.count == 1)
            let volumeName = try #require(volumes.first?["name"] as? String)
            #expect(volumeName.hasPrefix("kube-api-access-") && volumeName.count == 21, "\(volumeName)")
            let expected: [String: Any] = [
                "defaultMode": 420,
                "sources": [
                    ["serviceAccountToken": ["expirationSeconds": 3607, "path": "token"]],
                    ["configMap": ["name": "kube-root-ca.crt", "items": [["key": "ca.crt", "path": "ca.crt"]]]],
                    ["downwardAPI": ["items": [["path": "namespace", "fieldRef": ["apiVersion": "v1", "fieldPath": "metadata.namespace"]]]]],
                ],
            ]
            #expect(try canonical(volumes.first?["projected"] ?? [:]) == canonical(expected), "\(volumes)")
            let mount: [String: Any] = ["name": volumeName, "readOnly": true, "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount"]
            for field in ["containers", "initContainers"] {
                let mounts = (spec[field] as? [[String: Any]])?.first?["volumeMounts"] as? [[String: Any]] ?? []
                #expect(try canonical(mounts) == canonical([mount]), "\(field)")
            }

            // A missing account refuses the pod with kube's message.
            let missing = try await kubectl.run(["create", "-f", "-"], input: podManifest("lost", namespace: "x", spec: "serviceAccountName: builder"))
            #expect(missing.status != 0)
            #expect(
                missing.stderr.contains(#"pods "lost" is forbidden: error looking up service account x/builder: serviceaccount "builder" not found"#),
                "\(missing.stderr)"
            )
            #expect(try await kubectl.run("create", "serviceaccount", "builder", "-n", "x").status == 0)
            #expect(try await kubectl.run(["create", "-f", "-"], input: podManifest("found", namespace: "x", spec: "serviceAccountName: builder")).status == 0)
            #expect(try await jsonPath(kubectl, ["pod", "found", "-n", "x"], "{.spec.serviceAccountName} {.spec.volumes[0].projected.sources[0].serviceAccountToken.path}") == "builder token")

            // Opting out on the pod leaves it without the volume.
            let optedOut = try await kubectl.run(["create", "-f", "-"], input: podManifest("quiet", namespace: "x", spec: "automountServiceAccountToken: false"))
            #expect(optedOut.status == 0, "\(optedOut.stderr)")
            #expect(try await jsonPath(kubectl, ["pod", "quiet", "-n", "x"], "{.spec.serviceAccountName}|{.spec.volumes}|{.spec.containers[0].volumeMounts}") == "default||")
        }
    }

    @Test func disabledPluginAndControllerLeaveNamespacesAndPodsAlone() async throws {
        try await withCluster(["--disable-admission-plugins=ServiceAccount", "--controllers=*,-serviceaccount-controller"]) { _, kubectl in
            #expect(try await kubectl.run("create", "namespace", "x").status == 0)
            // The root CA publisher still runs; once it has written, the account controller would have too.
            #expect(try await eventually(within: .seconds(5)) { try await jsonPath(kubectl, ["configmap", "kube-root-ca.crt", "-n", "x"], "{.metadata.name}") == "kube-root-ca.crt" })
            try await Task.sleep(for: .seconds(1))
            #expect(try await kubectl.run("get", "serviceaccounts", "-n", "x", "-o", "name").stdout == "")
            let created = try await kubectl.run(["create", "-f", "-"], input: podManifest("web", namespace: "x"))
            #expect(created.status == 0, "\(created.stderr)")
            #expect(try await jsonPath(kubectl, ["pod", "web", "-n", "x"], "{.spec.serviceAccountName}|{.spec.volumes}|{.spec.containers[0].volumeMounts}") == "||")
        }
    }

    @Test func apiserverPublishesItsClientCAOnEtcd() async throws {
        try await APIServerTests().withAPIServer(.etcd, tls: true) { server, _ in
            let kubectl = Kubectl(minor: 33, kubeconfig: server.kubeconfig)
            let ca = try String(contentsOf: server.caFile, encoding: .utf8)
            #expect(try await kubectl.run("create", "namespace", "x").status == 0)
            #expect(try await eventually(within: .seconds(5)) { try await jsonPath(kubectl, ["configmap", "kube-root-ca.crt", "-n", "x"], #"{.data.ca\.crt}"#) == ca })
            #expect(try await eventually(within: .seconds(5)) { try await jsonPath(kubectl, ["serviceaccount", "default", "-n", "x"], "{.metadata.name}") == "default" })
        }
    }

    @Test func tokensOfADeletedOrRecreatedAccountAreRefused() async throws {
        try await withCluster { up, kubectl in
            #expect(try await kubectl.run("create", "serviceaccount", "robot").status == 0)
            let token = try await kubectl.run("create", "token", "robot").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let whoami = ["--token", token, "auth", "whoami", "-o", "jsonpath={.status.userInfo.username}"]
            #expect(try await kubectl.run(whoami).stdout == "system:serviceaccount:default:robot")
            let review = #"{"apiVersion":"authentication.k8s.io/v1","kind":"TokenReview","spec":{"token":"\#(token)"}}"#
            let reviewed = { try await kubectl.run(["create", "-o", "jsonpath={.status.authenticated}", "-f", "-"], input: review).stdout }
            #expect(try await reviewed() == "true")
            #expect(try await kubectl.run("delete", "serviceaccount", "robot").status == 0)
            // Accounts are read from a watched copy (as kube-apiserver reads an informer), so the
            // deletion counts once the watch delivered it: at once, give or take the watch's lag.
            #expect(try await eventually(within: .seconds(2)) { try await kubectl.run(whoami).stderr.contains("Unauthorized") })
            #expect(try await reviewed() == "false")
            // The same name again is another account: the old token stays refused.
            #expect(try await kubectl.run("create", "serviceaccount", "robot").status == 0)
            #expect(try await kubectl.run(whoami).stderr.contains("Unauthorized"))
            #expect(try await reviewed() == "false")
        }
    }
}
