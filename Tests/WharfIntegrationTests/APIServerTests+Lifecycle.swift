import Foundation
import Testing
import WharfTestSupport

/// The lifecycle controllers `wharf apiserver` runs (namespace controller, garbage collector) and
/// the NamespaceLifecycle admission, on a real etcd 3.4 and on `wharf brain`, driven by kubectl
/// 1.33 and raw HTTP.
extension APIServerTests {
    /// A ConfigMap `name` whose one owner reference names `owner` (`apiVersion`, `kind`, `name`) with `uid`.
    private func ownedConfigMap(_ name: String, owner: (apiVersion: String, kind: String, name: String), uid: String) -> String {
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: \(name)
          ownerReferences: [{apiVersion: \(owner.apiVersion), kind: \(owner.kind), name: \(owner.name), uid: \(uid), blockOwnerDeletion: true}]
        """
    }

    /// The condition of `type` on a namespace as `status reason message`.
    private func condition(_ type: String, of namespace: String, _ kubectl: Kubectl) async throws -> String {
        let path = "{.status.conditions[?(@.type==\"\(type)\")].status} {.status.conditions[?(@.type==\"\(type)\")].reason} {.status.conditions[?(@.type==\"\(type)\")].message}"
        return try await kubectl.run("get", "namespace", namespace, "-o", "jsonpath=\(path)").stdout
    }

    @Test(arguments: Backend.allCases) func namespaceDeletionWaitsForItsContent(backend: Backend) async throws {
        try await withAPIServer(backend, tls: true) { server, _ in
            let kubectl = Kubectl(minor: 33, kubeconfig: server.kubeconfig)
            #expect(try await kubectl.run("create", "namespace", "team").status == 0)
            let content = """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: plain, namespace: team}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: held, namespace: team, finalizers: [example.com/hold]}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: token, namespace: team}
                stringData: {pw: hunter2}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: team}
                spec: {clusterIP: 10.0.0.77, ports: [{port: 80}]}
                """
            #expect(try await kubectl.run(["create", "-f", "-"], input: content).status == 0)

            let deleted = try await kubectl.run("delete", "namespace", "team", "--wait=false")
            #expect(deleted.stdout == "namespace \"team\" deleted\n", "\(deleted.stderr)")
            #expect(try await kubectl.run("get", "namespace", "team", "-o", "jsonpath={.status.phase} {.spec.finalizers}").stdout == "Terminating [\"kubernetes\"]")
            // The controller deletes what it can; the held config map keeps the namespace Terminating.
            let waiting = try await eventually {
                try await self.condition("NamespaceFinalizersRemaining", of: "team", kubectl)
                    == "True SomeFinalizersRemain Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances"
            }
            let namespaceYAML = try await kubectl.run("get", "namespace", "team", "-o", "yaml").stdout
            #expect(waiting, "\(namespaceYAML)")
            #expect(try await self.condition("NamespaceContentRemaining", of: "team", kubectl)
                == "True SomeResourcesRemain Some resources are remaining: configmaps. has 1 resource instances")
            #expect(try await self.condition("NamespaceDeletionContentFailure", of: "team", kubectl)
                == "False ContentDeleted All content successfully deleted, may be waiting on finalization")
            #expect(try await kubectl.run("get", "configmaps,secrets,services", "-n", "team", "-o", "name").stdout == "configmap/held\n")
            #expect(try await kubectl.run("get", "configmap", "held", "-n", "team", "-o", "jsonpath={.metadata.deletionTimestamp}").stdout.hasSuffix("Z"))

            // Nothing new may be created in a terminating namespace: kube's exact Status.
            let post = [
                "-X", "POST", "-H", "Content-Type: application/json", "\(server.url)/api/v1/namespaces/team/configmaps",
                "--data-binary", #"{"metadata":{"name":"late"}}"#, "-w", "\n%{http_code}",
            ]
            let refused = response(try await server.curl(post))
            #expect(refused.code == 403)
            let status = try #require(try JSONSerialization.jsonObject(with: Data(refused.body.utf8)) as? NSDictionary)
            let expected: NSDictionary = [
                "kind": "Status", "apiVersion": "v1", "metadata": [String: Any](), "status": "Failure",
                "message": "configmaps \"late\" is forbidden: unable to create new content in namespace team because it is being terminated",
                "reason": "Forbidden", "code": 403,
                "details": [
                    "name": "late", "kind": "configmaps",
                    "causes": [["reason": "NamespaceTerminating", "message": "namespace team is being terminated", "field": "metadata.namespace"]],
                ],
            ]
            #expect(status == expected)
            let viaKubectl = try await kubectl.run(["create", "-n", "team", "-f", "-"], input: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: late}\n")
            #expect(viaKubectl.status == 1)
            #expect(viaKubectl.stderr.contains("unable to create new content in namespace team because it is being terminated"))

            // Once the last finalizer goes, so does the namespace.
            #expect(try await kubectl.run("patch", "configmap", "held", "-n", "team", "--type=merge", "-p", #"{"metadata":{"finalizers":null}}"#).status == 0)
            let gone = try await kubectl.run("wait", "--for=delete", "namespace/team", "--timeout=20s")
            #expect(gone.status == 0, "\(gone.stderr)")
            #expect(try await kubectl.run("get", "namespace", "team").stderr.contains("namespaces \"team\" not found"))
            // A namespace of the same name starts empty but for what the root CA publisher puts there.
            #expect(try await kubectl.run("create", "namespace", "team").status == 0)
            #expect(try await eventually {
                try await kubectl.run("get", "configmaps,secrets,services", "-n", "team", "-o", "name").stdout == "configmap/kube-root-ca.crt\n"
            })
            // The Service went through the delete path, which released its cluster IP.
            let reused = try await kubectl.run("create", "service", "clusterip", "again", "--clusterip=10.0.0.77", "--tcp=80:80")
            #expect(reused.status == 0, "\(reused.stderr)")

            // The system namespaces may not be deleted.
            for name in ["default", "kube-system", "kube-public"] {
                let refusal = try await kubectl.run("delete", "namespace", name)
                #expect(refusal.status == 1)
                #expect(refusal.stderr.contains("namespaces \"\(name)\" is forbidden: this namespace may not be deleted"), "\(refusal.stderr)")
            }
            #expect(try await kubectl.run("get", "namespace", "default", "-o", "jsonpath={.status.phase}").stdout == "Active")

            // PUT .../finalize changes spec.finalizers only; without them a namespace goes at once.
            let finalize = [
                "-X", "PUT", "-H", "Content-Type: application/json", "\(server.url)/api/v1/namespaces/team/finalize",
                "--data-binary", #"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team","labels":{"x":"y"}},"spec":{"finalizers":[]}}"#,
                "-w", "\n%{http_code}",
            ]
            let finalized = response(try await server.curl(finalize))
            #expect(finalized.code == 200, "\(finalized.body)")
            #expect(try await kubectl.run("get", "namespace", "team", "-o", "jsonpath={.spec.finalizers}/{.metadata.labels.x}/{.status.phase}").stdout == "//Active")
            #expect(try await kubectl.run("delete", "namespace", "team", "--wait=false").status == 0)
            #expect(try await kubectl.run("get", "namespace", "team").stderr.contains("namespaces \"team\" not found"))
        }
    }

    @Test(arguments: Backend.allCases) func garbageCollectionCascades(backend: Backend) async throws {
        try await withAPIServer(backend, tls: true) { server, _ in
            let kubectl = Kubectl(minor: 33, kubeconfig: server.kubeconfig)
            func uid(_ object: String) async throws -> String {
                try await kubectl.run("get", object, "-o", "jsonpath={.metadata.uid}").stdout
            }
            func names(_ kinds: String) async throws -> String {
                try await kubectl.run("get", kinds, "-o", "name").stdout
            }
            /// A Deployment with a ReplicaSet and a Pod under it, made by hand with ownerReferences
            /// (no deployment controller runs); `podFinalizers` go on the Pod.
            func makeFamily(podFinalizers: String = "[]") async throws {
                let deployment = """
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: web}
                    spec:
                      selector: {matchLabels: {app: web}}
                      template:
                        metadata: {labels: {app: web}}
                        spec: {containers: [{name: nginx, image: nginx}]}
                    """
                #expect(try await kubectl.run(["create", "-f", "-"], input: deployment).status == 0)
                let deploymentUID = try await uid("deployment/web")
                let replicaSet = """
                    apiVersion: apps/v1
                    kind: ReplicaSet
                    metadata:
                      name: web-1
                      ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, uid: \(deploymentUID), controller: true, blockOwnerDeletion: true}]
                    spec:
                      selector: {matchLabels: {app: web}}
                      template:
                        metadata: {labels: {app: web}}
                        spec: {containers: [{name: nginx, image: nginx}]}
                    """
                #expect(try await kubectl.run(["create", "-f", "-"], input: replicaSet).status == 0)
                let replicaSetUID = try await uid("replicaset/web-1")
                let pod = """
                    apiVersion: v1
                    kind: Pod
                    metadata:
                      name: web-1-a
                      finalizers: \(podFinalizers)
                      ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-1, uid: \(replicaSetUID), controller: true, blockOwnerDeletion: true}]
                    spec: {containers: [{name: nginx, image: nginx}]}
                    """
                let created = try await kubectl.run(["create", "-f", "-"], input: pod)
                #expect(created.status == 0, "\(created.stderr)")
            }

            // Background: the owner goes at once, then its dependents, then theirs.
            try await makeFamily()
            #expect(try await kubectl.run("delete", "deployment", "web", "--cascade=background").status == 0)
            #expect(try await eventually { try await names("deployments,replicasets,pods") == "" })

            // Foreground: the owner stays (foregroundDeletion) until no blocking dependent is left;
            // the pod's own finalizer holds the whole chain.
            try await makeFamily(podFinalizers: "[example.com/hold]")
            let foreground = try await kubectl.run("delete", "deployment", "web", "--cascade=foreground", "--wait=false")
            #expect(foreground.status == 0, "\(foreground.stderr)")
            #expect(try await kubectl.run("get", "deployment", "web", "-o", "jsonpath={.metadata.finalizers}").stdout == "[\"foregroundDeletion\"]")
            let chainMarked = try await eventually {
                try await kubectl.run("get", "pod", "web-1-a", "-o", "jsonpath={.metadata.deletionTimestamp}").stdout.hasSuffix("Z")
            }
            #expect(chainMarked)
            // The ReplicaSet has a dependent of its own, so it is deleted in the foreground too.
            #expect(try await kubectl.run("get", "replicaset", "web-1", "-o", "jsonpath={.metadata.finalizers}").stdout == "[\"foregroundDeletion\"]")
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await names("deployments,replicasets,pods") == "deployment.apps/web\nreplicaset.apps/web-1\npod/web-1-a\n")
            #expect(try await kubectl.run("patch", "pod", "web-1-a", "--type=merge", "-p", #"{"metadata":{"finalizers":null}}"#).status == 0)
            let drained = try await kubectl.run("wait", "--for=delete", "deployment/web", "--timeout=20s")
            #expect(drained.status == 0, "\(drained.stderr)")
            #expect(try await names("deployments,replicasets,pods") == "")

            // Orphan: the dependents stay, without their reference to the owner.
            try await makeFamily()
            let orphan = try await kubectl.run("delete", "deployment", "web", "--cascade=orphan")
            #expect(orphan.stdout == "deployment.apps \"web\" deleted\n", "\(orphan.stderr)")
            #expect(try await names("deployments,replicasets,pods") == "replicaset.apps/web-1\npod/web-1-a\n")
            #expect(try await kubectl.run("get", "replicaset", "web-1", "-o", "jsonpath={.metadata.ownerReferences}").stdout == "")
            #expect(try await kubectl.run("get", "pod", "web-1-a", "-o", "jsonpath={.metadata.ownerReferences[0].name}").stdout == "web-1")
            #expect(try await kubectl.run("delete", "replicaset", "web-1").status == 0)
            #expect(try await eventually { try await names("replicasets,pods") == "" })

            // A reference whose uid is not the live owner's (the owner was recreated) counts as gone;
            // a namespaced dependent finds a cluster-scoped owner at cluster scope.
            #expect(try await kubectl.run("create", "clusterrole", "owner", "--verb=get", "--resource=pods").status == 0)
            let roleUID = try await uid("clusterrole/owner")
            let role = (apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", name: "owner")
            let dependents = ownedConfigMap("stale", owner: role, uid: "00000000-0000-0000-0000-000000000000") + "\n---\n"
                + ownedConfigMap("owned", owner: role, uid: roleUID)
            #expect(try await kubectl.run(["create", "-f", "-"], input: dependents).status == 0)
            #expect(try await eventually { try await kubectl.run("get", "configmap", "stale").stderr.contains("NotFound") })
            #expect(try await names("configmaps") == "configmap/kube-root-ca.crt\nconfigmap/owned\n")
            #expect(try await kubectl.run("delete", "clusterrole", "owner").status == 0)
            #expect(try await eventually { try await kubectl.run("get", "configmap", "owned").stderr.contains("NotFound") })

            // batch/v1 Jobs orphan their pods by default (kube's API default), with kube's warning.
            #expect(try await kubectl.run("create", "job", "once", "--image=busybox").status == 0)
            let jobDelete = try await server.curl(["-i", "-X", "DELETE", "\(server.url)/apis/batch/v1/namespaces/default/jobs/once"])
            #expect(jobDelete.stdout.contains("299 - \"child pods are preserved by default when jobs are deleted; set propagationPolicy=Background to remove them or set propagationPolicy=Orphan to suppress this warning\""), "\(jobDelete.stdout)")
            #expect(jobDelete.stdout.contains(#""finalizers":["orphan"]"#))
            #expect(try await eventually { try await kubectl.run("get", "job", "once").stderr.contains("NotFound") })

            // kube-apiserver answers 200 for a delete that leaves the object waiting, 202 only when
            // the legacy orphanDependents is false.
            let held = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: held, finalizers: [example.com/hold]}\n"
            #expect(try await kubectl.run(["create", "-f", "-"], input: held).status == 0)
            func deleteHeld(_ options: String) async throws -> Int {
                let url = "\(server.url)/api/v1/namespaces/default/configmaps/held"
                return response(try await server.curl(["-X", "DELETE", url, "--data-binary", options, "-w", "\n%{http_code}"])).code
            }
            #expect(try await deleteHeld(#"{"propagationPolicy":"Foreground"}"#) == 200)
            #expect(try await deleteHeld(#"{"orphanDependents":false}"#) == 202)
            #expect(try await kubectl.run("patch", "configmap", "held", "--type=merge", "-p", #"{"metadata":{"finalizers":null}}"#).status == 0)
            #expect(try await eventually { try await kubectl.run("get", "configmap", "held").stderr.contains("NotFound") })

            // The work queues report kube's metrics.
            let metrics = try await server.curl(["\(server.url)/metrics"]).stdout
            #expect(metrics.contains("workqueue_adds_total{name=\"garbage_collector_attempt_to_delete\"}"))
            #expect(metrics.contains("workqueue_depth{name=\"garbage_collector_attempt_to_delete\"}"))
        }
    }

    /// The controllers follow the store across a restart of brain (their watch resumes), and
    /// `--controllers` turns the garbage collector off (deletes then add no finalizers).
    @Test func controllersFollowAStoreRestartAndCanBeTurnedOff() async throws {
        let directory = try TemporaryDirectory(prefix: "wharf-lifecycle")
        defer { directory.remove() }
        var brain = try await BrainProcess.start(dataDirectory: directory.path("brain"))
        var servers: [APIServerProcess] = []
        do {
            let server = try await APIServerProcess.start(etcdEndpoint: brain.endpoint, directory: directory.path("apiserver"), tls: true)
            servers.append(server)
            let kubectl = Kubectl(minor: 33, kubeconfig: server.kubeconfig)
            #expect(try await kubectl.run("create", "clusterrole", "owner", "--verb=get", "--resource=pods").status == 0)
            let roleUID = try await kubectl.run("get", "clusterrole", "owner", "-o", "jsonpath={.metadata.uid}").stdout
            let owned = ownedConfigMap("owned", owner: ("rbac.authorization.k8s.io/v1", "ClusterRole", "owner"), uid: roleUID)
            #expect(try await kubectl.run(["create", "-f", "-"], input: owned).status == 0)

            #expect(await brain.stop() == 0)
            brain = try await BrainProcess.start(dataDirectory: directory.path("brain"), clientPort: brain.clientPort)
            #expect(try await eventually { try await kubectl.run("get", "clusterrole", "owner").status == 0 })
            #expect(try await kubectl.run("delete", "clusterrole", "owner").status == 0)
            #expect(try await eventually { try await kubectl.run("get", "configmap", "owned").stderr.contains("NotFound") })
            #expect(await server.stop() == 0)
            servers.removeAll()

            let withoutCollector = try await APIServerProcess.start(
                etcdEndpoint: brain.endpoint, directory: directory.path("apiserver-2"), tls: true,
                extraArguments: ["--controllers", "*,-garbage-collector-controller"]
            )
            servers.append(withoutCollector)
            let kubectl2 = Kubectl(minor: 33, kubeconfig: withoutCollector.kubeconfig)
            #expect(try await kubectl2.run("create", "deployment", "web", "--image=nginx").status == 0)
            let deploymentUID = try await kubectl2.run("get", "deployment", "web", "-o", "jsonpath={.metadata.uid}").stdout
            let dependent = ownedConfigMap("dependent", owner: ("apps/v1", "Deployment", "web"), uid: deploymentUID)
            #expect(try await kubectl2.run(["create", "-f", "-"], input: dependent).status == 0)
            // Foreground without a garbage collector: no finalizer, so the owner goes at once and
            // the dependent stays.
            let deleted = try await kubectl2.run("delete", "deployment", "web", "--cascade=foreground", "--wait=false")
            #expect(deleted.status == 0, "\(deleted.stderr)")
            #expect(try await kubectl2.run("get", "deployment", "web").stderr.contains("NotFound"))
            try await Task.sleep(for: .seconds(1))
            #expect(try await kubectl2.run("get", "configmap", "dependent", "-o", "name").stdout == "configmap/dependent\n")
            // The namespace controller still runs.
            #expect(try await kubectl2.run("create", "namespace", "team").status == 0)
            #expect(try await kubectl2.run("delete", "namespace", "team", "--timeout=20s").status == 0)
            #expect(await withoutCollector.stop() == 0)
            servers.removeAll()
        } catch {
            for server in servers { await server.stop() }
            await brain.stop()
            throw error
        }
        #expect(await brain.stop() == 0)
    }

    /// Custom resources take part as soon as their CRD is served: they are collected when their
    /// owner goes, own objects themselves, and go with their namespace.
    @Test func customResourcesJoinTheControllers() async throws {
        try await withAPIServer(.brain, tls: true) { server, _ in
            let kubectl = Kubectl(minor: 33, kubeconfig: server.kubeconfig)
            #expect(try await kubectl.run(["create", "-f", "-"], input: CustomResourceFixtures.definition).status == 0)
            let established = try await kubectl.run("wait", "--for=condition=Established", "crd/crontabs.stable.example.com", "--timeout=20s")
            #expect(established.status == 0, "\(established.stderr)")
            #expect(try await kubectl.run("create", "namespace", "team").status == 0)
            #expect(try await kubectl.run("create", "configmap", "anchor", "-n", "team").status == 0)
            let anchorUID = try await kubectl.run("get", "configmap", "anchor", "-n", "team", "-o", "jsonpath={.metadata.uid}").stdout
            let owned = CustomResourceFixtures.object.replacingOccurrences(
                of: "metadata: {name: nightly}",
                with: "metadata: {name: owned, ownerReferences: [{apiVersion: v1, kind: ConfigMap, name: anchor, uid: \(anchorUID)}]}"
            )
            #expect(try await kubectl.run(["create", "-n", "team", "-f", "-"], input: owned).status == 0)
            #expect(try await kubectl.run(["create", "-n", "team", "-f", "-"], input: CustomResourceFixtures.object).status == 0)

            // A custom object whose owner goes is collected.
            #expect(try await kubectl.run("delete", "configmap", "anchor", "-n", "team").status == 0)
            #expect(try await eventually { try await kubectl.run("get", "crontab", "owned", "-n", "team").stderr.contains("NotFound") })

            // A custom object owns: a foreground delete waits for its blocking dependent.
            let ownerUID = try await kubectl.run("get", "crontab", "nightly", "-n", "team", "-o", "jsonpath={.metadata.uid}").stdout
            let dependent = ownedConfigMap("dependent", owner: ("stable.example.com/v1", "CronTab", "nightly"), uid: ownerUID)
            #expect(try await kubectl.run(["create", "-n", "team", "-f", "-"], input: dependent).status == 0)
            let foreground = try await kubectl.run("delete", "crontab", "nightly", "-n", "team", "--cascade=foreground", "--timeout=20s")
            #expect(foreground.status == 0, "\(foreground.stderr)")
            #expect(try await kubectl.run("get", "configmap", "dependent", "-n", "team").stderr.contains("NotFound"))

            // A namespace's custom objects go with it.
            #expect(try await kubectl.run(["create", "-n", "team", "-f", "-"], input: CustomResourceFixtures.object).status == 0)
            let deleted = try await kubectl.run("delete", "namespace", "team", "--timeout=20s")
            #expect(deleted.status == 0, "\(deleted.stderr)")
            #expect(try await kubectl.run("create", "namespace", "team").status == 0)
            #expect(try await kubectl.run("get", "crontabs", "-n", "team", "-o", "name").stdout == "")
        }
    }
}
