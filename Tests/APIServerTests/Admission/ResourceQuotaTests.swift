import CEL
import Foundation
import KubeModel
import Testing

@testable import APIServer

/// Quota usage arithmetic: quantities in kube's canonical form, what objects count, and the
/// admission's refusals and charges with kube's messages.
@Suite struct ResourceQuotaTests {
    /// A quota `q` with `status.hard` and `status.used`.
    private func quota(hard: JSONValue, used: JSONValue) -> JSONValue {
        ["metadata": ["name": "q", "namespace": "team", "resourceVersion": "7"], "spec": ["hard": hard], "status": ["hard": hard, "used": used]]
    }

    /// A pod of containers with `resources`.
    private func pod(_ containers: [(String, JSONValue)], initContainers: [JSONValue] = [], phase: String = "Pending") -> JSONValue {
        let list = containers.map { entry -> JSONValue in ["name": .string(entry.0), "image": "nginx", "resources": entry.1] }
        return ["metadata": ["name": "web"], "spec": ["containers": .array(list), "initContainers": .array(initContainers)], "status": ["phase": .string(phase)]]
    }

    @Test func quantitiesSumAndPrintCanonically() throws {
        let cpu = try #require(Quantity("1500m")) + #require(Quantity("500m"))
        #expect(cpu.description == "2")
        #expect(try #require(Quantity("1.5Gi")).description == "1536Mi")
        #expect(try (#require(Quantity("1Gi")) + #require(Quantity("1024Mi"))).description == "2Gi")
        #expect(try #require(Quantity("1000")).description == "1k")
        #expect(try #require(Quantity("0.5")).description == "500m")
        #expect(try #require(Quantity("2e3")).description == "2e3")
        #expect(try #require(Quantity("512Ki")).description == "512Ki")
        #expect(try (Quantity(integer: 0) + #require(Quantity("64Mi"))).description == "64Mi")
        #expect(try #require(Quantity("100m")).milliValue == 100 && #require(Quantity("1n")).milliValue == 1)
        #expect(Quantity("12x") == nil)
    }

