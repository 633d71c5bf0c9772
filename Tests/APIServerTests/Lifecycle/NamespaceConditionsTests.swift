import KubeModel
import Testing

@testable import APIServer

@Suite struct NamespaceConditionsTests {
    @Test func wordsConditionsAsKubesNamespaceController() {
        let conditions = NamespaceConditions.conditions(
            remaining: ["pods.": 2, "configmaps.": 1, "deployments.apps": 0], finalizers: ["b.io/x": 1, "a.io/y": 2], failures: [],
            previous: [], now: "T1"
        )
        #expect(conditions.map { $0["type"]?.stringValue ?? "" } == [
            "NamespaceDeletionDiscoveryFailure", "NamespaceDeletionGroupVersionParsingFailure", "NamespaceDeletionContentFailure",
            "NamespaceContentRemaining", "NamespaceFinalizersRemaining",
        ])
        #expect(conditions[3] == [
            "type": "NamespaceContentRemaining", "status": "True", "lastTransitionTime": "T1", "reason": "SomeResourcesRemain",
            "message": "Some resources are remaining: configmaps. has 1 resource instances, pods. has 2 resource instances",
        ])
        #expect(conditions[4]["message"] == "Some content in the namespace has finalizers remaining: a.io/y in 2 resource instances, b.io/x in 1 resource instances")
        #expect(conditions[2]["status"] == "False" && conditions[2]["reason"] == "ContentDeleted")

        // Unchanged conditions keep their transition time; changed ones take the new one.
        let later = NamespaceConditions.conditions(remaining: [:], finalizers: [:], failures: [], previous: conditions, now: "T2")
        #expect(later[0]["lastTransitionTime"] == "T1")
        #expect(later[3] == [
            "type": "NamespaceContentRemaining", "status": "False", "lastTransitionTime": "T2", "reason": "ContentRemoved",
            "message": "All content successfully removed",
        ])
        #expect(later[4]["reason"] == "ContentHasNoFinalizers")
    }
}
