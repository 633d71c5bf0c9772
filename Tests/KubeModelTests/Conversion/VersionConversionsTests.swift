import Testing

@testable import KubeModel

@Suite struct VersionConversionsTests {
    private let conversions = VersionConversions.builtin
    private let coreEvent = GroupVersionKind(group: "", version: "v1", kind: "Event")
    private let eventsEvent = GroupVersionKind(group: "events.k8s.io", version: "v1", kind: "Event")
    private let hpaV1 = GroupVersionKind(group: "autoscaling", version: "v1", kind: "HorizontalPodAutoscaler")
    private let hpaV2 = GroupVersionKind(group: "autoscaling", version: "v2", kind: "HorizontalPodAutoscaler")

    @Test func eachSharedKindHasOneStorageVersion() {
        #expect(self.conversions.storageKind(for: self.eventsEvent) == self.coreEvent)
        #expect(self.conversions.storageKind(for: self.coreEvent) == self.coreEvent)
        #expect(self.conversions.storageKind(for: self.hpaV1) == self.hpaV2)
        #expect(self.conversions.storageKind(for: self.hpaV2) == self.hpaV2)
        let pod = GroupVersionKind(group: "", version: "v1", kind: "Pod")
        #expect(self.conversions.storageKind(for: pod) == pod)
        #expect(!self.conversions.sharesStorage(pod))
        #expect(self.conversions.sharesStorage(self.coreEvent) && self.conversions.sharesStorage(self.hpaV1))
    }

    @Test func convertsByTheObjectsOwnAPIVersion() {
        let core = EventVersionConverterTests.core
        #expect(self.conversions.convert(core, to: self.coreEvent) == core)
        #expect(self.conversions.convert(core, to: self.eventsEvent) == EventVersionConverterTests.events)
        #expect(self.conversions.convert(EventVersionConverterTests.events, to: self.coreEvent) == core)
    }

    @Test func leavesOtherObjectsAlone() {
        // A Status answered in place of an event, a kind that shares nothing, an object without apiVersion.
        let status: JSONValue = ["kind": "Status", "apiVersion": "v1", "status": "Success"]
        #expect(self.conversions.convert(status, to: self.eventsEvent) == status)
        let pod: JSONValue = ["kind": "Pod", "apiVersion": "v1", "metadata": ["name": "p"]]
        #expect(self.conversions.convert(pod, to: GroupVersionKind(group: "", version: "v1", kind: "Pod")) == pod)
        let untyped: JSONValue = ["metadata": ["name": "e"], "reason": "R"]
        #expect(self.conversions.convert(untyped, to: self.eventsEvent) == untyped)
        let hpa: JSONValue = ["kind": "HorizontalPodAutoscaler", "apiVersion": "autoscaling/v2", "spec": [:]]
        #expect(self.conversions.convert(hpa, to: self.eventsEvent) == hpa)
    }
}
