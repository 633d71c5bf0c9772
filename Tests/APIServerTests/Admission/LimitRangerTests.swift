import KubeModel
import Testing

@testable import APIServer

/// LimitRanger's defaulting and its min, max and ratio checks, with kube's messages.
@Suite struct LimitRangerTests {
    /// A LimitRange with one item.
    private func limitRange(_ item: JSONValue) -> JSONValue {
        ["metadata": ["name": "limits", "namespace": "team"], "spec": ["limits": .array([item])]]
    }

    /// A pod of containers named by `resources` (name → the container's `resources`).
    private func pod(_ containers: [(String, JSONValue)], initContainers: [(String, JSONValue)] = []) -> JSONValue {
        func list(_ entries: [(String, JSONValue)]) -> JSONValue {
            .array(entries.map { ["name": .string($0.0), "image": "nginx", "resources": $0.1] })
        }
        return ["metadata": ["name": "web", "namespace": "team"], "spec": ["containers": list(containers), "initContainers": list(initContainers)]]
    }

    @Test func defaultsContainersThatLackResourcesAndNotesWhat() {
        let range = self.limitRange([
            "type": "Container", "default": ["cpu": "500m", "memory": "256Mi"], "defaultRequest": ["cpu": "100m"],
        ])
        var pod = self.pod(
            [("a", [:]), ("b", ["requests": ["cpu": "200m"], "limits": ["cpu": "1"]]), ("c", ["limits": ["cpu": "2"]])],
            initContainers: [("setup", [:])]
        )
        LimitRanger.applyDefaults(of: range, to: &pod)
        let containers = pod["spec"]?["containers"]?.arrayValue ?? []
        #expect(containers[0]["resources"] == ["limits": ["cpu": "500m", "memory": "256Mi"], "requests": ["cpu": "100m"]])
        #expect(containers[1]["resources"] == ["limits": ["cpu": "1", "memory": "256Mi"], "requests": ["cpu": "200m"]])
        // A limited resource keeps no default request: the pod defaults after admission request the limit.
        #expect(containers[2]["resources"] == ["limits": ["cpu": "2", "memory": "256Mi"]])
        #expect(pod["spec"]?["initContainers"]?.arrayValue?.first?["resources"] == ["limits": ["cpu": "500m", "memory": "256Mi"], "requests": ["cpu": "100m"]])
        #expect(pod["metadata"]?["annotations"]?[LimitRanger.annotation]?.stringValue
            == "LimitRanger plugin set: cpu request for container a; cpu, memory limit for container a; memory limit for container b; "
            + "memory limit for container c; cpu request for init container setup; cpu, memory limit for init container setup")
    }

    @Test func podsWithEverythingSetAreLeftAlone() {
        let range = self.limitRange(["type": "Container", "default": ["cpu": "500m"], "defaultRequest": ["cpu": "100m"]])
        let original = self.pod([("a", ["requests": ["cpu": "1"], "limits": ["cpu": "2"]])])
        var pod = original
        LimitRanger.applyDefaults(of: range, to: &pod)
        #expect(pod == original)
    }

    @Test func containerMinimumMaximumAndRatioUseKubesWords() {
        let range = self.limitRange([
            "type": "Container", "min": ["cpu": "100m"], "max": ["cpu": "1", "memory": "1Gi"], "maxLimitRequestRatio": ["cpu": "2"],
        ])
        let low = self.pod([("a", ["requests": ["cpu": "50m"], "limits": ["cpu": "100m", "memory": "512Mi"]])])
        #expect(LimitRanger.aggregate(LimitRanger.podViolations(of: range, low)) == "minimum cpu usage per Container is 100m, but request is 50m")
        let high = self.pod([("a", ["requests": ["cpu": "500m"], "limits": ["cpu": "2", "memory": "512Mi"]])])
        #expect(LimitRanger.aggregate(LimitRanger.podViolations(of: range, high))
            == "[maximum cpu usage per Container is 1, but limit is 2, cpu max limit to request ratio per Container is 2, but provided ratio is 4.000000]")
        let unlimited = self.pod([("a", ["requests": ["cpu": "200m"], "limits": ["cpu": "200m"]])])
        #expect(LimitRanger.aggregate(LimitRanger.podViolations(of: range, unlimited))
            == "maximum memory usage per Container is 1Gi.  No limit is specified")
        let fits = self.pod([("a", ["requests": ["cpu": "300m"], "limits": ["cpu": "600m", "memory": "1Gi"]])])
        #expect(LimitRanger.podViolations(of: range, fits).isEmpty)
        let noRequest = self.pod([("a", ["limits": ["cpu": "600m", "memory": "1Gi"]])])
        #expect(LimitRanger.aggregate(LimitRanger.podViolations(of: range, noRequest))
            == "[minimum cpu usage per Container is 100m.  No request is specified, cpu max limit to request ratio per Container is 2, but no request is specified or request is 0]")
    }

    @Test func podLimitsApplyToThePodsTotals() {
        let range = self.limitRange(["type": "Pod", "max": ["cpu": "1"]])
        let pod = self.pod([
            ("a", ["requests": ["cpu": "300m"], "limits": ["cpu": "600m"]]), ("b", ["requests": ["cpu": "300m"], "limits": ["cpu": "600m"]]),
        ])
        #expect(LimitRanger.aggregate(LimitRanger.podViolations(of: range, pod)) == "maximum cpu usage per Pod is 1, but limit is 1200m")
    }

    @Test func claimsAreCheckedAgainstStorageMinimumAndMaximum() {
        let range = self.limitRange(["type": "PersistentVolumeClaim", "min": ["storage": "1Gi"], "max": ["storage": "10Gi"]])
        func claim(_ storage: String) -> JSONValue { ["spec": ["resources": ["requests": ["storage": .string(storage)]]]] }
        #expect(LimitRanger.claimViolations(of: range, claim("20Gi")) == ["maximum storage usage per PersistentVolumeClaim is 10Gi, but request is 20Gi"])
        #expect(LimitRanger.claimViolations(of: range, claim("500Mi")) == ["minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi"])
        #expect(LimitRanger.claimViolations(of: range, claim("5Gi")).isEmpty)
    }

    @Test func repeatedViolationsPrintOnce() {
        #expect(LimitRanger.aggregate([]) == nil)
        #expect(LimitRanger.aggregate(["x", "x"]) == "x")
        #expect(LimitRanger.aggregate(["x", "y", "x"]) == "[x, y]")
    }

    @Test func onlyPodCreatesAndClaimWritesAreLookedAt() {
        let catalog = ResourceCatalog.builtin
        let pods = catalog.definition(for: GroupVersionResource(group: "", version: "v1", resource: "pods"))!
        let claims = catalog.definition(for: GroupVersionResource(group: "", version: "v1", resource: "persistentvolumeclaims"))!
        func attributes(_ operation: String, _ definition: ResourceDefinition, subresource: String = "") -> AdmissionAttributes {
            AdmissionAttributes(operation: operation, definition: definition, subresource: subresource, name: "x", namespace: "team",
                                user: nil, object: [:], oldObject: nil, dryRun: false, namespaceLabels: nil)
        }
        #expect(LimitRanger.applies(attributes("CREATE", pods)))
        #expect(!LimitRanger.applies(attributes("UPDATE", pods)))
        #expect(!LimitRanger.applies(attributes("CREATE", pods, subresource: "status")))
        #expect(LimitRanger.applies(attributes("UPDATE", claims)))
    }
}
