import Foundation
import Testing
import WharfTestSupport

/// kubectl's everyday commands beyond create/get/apply: describe, wait, rollout, diff, edit,
/// replace, label/annotate, scale, cascading deletes, watches, output formats, explain, and the
/// kubelet-backed commands that must fail fast.
extension KubectlTests {
    /// A node and a pod bound to it (no scheduler or kubelet runs: both are plain objects).
    private static let nodeAndPod = """
        apiVersion: v1
        kind: Node
        metadata:
          name: worker-1
          labels: {kubernetes.io/hostname: worker-1}
        spec:
          podCIDR: 10.244.1.0/24
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: placed
          labels: {app: web}
        spec:
          nodeName: worker-1
          containers:
          - name: app
            image: busybox:1.36
            command: [sleep, "3600"]
        """

    /// The `Key:  value` lines of `kubectl describe` output that start at the left margin.
    private static func described(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") where line.first?.isWhitespace == false {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return fields
    }

    /// The whitespace-separated words of each line.
    private static func rows(_ text: String) -> [[String]] {
        text.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
    }

    @Test(arguments: releases) func describeWaitWatchAndOutputFormats(minor: Int) async throws {
        try await withCluster { up in
            let kubectl = Kubectl(minor: minor, kubeconfig: up.kubeconfig)
            #expect(try await kubectl.run(["apply", "-f", "-"], input: Self.manifest + "\n---\n" + Self.nodeAndPod).status == 0)
            #expect(try await kubectl.run("run", "box", "--image=busybox").status == 0)
            let podUID = try await kubectl.run("get", "pod", "placed", "-o", "jsonpath={.metadata.uid}").stdout
            let event = """
                {"apiVersion": "v1", "kind": "Event", "metadata": {"name": "placed.1"}, "type": "Normal", "reason": "Scheduled",
                 "involvedObject": {"apiVersion": "v1", "kind": "Pod", "namespace": "default", "name": "placed", "uid": "\(podUID)"},
                 "message": "Successfully assigned default/placed to worker-1", "source": {"component": "default-scheduler"},
                 "firstTimestamp": "2026-01-01T00:00:00Z", "lastTimestamp": "2026-01-01T00:00:00Z", "count": 1}
                """
            #expect(try await kubectl.run(["create", "-f", "-"], input: event).status == 0)

            // describe reads the object and what relates to it: events by field selector, pods on a node.
            let pod = try await kubectl.run("describe", "pod", "placed")
            #expect(pod.status == 0, "\(pod.stderr)")
            let podFields = Self.described(pod.stdout)
            #expect(podFields["Name"] == "placed" && podFields["Status"] == "Pending" && podFields["Labels"] == "app=web")
            #expect(podFields["Node"]?.hasPrefix("worker-1") == true, "\(pod.stdout)")
            #expect(pod.stdout.contains("Image:      busybox:1.36\n"), "\(pod.stdout)")
            #expect(pod.stdout.contains("default-scheduler  Successfully assigned default/placed to worker-1"), "\(pod.stdout)")
            let deployment = Self.described(try await kubectl.run("describe", "deployment", "web").stdout)
            #expect(deployment["Replicas"] == "1 desired | 0 updated | 0 total | 0 available | 0 unavailable")
            #expect(deployment["StrategyType"] == "RollingUpdate" && deployment["Selector"] == "app=web")
            let clusterIP = try await kubectl.run("get", "service", "web", "-o", "jsonpath={.spec.clusterIP}").stdout
            let service = Self.described(try await kubectl.run("describe", "service", "web").stdout)
            #expect(service["Type"] == "ClusterIP" && service["IP"] == clusterIP && service["Port"] == "<unset>  80/TCP")
            let namespace = Self.described(try await kubectl.run("describe", "namespace", "default").stdout)
            #expect(namespace["Status"] == "Active" && namespace["Labels"] == "kubernetes.io/metadata.name=default")
            #expect(try await kubectl.run("describe", "configmap", "settings").stdout.contains("color:\n----\nblue\n"))
            let node = try await kubectl.run("describe", "node", "worker-1")
            #expect(Self.described(node.stdout)["PodCIDR"] == "10.244.1.0/24", "\(node.stderr)")
            #expect(node.stdout.contains("Non-terminated Pods:          (1 in total)"), "\(node.stdout)")

            // wait: a condition set later through the status subresource, a JSONPath value, a deletion.
            async let ready = kubectl.run("wait", "--for=condition=Ready", "pod/placed", "--timeout=20s")
            try await Task.sleep(for: .milliseconds(300))
            let status = #"{"status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}]}}"#
            let patched = try await kubectl.run("patch", "pod", "placed", "--subresource=status", "--type=merge", "-p", status)
            #expect(patched.stdout == "pod/placed patched\n", "\(patched.stderr)")
            #expect(try await ready.stdout == "pod/placed condition met\n")
            let running = try await kubectl.run("wait", "--for=jsonpath={.status.phase}=Running", "pod/placed", "--timeout=5s")
            #expect(running.stdout == "pod/placed condition met\n", "\(running.stderr)")
            let held = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: held, finalizers: [example.com/hold]}\n"
            #expect(try await kubectl.run(["create", "-f", "-"], input: held).status == 0)
            #expect(try await kubectl.run("delete", "configmap", "held", "--wait=false").status == 0)
            async let gone = kubectl.run("wait", "--for=delete", "configmap/held", "--timeout=20s")
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await kubectl.run("patch", "configmap", "held", "--type=json", "-p", #"[{"op":"remove","path":"/metadata/finalizers"}]"#).status == 0)
            let deleted = try await gone
            #expect(deleted.status == 0 && deleted.stdout.contains("configmap/held condition met"), "\(deleted.stderr)")

            // get -w: the listing, then each change as it happens.
            let watch = try kubectl.start(
                ["get", "configmaps", "--watch", "--output-watch-events"], logFile: up.dataDirectory.appendingPathComponent("watch.log")
            )
            let listed = await Self.waitForOutput(of: watch) { Self.rows($0).contains { $0.starts(with: ["ADDED", "settings"]) } }
            #expect(try await kubectl.run("create", "configmap", "fresh").status == 0)
            #expect(try await kubectl.run("delete", "configmap", "fresh").status == 0)
            let changes = await Self.waitForOutput(of: watch) { Self.rows($0).contains { $0.starts(with: ["DELETED", "fresh"]) } }
            await watch.stop()
            #expect(listed && changes, "\(watch.output)")
            #expect(Self.rows(watch.output).map { $0.prefix(2) }.filter { $0.last == "fresh" } == [["ADDED", "fresh"], ["DELETED", "fresh"]])

            // Output formats.
            let wide = Self.rows(try await kubectl.run("get", "deployment", "web", "-o", "wide").stdout)
            #expect(wide.first == ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE", "CONTAINERS", "IMAGES", "SELECTOR"])
            #expect(wide.last.map { [$0[0]] + $0.suffix(3) } == ["web", "nginx", "nginx:1.25", "app=web"])
            let pods = Self.rows(try await kubectl.run("get", "pods", "-o", "wide").stdout)
            #expect(pods.first?.suffix(6) == ["IP", "NODE", "NOMINATED", "NODE", "READINESS", "GATES"])
            #expect(pods.last?.suffix(4) == ["<none>", "worker-1", "<none>", "<none>"])
            let nodes = Self.rows(try await kubectl.run("get", "nodes", "-o", "wide").stdout)
            #expect(nodes.first?.suffix(5) == ["INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"])
            #expect(try await kubectl.run("get", "cm,deploy", "-o", "name").stdout == "configmap/kube-root-ca.crt\nconfigmap/settings\ndeployment.apps/web\n")
            let yaml = try await kubectl.run("get", "configmap", "settings", "-o", "yaml").stdout
            #expect(yaml.hasPrefix("apiVersion: v1\ndata:\n  color: blue\nkind: ConfigMap\nmetadata:\n"), "\(yaml)")
            let json = try JSONSerialization.jsonObject(with: Data(try await kubectl.run("get", "svc", "web", "-o", "json").stdout.utf8))
            #expect((json as? [String: Any])?["kind"] as? String == "Service")
            let columns = try await kubectl.run("get", "pods", "-o", "custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[0].image,NODE:.spec.nodeName")
            #expect(Self.rows(columns.stdout) == [["NAME", "IMAGE", "NODE"], ["box", "busybox", "<none>"], ["placed", "busybox:1.36", "worker-1"]])
            let template = try await kubectl.run("get", "pods", "-o", #"go-template={{range .items}}{{.metadata.name}}={{.status.phase}} {{end}}"#)
            #expect(template.stdout == "box=Pending placed=Running ")
            #expect(try await kubectl.run("get", "pods", "-o", "jsonpath={.items[?(@.spec.nodeName)].metadata.name}").stdout == "placed")

            let explain = try await kubectl.run("explain", "pod.spec.containers")
            #expect(explain.stdout.hasPrefix("KIND:       Pod\nVERSION:    v1\n\nFIELD: containers <[]Container>\n"), "\(explain.stderr)")
            #expect(explain.stdout.contains("\n  image\t<string>\n"))

            // Nothing runs containers: commands that need a kubelet fail at once with a clear message.
            for command in [["logs", "box"], ["exec", "box", "--", "ls"], ["logs", "deployment/web"]] {
                let result = try await kubectl.run(command)
                #expect(result.status == 1)
                #expect(result.stderr.contains("Wharf has no kubelet"), "\(command): \(result.stderr)")
            }
        }
    }

    /// The ReplicaSet a deployment controller would have left for `revision` of deployment `web`.
    private static func replicaSet(revision: Int, image: String, owner uid: String) -> String {
        """
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: web-rev\(revision)
          labels: {app: web, pod-template-hash: rev\(revision)}
          annotations: {deployment.kubernetes.io/revision: "\(revision)", kubernetes.io/change-cause: "image \(image)"}
          ownerReferences:
          - {apiVersion: apps/v1, kind: Deployment, name: web, uid: \(uid), controller: true, blockOwnerDeletion: true}
        spec:
          replicas: 0
          selector:
            matchLabels: {app: web, pod-template-hash: rev\(revision)}
          template:
            metadata:
              labels: {app: web, pod-template-hash: rev\(revision)}
            spec:
              containers:
              - {name: nginx, image: "\(image)"}
        """
    }

    @Test(arguments: releases) func rolloutDiffEditReplaceAndDelete(minor: Int) async throws {
        try await withCluster { up in
            let kubectl = Kubectl(minor: minor, kubeconfig: up.kubeconfig)
            #expect(try await kubectl.run(["apply", "-f", "-"], input: Self.manifest).status == 0)

            // rollout: no controller runs, so the revisions are ReplicaSets made by hand, owned by the
            // deployment; kubectl reads the history from them and rolls back to one's template.
            let uid = try await kubectl.run("get", "deployment", "web", "-o", "jsonpath={.metadata.uid}").stdout
            for (revision, image) in [(1, "nginx:1.24"), (2, "nginx:1.25")] {
                let created = try await kubectl.run(["create", "-f", "-"], input: Self.replicaSet(revision: revision, image: image, owner: uid))
                #expect(created.status == 0, "\(created.stderr)")
            }
            let history = try await kubectl.run("rollout", "history", "deployment/web")
            #expect(Self.rows(history.stdout) == [["deployment.apps/web"], ["REVISION", "CHANGE-CAUSE"], ["1", "image", "nginx:1.24"], ["2", "image", "nginx:1.25"]], "\(history.stderr)")
            let second = try await kubectl.run("rollout", "history", "deployment/web", "--revision=2")
            #expect(second.stdout.hasPrefix("deployment.apps/web with revision #2\n") && second.stdout.contains("Image:\tnginx:1.25"), "\(second.stdout)")
            #expect(try await kubectl.run("rollout", "undo", "deployment/web", "--to-revision=1").stdout == "deployment.apps/web rolled back\n")
            #expect(try await kubectl.run("get", "deploy", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image} {.metadata.generation}").stdout == "nginx:1.24 2")
            // rollout status reads what a controller reports; a raw PUT to the status subresource reports it.
            let reported = try await kubectl.run(["replace", "--raw", "/apis/apps/v1/namespaces/default/deployments/web/status", "-f", "-"], input: """
                {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "default"},
                 "status": {"observedGeneration": 2, "replicas": 1, "updatedReplicas": 1, "readyReplicas": 1, "availableReplicas": 1}}
                """)
            #expect(reported.status == 0, "\(reported.stderr)")
            #expect(try await kubectl.run("rollout", "status", "deployment/web", "--timeout=5s").stdout == "deployment \"web\" successfully rolled out\n")

            // diff: 0 and no output when the server already holds the manifest, 1 and a diff when not.
            let settings = Self.manifest.components(separatedBy: "---")[0]
            let same = try await kubectl.run(["diff", "-f", "-"], input: settings)
            #expect(same.status == 0 && same.stdout.isEmpty, "\(same.stdout)\(same.stderr)")
            let changed = try await kubectl.run(["diff", "-f", "-"], input: settings.replacingOccurrences(of: "color: blue", with: "color: red"))
            #expect(changed.status == 1 && changed.stdout.contains("\n-  color: blue\n+  color: red\n"), "\(changed.stdout)\(changed.stderr)")

            // edit, with an editor that rewrites the file it is given.
            let editor = up.dataDirectory.appendingPathComponent("editor.sh")
            try "#!/bin/sh\nsed -i 's/color: blue/color: purple/' \"$1\"\n".write(to: editor, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: editor.path)
            let edited = try await kubectl.run(["edit", "configmap", "settings"], environment: ["KUBE_EDITOR": editor.path])
            #expect(edited.stdout == "configmap/settings edited\n", "\(edited.stderr)")
            #expect(try await kubectl.run("get", "cm", "settings", "-o", "jsonpath={.data.color}").stdout == "purple")

            // replace: the whole object, refused when the resourceVersion is stale; --force recreates.
            let current = try await kubectl.run("get", "cm", "settings", "-o", "yaml").stdout
            let replaced = try await kubectl.run(["replace", "-f", "-"], input: current.replacingOccurrences(of: "color: purple", with: "color: teal"))
            #expect(replaced.stdout == "configmap/settings replaced\n", "\(replaced.stderr)")
            let stale = try await kubectl.run(["replace", "-f", "-"], input: current)
            #expect(stale.status == 1 && stale.stderr.contains("Error from server (Conflict)"), "\(stale.stderr)")
            let oldUID = try await kubectl.run("get", "cm", "settings", "-o", "jsonpath={.metadata.uid}").stdout
            let forced = try await kubectl.run(["replace", "--force", "-f", "-"], input: settings)
            #expect(forced.stdout == "configmap \"settings\" deleted\nconfigmap/settings replaced\n", "\(forced.stderr)")
            #expect(try await kubectl.run("get", "cm", "settings", "-o", "jsonpath={.metadata.uid}").stdout != oldUID)

            // label and annotate: a changed value needs --overwrite; `key-` removes.
            let relabel = try await kubectl.run("label", "cm", "settings", "tier=db")
            #expect(relabel.status == 1 && relabel.stderr.contains("'tier' already has a value (web), and --overwrite is false"))
            #expect(try await kubectl.run("label", "cm", "settings", "tier=db", "--overwrite").status == 0)
            #expect(try await kubectl.run("annotate", "cm", "settings", "owner=a", "note=x").status == 0)
            #expect(try await kubectl.run("annotate", "cm", "settings", "owner=b").status == 1)
            #expect(try await kubectl.run("annotate", "cm", "settings", "owner=b", "--overwrite").status == 0)
            #expect(try await kubectl.run("annotate", "cm", "settings", "note-").status == 0)
            #expect(try await kubectl.run("label", "cm", "settings", "tier-").stdout == "configmap/settings unlabeled\n")
            #expect(try await kubectl.run("get", "cm", "settings", "-o", "jsonpath={.metadata.labels} {.metadata.annotations.owner} {.metadata.annotations.note}").stdout == " b ")

            // scale, with and without a precondition on the current size.
            #expect(try await kubectl.run("scale", "deployment/web", "--replicas=3").stdout == "deployment.apps/web scaled\n")
            let mismatch = try await kubectl.run("scale", "deployment/web", "--current-replicas=2", "--replicas=5")
            #expect(mismatch.status == 1 && mismatch.stderr.contains("Expected replicas to be 2, was 3"))
            #expect(try await kubectl.run("scale", "rs", "web-rev1", "--current-replicas=0", "--replicas=2").status == 0)
            #expect(try await kubectl.run("get", "deploy,rs", "-o", "jsonpath={.items[*].spec.replicas}").stdout == "3 2 0")

            // Cascading deletes (the API server's garbage collector): orphan waits until the
            // ReplicaSets no longer name the deployment and leaves them; foreground, with no dependent
            // left, waits only for the garbage collector to release the deployment.
            let orphan = try await kubectl.run("delete", "deployment", "web", "--cascade=orphan", "--wait")
            #expect(orphan.stdout == "deployment.apps \"web\" deleted\n", "\(orphan.stderr)")
            #expect(try await kubectl.run("get", "rs", "-o", "name").stdout == "replicaset.apps/web-rev1\nreplicaset.apps/web-rev2\n")
            #expect(try await kubectl.run("get", "rs", "-o", "jsonpath={.items[*].metadata.ownerReferences}").stdout == "")
            #expect(try await kubectl.run(["apply", "-f", "-"], input: Self.manifest).status == 0)
            let foreground = try await kubectl.run("delete", "deployment", "web", "--cascade=foreground", "--wait", "--timeout=10s")
            #expect(foreground.stdout == "deployment.apps \"web\" deleted\n", "\(foreground.stderr)")
            #expect(try await kubectl.run("get", "deployment", "web").stderr.contains("NotFound"))
        }
    }

    /// Polls a background command's output until `done` holds (true) or 10 seconds pass (false).
    private static func waitForOutput(of process: ManagedProcess, until done: (String) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if done(process.output) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return false
    }
}