    @Test func podsCountTheirComputeAsKubeSumsIt() {
        let pod = self.pod(
            [("a", ["requests": ["cpu": "250m", "memory": "64Mi"], "limits": ["cpu": "500m"]]), ("b", ["requests": ["cpu": "250m", "memory": "64Mi"], "limits": ["cpu": "500m"]])],
            initContainers: [["name": "setup", "resources": ["requests": ["cpu": "1"]]]]
        )
        let usage = QuotaEvaluator.pods.usage(pod)
        #expect(usage.json == [
            "count/pods": "1", "cpu": "1", "limits.cpu": "1", "memory": "128Mi", "pods": "1", "requests.cpu": "1", "requests.memory": "128Mi",
        ])
        let finished = self.pod([("a", ["requests": ["cpu": "250m"]])], phase: "Succeeded")
        #expect(QuotaEvaluator.pods.usage(finished).json == ["count/pods": "1"])
    }

    @Test func sidecarsAddToThePodsRequests() {
        let pod = self.pod(
            [("app", ["requests": ["cpu": "200m"]])],
            initContainers: [["name": "proxy", "restartPolicy": "Always", "resources": ["requests": ["cpu": "100m"]]],
                             ["name": "migrate", "resources": ["requests": ["cpu": "250m"]]]]
        )
        #expect(PodResources.requests(pod)["cpu"]?.description == "350m")
    }

    @Test func servicesAndClaimsCountWhatTheyHold() {
        let nodePort: JSONValue = ["spec": ["type": "NodePort", "ports": [["port": 80], ["port": 443]]]]
        #expect(QuotaEvaluator.services.usage(nodePort).json == ["count/services": "1", "services": "1", "services.nodeports": "2"])
        let clusterIP: JSONValue = ["metadata": ["resourceVersion": "3"], "spec": ["type": "ClusterIP", "ports": [["port": 80], ["port": 443]]]]
        #expect(ResourceQuotaAdmission.delta(.services, nodePort, oldObject: clusterIP).json == ["services.nodeports": "2"])
        let claim: JSONValue = ["spec": ["storageClassName": "fast", "resources": ["requests": ["storage": "5Gi"]]]]
        #expect(QuotaEvaluator.persistentVolumeClaims.usage(claim).json == [
            "count/persistentvolumeclaims": "1", "persistentvolumeclaims": "1", "requests.storage": "5Gi",
            "fast.storageclass.storage.k8s.io/persistentvolumeclaims": "1", "fast.storageclass.storage.k8s.io/requests.storage": "5Gi",
        ])
        let configMaps = QuotaEvaluator(group: "", resource: "configmaps")
        #expect(configMaps.usage([:]).json == ["configmaps": "1", "count/configmaps": "1"])
        #expect(QuotaEvaluator(group: "apps", resource: "deployments").usage([:]).json == ["count/deployments.apps": "1"])
    }

    @Test func quotasRefuseWhatWouldPassTheirHardLimit() {
        let quota = self.quota(hard: ["pods": "2", "requests.cpu": "1"], used: ["pods": "2", "requests.cpu": "500m"])
        let delta = ResourceList(["pods": Quantity(integer: 1), "count/pods": Quantity(integer: 1), "requests.cpu": Quantity("600m")!])
        #expect(ResourceQuotaAdmission.excess(quota, delta)
            == "exceeded quota: q, requested: pods=1,requests.cpu=600m, used: pods=2,requests.cpu=500m, limited: pods=2,requests.cpu=1")
        let roomy = self.quota(hard: ["pods": "3", "requests.cpu": "1"], used: ["pods": "2", "requests.cpu": "500m"])
        let small = ResourceList(["pods": Quantity(integer: 1), "count/pods": Quantity(integer: 1), "requests.cpu": Quantity("500m")!])
        #expect(ResourceQuotaAdmission.excess(roomy, small) == nil)
        #expect(ResourceQuotaAdmission.charged(roomy, small)?.json == ["pods": "3", "requests.cpu": "1"])
        let untracked = ResourceList(["count/configmaps": Quantity(integer: 1), "configmaps": Quantity(integer: 1)])
        #expect(ResourceQuotaAdmission.charged(roomy, untracked) == nil)
    }

    @Test func computeQuotasRequireEveryContainerToNameWhatTheyTrack() {
        let quota = self.quota(hard: ["requests.cpu": "2", "limits.memory": "1Gi"], used: ["requests.cpu": "0", "limits.memory": "0"])
        let pod = self.pod([("a", ["requests": ["cpu": "100m"]]), ("b", [:])])
        #expect(ResourceQuotaAdmission.unmetPrecondition(quota, .pods, pod) == "failed quota: q: must specify limits.memory for: a,b; requests.cpu for: b")
        let complete = self.pod([("a", ["requests": ["cpu": "100m"], "limits": ["memory": "64Mi"]])])
        #expect(ResourceQuotaAdmission.unmetPrecondition(quota, .pods, complete) == nil)
        let uncounted = self.quota(hard: ["pods": "2", "requests.cpu": "2"], used: ["pods": "0"])
        #expect(ResourceQuotaAdmission.unmetPrecondition(uncounted, .pods, complete)
            == "status unknown for quota: q, resources: pods,requests.cpu")
    }

    @Test func scopedQuotasCoverOnlyThePodsInTheirScopes() {
        let bestEffort: JSONValue = ["spec": ["scopes": ["BestEffort"]]]
        let plain = self.pod([("a", [:])])
        let sized = self.pod([("a", ["requests": ["memory": "64Mi"]])])
        #expect(QuotaEvaluator.pods.matchesScopes(of: bestEffort, plain))
        #expect(!QuotaEvaluator.pods.matchesScopes(of: bestEffort, sized))
        #expect(!QuotaEvaluator(group: "", resource: "configmaps").matchesScopes(of: bestEffort, [:]))
        let important: JSONValue = ["spec": ["scopes": ["NotTerminating"], "scopeSelector": ["matchExpressions": [
            ["scopeName": "PriorityClass", "operator": "In", "values": ["high"]],
        ]]]]
        var high = sized
        high["spec"]?["priorityClassName"] = "high"
        #expect(QuotaEvaluator.pods.matchesScopes(of: important, high))
        #expect(!QuotaEvaluator.pods.matchesScopes(of: important, sized))
        high["spec"]?["activeDeadlineSeconds"] = 30
        #expect(!QuotaEvaluator.pods.matchesScopes(of: important, high))
        #expect(QuotaEvaluator.pods.matchesScopes(of: ["spec": ["hard": ["pods": "1"]]], high))
    }

    @Test func theControllerFindsWhatCountsEachQuotaResource() {
        #expect(ResourceQuotaController.evaluator(for: "requests.cpu") == .pods)
        #expect(ResourceQuotaController.evaluator(for: "count/pods") == .pods)
        #expect(ResourceQuotaController.evaluator(for: "count/deployments.apps") == .objectCount(group: "apps", resource: "deployments"))
        #expect(ResourceQuotaController.evaluator(for: "count/widgets.example.com") == .objectCount(group: "example.com", resource: "widgets"))
        #expect(ResourceQuotaController.evaluator(for: "secrets") == .objectCount(group: "", resource: "secrets"))
        #expect(ResourceQuotaController.evaluator(for: "bananas") == nil)
        #expect(ResourceQuotaController.namespace(ofKey: Data("/registry/pods/team/web".utf8)) == "team")
        let counted = self.quota(hard: ["pods": "2"], used: ["pods": "1"])
        #expect(!ResourceQuotaController.needsCount(counted))
        var changed = counted
        changed["spec"]?["hard"]?["pods"] = "3"
        #expect(ResourceQuotaController.needsCount(changed))
    }
}
