import Foundation
import Testing
import WharfTestSupport

/// `kubectl get` prints the server's tables: the columns and cell text kube-apiserver's printers
/// give the kinds beyond workloads and services.
extension KubectlTests {
    private static let printedKinds = """
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: {name: web}
        spec:
          scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
          minReplicas: 2
          maxReplicas: 10
          metrics:
          - type: Resource
            resource: {name: cpu, target: {type: Utilization, averageUtilization: 80}}
        ---
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: web}
        spec:
          maxUnavailable: 25%
          selector: {matchLabels: {app: web}}
        ---
        apiVersion: v1
        kind: ResourceQuota
        metadata: {name: pods}
        spec: {hard: {pods: "10"}}
        ---
        apiVersion: storage.k8s.io/v1
        kind: StorageClass
        metadata:
          name: fast
          annotations: {storageclass.kubernetes.io/is-default-class: "true"}
        provisioner: rancher.io/local-path
        volumeBindingMode: WaitForFirstConsumer
        ---
        apiVersion: v1
        kind: PersistentVolume
        metadata: {name: pv-1}
        spec:
          capacity: {storage: 5Gi}
          accessModes: [ReadOnlyMany, ReadWriteOnce]
          storageClassName: fast
          hostPath: {path: /srv/pv-1}
        ---
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: data}
        spec:
          accessModes: [ReadWriteOnce]
          storageClassName: fast
          resources: {requests: {storage: 1Gi}}
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: shop}
        spec:
          ingressClassName: nginx
          tls: [{hosts: [shop.example.com], secretName: shop-tls}]
          rules:
          - host: shop.example.com
            http:
              paths:
              - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: db}
        spec:
          podSelector: {matchLabels: {role: db}}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: pod-reader}
        rules:
        - {apiGroups: [""], resources: [pods], verbs: [get, list]}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: read-pods}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: pod-reader}
        subjects:
        - {apiGroup: rbac.authorization.k8s.io, kind: User, name: jane}
        - {kind: ServiceAccount, name: builder, namespace: ci}
        ---
        apiVersion: scheduling.k8s.io/v1
        kind: PriorityClass
        metadata: {name: high}
        value: 1000
        ---
        apiVersion: coordination.k8s.io/v1
        kind: Lease
        metadata: {name: leader}
        spec: {holderIdentity: node-1}
        """

    /// `rows` aligned as kubectl's tab writer aligns them: each column but the last padded to its
    /// widest cell plus three spaces.
    private static func aligned(_ rows: [[String]]) -> String {
        let widths = rows[0].indices.map { column in max(6, rows.map { $0[column].count }.max()! + 3) }
        return rows.map { row in
            row.indices.map { $0 == row.count - 1 ? row[$0] : row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                .joined()
        }.joined(separator: "\n") + "\n"
    }

    /// kubectl's output with each age (`4s`, `12s`) shown as `0s`, the alignment kept (the age
    /// column is as wide as its `AGE` header).
    private static func zeroingAges(_ text: String) -> String {
        let ages = try! NSRegularExpression(pattern: #"(?<=^|\s)\d+s( *)$|(?<=^|\s)\d+s( +)(?=\S)"#, options: .anchorsMatchLines)
        var masked = text as NSString
        for match in ages.matches(in: text, range: NSRange(location: 0, length: masked.length)).reversed() {
            let padded = match.range(at: 2).location != NSNotFound
            let replacement = padded ? "0s".padding(toLength: match.range.length, withPad: " ", startingAt: 0) : "0s"
            masked = masked.replacingCharacters(in: match.range, with: replacement) as NSString
        }
        return masked as String
    }

    @Test func printerColumns() async throws {
        try await withCluster { up in
            let kubectl = Kubectl(minor: 33, kubeconfig: up.kubeconfig)
            let applied = try await kubectl.run(["apply", "-f", "-"], input: Self.printedKinds)
            #expect(applied.status == 0, "\(applied.stderr)")
            let expected: [(arguments: [String], rows: [[String]])] = [
                (["hpa"], [["NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE"],
                           ["web", "Deployment/web", "cpu: <unknown>/80%", "2", "10", "0", "0s"]]),
                (["pdb"], [["NAME", "MIN AVAILABLE", "MAX UNAVAILABLE", "ALLOWED DISRUPTIONS", "AGE"], ["web", "N/A", "25%", "0", "0s"]]),
                (["quota"], [["NAME", "REQUEST", "LIMIT", "AGE"], ["pods", "pods: 0/10", "", "0s"]]),
                (["sc"], [["NAME", "PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE", "ALLOWVOLUMEEXPANSION", "AGE"],
                          ["fast (default)", "rancher.io/local-path", "Delete", "WaitForFirstConsumer", "false", "0s"]]),
                (["pv"], [["NAME", "CAPACITY", "ACCESS MODES", "RECLAIM POLICY", "STATUS", "CLAIM", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "REASON", "AGE"],
                          ["pv-1", "5Gi", "RWO,ROX", "Retain", "Pending", "", "fast", "<unset>", "", "0s"]]),
                (["pvc", "-o", "wide"], [["NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "AGE", "VOLUMEMODE"],
                                         ["data", "Pending", "", "", "", "fast", "<unset>", "0s", "Filesystem"]]),
                (["ingress"], [["NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"], ["shop", "nginx", "shop.example.com", "", "80, 443", "0s"]]),
                (["netpol"], [["NAME", "POD-SELECTOR", "AGE"], ["db", "role=db", "0s"]]),
                (["rolebinding", "-o", "wide"], [["NAME", "ROLE", "AGE", "USERS", "GROUPS", "SERVICEACCOUNTS"],
                                                 ["read-pods", "ClusterRole/pod-reader", "0s", "jane", "", "ci/builder"]]),
                (["pc", "high"], [["NAME", "VALUE", "GLOBAL-DEFAULT", "AGE", "PREEMPTIONPOLICY"], ["high", "1000", "false", "0s", "PreemptLowerPriority"]]),
                (["lease", "leader"], [["NAME", "HOLDER", "AGE"], ["leader", "node-1", "0s"]]),
            ]
            // The resource quota controller fills in the quota's status, which its table shows.
            #expect(try await eventually { try await kubectl.run("get", "quota", "pods", "-o", "jsonpath={.status.used.pods}").stdout == "0" })
            for (arguments, rows) in expected {
                let table = try await kubectl.run(["get"] + arguments)
                #expect(table.status == 0, "\(arguments): \(table.stderr)")
                #expect(Self.zeroingAges(table.stdout) == Self.aligned(rows), "\(arguments)")
            }
            // No printer in kube-apiserver: its default table, with the creation time itself.
            let created = try await kubectl.run("get", "clusterrole", "pod-reader", "-o", "jsonpath={.metadata.creationTimestamp}").stdout
            let role = try await kubectl.run("get", "clusterrole", "pod-reader")
            #expect(role.stdout == Self.aligned([["NAME", "CREATED AT"], ["pod-reader", created]]), "\(role.stderr)")
        }
    }
}
