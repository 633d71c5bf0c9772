import Foundation
import Testing
import WharfTestSupport

/// kubectl (the oldest and newest supported releases) against `wharf up`: the Kubernetes API server
/// on brain, over HTTPS with the generated admin certificate.
@Suite(.serialized) struct KubectlTests {
    static let releases = [27, 33]

    func withCluster(_ body: (WharfUpProcess) async throws -> Void) async throws {
        let directory = try TemporaryDirectory(prefix: "wharf-kubectl")
        defer { directory.remove() }
        let up = try await WharfUpProcess.start(dataDirectory: directory.url)
        do {
            try await body(up)
        } catch {
            await up.stop()
            throw error
        }
        #expect(await up.stop() == 0)
    }

    static let manifest = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
          labels: {tier: web}
        data:
          color: blue
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: nginx
                image: nginx:1.25
                ports:
                - containerPort: 80
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        spec:
          selector: {app: web}
          ports:
          - port: 80
        """

    @Test(arguments: releases) func discoveryAndNamespaces(minor: Int) async throws {
        try await withCluster { up in
            let kubectl = Kubectl(minor: minor, kubeconfig: up.kubeconfig)
            let namespaces = try await kubectl.run("get", "namespaces", "-o", "name")
            #expect(namespaces.status == 0, "\(namespaces.stderr)")
            #expect(namespaces.stdout == "namespace/default\nnamespace/kube-node-lease\nnamespace/kube-public\nnamespace/kube-system\n")
            let resources = try await kubectl.run("api-resources", "--no-headers", "-o", "name")
            for name in ["configmaps", "pods", "deployments.apps", "cronjobs.batch", "leases.coordination.k8s.io"] {
                #expect(resources.stdout.split(separator: "\n").contains(Substring(name)), "\(name) missing: \(resources.stderr)")
            }
            let versions = try await kubectl.run("api-versions").stdout
            for groupVersion in ["apps/v1", "networking.k8s.io/v1", "admissionregistration.k8s.io/v1", "apiextensions.k8s.io/v1", "v1"] {
                #expect(versions.split(separator: "\n").contains(Substring(groupVersion)), "\(groupVersion) missing: \(versions)")
            }
            let service = try await kubectl.run("get", "service", "kubernetes", "-o", "jsonpath={.spec.clusterIP} {.spec.ports[0].port}")
            #expect(service.stdout == "10.0.0.1 443")
            // Reviews: the admin is in system:masters, so RBAC allows it everything (RBACTests covers other users).
            #expect(try await kubectl.run("auth", "can-i", "create", "deployments").stdout == "yes\n")
            if minor >= 28 {
                let whoami = try await kubectl.run("auth", "whoami", "-o", "jsonpath={.status.userInfo.username} {.status.userInfo.groups}")
                #expect(whoami.stdout == #"wharf-admin ["system:masters","system:authenticated"]"#, "\(whoami.stderr)")
            }
            let missing = try await kubectl.run("get", "configmap", "nope")
            #expect(missing.status == 1)
            #expect(missing.stderr.contains("Error from server (NotFound): configmaps \"nope\" not found"))
        }
    }

    @Test(arguments: releases) func applyGetEditAndDelete(minor: Int) async throws {
        try await withCluster { up in
            let kubectl = Kubectl(minor: minor, kubeconfig: up.kubeconfig)
            let applied = try await kubectl.run(["apply", "-f", "-"], input: Self.manifest)
            #expect(applied.status == 0, "\(applied.stderr)")
            #expect(applied.stdout == "configmap/settings created\ndeployment.apps/web created\nservice/web created\n")

            // Defaults the server fills in, as kube-apiserver does.
            let deployment = try await kubectl.run(
                "get", "deployment", "web", "-o",
                "jsonpath={.spec.replicas} {.spec.strategy.type} {.spec.template.spec.containers[0].imagePullPolicy} {.spec.template.spec.restartPolicy} {.metadata.generation}"
            )
            #expect(deployment.stdout == "1 RollingUpdate IfNotPresent Always 1")
            let clusterIP = try await kubectl.run("get", "service", "web", "-o", "jsonpath={.spec.clusterIP}").stdout
            #expect(clusterIP.hasPrefix("10.0.0.") && clusterIP != "10.0.0.1")

            // Re-applying an unchanged manifest changes nothing; a changed one patches.
            #expect(try await kubectl.run(["apply", "-f", "-"], input: Self.manifest).stdout.contains("configmap/settings unchanged"))
            let changed = Self.manifest.replacingOccurrences(of: "color: blue", with: "color: green")
            #expect(try await kubectl.run(["apply", "-f", "-"], input: changed).stdout.contains("configmap/settings configured"))
            #expect(try await kubectl.run("get", "cm", "settings", "-o", "jsonpath={.data.color}").stdout == "green")

            #expect(try await kubectl.run("label", "cm", "settings", "env=prod").status == 0)
            #expect(try await kubectl.run("annotate", "cm", "settings", "owner=team-a").status == 0)
            #expect(try await kubectl.run("get", "cm", "-l", "env=prod,tier=web", "-o", "name").stdout == "configmap/settings\n")
            #expect(try await kubectl.run("get", "cm", "-l", "env!=prod", "-o", "name").stdout.contains("settings") == false)

            #expect(try await kubectl.run("scale", "deployment", "web", "--replicas=3").stdout == "deployment.apps/web scaled\n")
            #expect(try await kubectl.run("get", "deploy", "web", "-o", "jsonpath={.spec.replicas} {.metadata.generation}").stdout == "3 2")

            // Strategic merge patches merge containers by name: the port stays.
            #expect(try await kubectl.run("set", "image", "deployment/web", "nginx=nginx:1.26").status == 0)
            #expect(try await kubectl.run("get", "deploy", "web", "-o", "jsonpath={.spec.template.spec.containers[*].image} {.spec.template.spec.containers[0].ports[0].containerPort}").stdout == "nginx:1.26 80")

            let patched = try await kubectl.run("patch", "cm", "settings", "--type=json", "-p", #"[{"op":"add","path":"/data/size","value":"xl"}]"#)
            #expect(patched.status == 0, "\(patched.stderr)")
            #expect(try await kubectl.run("get", "cm", "settings", "-o", "jsonpath={.data.size}").stdout == "xl")

            let table = try await kubectl.run("get", "deploy,svc,cm")
            #expect(table.stdout.contains("deployment.apps/web   0/3"))
            #expect(table.stdout.contains("service/web          ClusterIP   \(clusterIP)"))

            #expect(try await kubectl.run(["delete", "-f", "-"], input: Self.manifest).status == 0)
            // What the cluster had before the manifest stays: the root CA publisher's config map and the API's Service.
            #expect(try await kubectl.run("get", "cm,deploy,svc", "-o", "name").stdout == "configmap/kube-root-ca.crt\nservice/kubernetes\n")
        }
    }

    @Test(arguments: releases) func namespacesAndConflicts(minor: Int) async throws {
        try await withCluster { up in
            let kubectl = Kubectl(minor: minor, kubeconfig: up.kubeconfig)
            #expect(try await kubectl.run(["apply", "-f", "-"], input: "apiVersion: v1\nkind: Namespace\nmetadata: {name: team-a}\n").status == 0)
            let secret = "apiVersion: v1\nkind: Secret\nmetadata: {name: token, namespace: team-a}\nstringData: {}\ndata: {pw: aHVudGVyMg==}\n"
            #expect(try await kubectl.run(["create", "-f", "-"], input: secret).status == 0)
            let again = try await kubectl.run(["create", "-f", "-"], input: secret)
            #expect(again.status == 1)
            #expect(again.stderr.contains("AlreadyExists"))
            #expect(try await kubectl.run("get", "secrets", "-A", "-o", "jsonpath={.items[*].metadata.namespace}/{.items[*].type}").stdout == "team-a/Opaque")
            // Deleting a namespace: it is Terminating while the namespace controller deletes what is
            // in it, and kubectl waits until it is gone; a namespace of the same name starts empty.
            #expect(try await kubectl.run("delete", "namespace", "team-a").status == 0)
            #expect(try await kubectl.run(["apply", "-f", "-"], input: "apiVersion: v1\nkind: Namespace\nmetadata: {name: team-a}\n").status == 0)
            #expect(try await kubectl.run("get", "secrets", "-n", "team-a", "-o", "name").stdout == "")
            let elsewhere = try await kubectl.run(["create", "-n", "nowhere", "-f", "-"], input: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n")
            #expect(elsewhere.status == 1)
            #expect(elsewhere.stderr.contains("namespaces \"nowhere\" not found"))
            // A finalizer holds a deleted object (deletionTimestamp set) until the last one goes.
            let held = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: held, finalizers: [example.com/hold]}\n"
            #expect(try await kubectl.run(["apply", "-f", "-"], input: held).status == 0)
            #expect(try await kubectl.run("delete", "cm", "held", "--wait=false").status == 0)
            let marked = try await kubectl.run("get", "cm", "held", "-o", "jsonpath={.metadata.deletionTimestamp}").stdout
            #expect(marked.hasSuffix("Z"))
            #expect(try await kubectl.run("patch", "cm", "held", "--type=merge", "-p", #"{"metadata":{"finalizers":null}}"#).status == 0)
            #expect(try await kubectl.run("get", "cm", "held").stderr.contains("NotFound"))
            let invalid = try await kubectl.run(["create", "-f", "-"], input: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Bad_Name}\n")
            #expect(invalid.stderr.contains("ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain"))
        }
    }

    /// `kubectl create <kind>` sends protobuf from kubectl 1.32 on (JSON before).
    @Test(arguments: releases) func imperativeCreates(minor: Int) async throws {
        try await withCluster { up in
            let kubectl = Kubectl(minor: minor, kubeconfig: up.kubeconfig)
            let commands: [[String]] = [
                ["create", "configmap", "demo", "--from-literal=a=1", "--from-literal=b=2"],
                ["create", "secret", "generic", "pw", "--from-literal=pw=hunter2"],
                ["create", "deployment", "web", "--image=nginx:1.25", "--replicas=2", "--port=80"],
                ["create", "namespace", "team-b"],
                ["create", "service", "nodeport", "web", "--tcp=80:8080"],
                ["create", "job", "once", "--image=busybox"],
                ["create", "cronjob", "tick", "--image=busybox", "--schedule=*/5 * * * *"],
                ["create", "serviceaccount", "robot"],
                ["create", "role", "reader", "--verb=get", "--resource=pods"],
                ["create", "priorityclass", "high", "--value=1000"],
                ["create", "poddisruptionbudget", "web", "--selector=app=web", "--min-available=1"],
                ["create", "quota", "small", "--hard=pods=10,requests.cpu=2"],
            ]
            for command in commands {
                let result = try await kubectl.run(command)
                #expect(result.status == 0, "\(command.joined(separator: " ")): \(result.stderr)")
            }
            #expect(try await kubectl.run("get", "cm", "demo", "-o", "jsonpath={.data.a}{.data.b}").stdout == "12")
            #expect(try await kubectl.run("get", "secret", "pw", "-o", "jsonpath={.type} {.data.pw}").stdout == "Opaque aHVudGVyMg==")
            #expect(try await kubectl.run("get", "deploy", "web", "-o", "jsonpath={.spec.replicas} {.spec.template.spec.containers[0].ports[0].containerPort} {.spec.strategy.type}").stdout == "2 80 RollingUpdate")
            let nodePort = try await kubectl.run("get", "svc", "web", "-o", "jsonpath={.spec.type} {.spec.ports[0].targetPort} {.spec.ports[0].nodePort}").stdout
            #expect(nodePort.hasPrefix("NodePort 8080 3"))
            #expect(try await kubectl.run("get", "job", "once", "-o", "jsonpath={.spec.template.spec.restartPolicy} {.spec.backoffLimit}").stdout == "Never 6")
            let jobUID = try await kubectl.run("get", "job", "once", "-o", "jsonpath={.metadata.uid}").stdout
            let selector = try await kubectl.run("get", "job", "once", "-o", "jsonpath={.spec.selector.matchLabels.batch\\.kubernetes\\.io/controller-uid} {.spec.template.metadata.labels.job-name}").stdout
            #expect(!jobUID.isEmpty && selector == "\(jobUID) once")
            #expect(try await kubectl.run("get", "pdb", "web", "-o", "jsonpath={.spec.minAvailable}").stdout == "1")
            #expect(try await kubectl.run("get", "quota", "small", "-o", "jsonpath={.spec.hard.requests\\.cpu}").stdout == "2")
            #expect(try await kubectl.run("get", "ns", "team-b", "-o", "jsonpath={.status.phase}").stdout == "Active")

            // The quota tracks requests.cpu, so ResourceQuota admission refuses a pod without one.
            let unquoted = try await kubectl.run("run", "box", "--image=busybox", "--", "sleep", "1000")
            #expect(unquoted.stderr.contains(#"pods "box" is forbidden: failed quota: small: must specify requests.cpu"#), "\(unquoted.stderr)")
            #expect(try await kubectl.run("delete", "quota", "small").status == 0)

            // Nothing runs pods: what needs a kubelet answers a clear Status.
            #expect(try await kubectl.run("run", "box", "--image=busybox", "--", "sleep", "1000").status == 0)
            #expect(try await kubectl.run("get", "pod", "box", "--no-headers").stdout.contains("0/1   Pending"))
            let logs = try await kubectl.run("logs", "box")
            #expect(logs.status == 1)
            #expect(logs.stderr.contains("Error from server (BadRequest): pod \"box\" runs on no node: Wharf has no kubelet"))
        }
    }
}
