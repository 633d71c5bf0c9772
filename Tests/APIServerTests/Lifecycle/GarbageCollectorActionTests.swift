import Foundation
import Testing

@testable import APIServer

@Suite struct GarbageCollectorActionTests {
    private typealias Fixture = OwnerGraphTests

    @Test func ownersBeingDeletedOrphanOrWaitForBlockingDependents() {
        var graph = OwnerGraph()
        _ = graph.put(key: Fixture.key("rs"), Fixture.node("rs", owners: [Fixture.owner("d", blocking: true)]))
        _ = graph.put(key: Fixture.key("cm"), Fixture.node("cm", owners: [Fixture.owner("d")]))
        let alive = Fixture.node("d")
        #expect(GarbageCollectorAction.decideAsOwner(alive, in: graph) == nil)
        let orphaning = Fixture.node("d", finalizers: ["orphan"], deleting: true)
        #expect(GarbageCollectorAction.decideAsOwner(orphaning, in: graph) == .orphanDependents(["cm", "rs"]))
        let foreground = Fixture.node("d", finalizers: ["foregroundDeletion"], deleting: true)
        #expect(GarbageCollectorAction.decideAsOwner(foreground, in: graph) == .waitForDependents(["rs"]))
        _ = graph.put(key: Fixture.key("rs"), Fixture.node("rs", owners: [Fixture.owner("d", blocking: true)], finalizers: ["x"], deleting: true))
        #expect(GarbageCollectorAction.decideAsOwner(foreground, in: graph) == GarbageCollectorAction.none)
        // Only blocking dependents hold a foreground deletion.
        _ = graph.remove(key: Fixture.key("rs"))
        #expect(GarbageCollectorAction.decideAsOwner(foreground, in: graph) == .removeFinalizer("foregroundDeletion"))
        let plain = Fixture.node("d", finalizers: ["example.com/hold"], deleting: true)
        #expect(GarbageCollectorAction.decideAsOwner(plain, in: graph) == GarbageCollectorAction.none)
    }

    @Test func dependentsFollowTheirOwners() {
        let a = Fixture.owner("a")
        let b = Fixture.owner("b")
        let item = Fixture.node("x", owners: [a, b])
        func decide(_ states: [OwnerState], hasDependents: Bool = false, node: OwnerGraph.Node = item) -> GarbageCollectorAction {
            GarbageCollectorAction.decideAsDependent(node, owners: Array(zip([a, b], states)), hasDependents: hasDependents)
        }
        #expect(GarbageCollectorAction.decideAsDependent(Fixture.node("x"), owners: [], hasDependents: false) == .none)
        #expect(decide([.solid, .solid]) == .none)
        #expect(decide([.solid, .dangling]) == .removeOwnerReferences(["b"]))
        #expect(decide([.waitingForDependents, .solid]) == .removeOwnerReferences(["a"]))
        #expect(decide([.dangling, .dangling]) == .delete(.background))
        #expect(decide([.dangling, .waitingForDependents]) == .delete(.background))
        #expect(decide([.dangling, .waitingForDependents], hasDependents: true) == .delete(.foreground))
        #expect(decide([.dangling, .unresolvable]) == .none)
        let orphaning = Fixture.node("x", owners: [a, b], finalizers: ["orphan"])
        #expect(decide([.dangling, .dangling], node: orphaning) == .delete(.orphan))
    }
}
