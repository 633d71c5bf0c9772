import KubeModel
import Testing

@testable import APIServer

@Suite struct DeleteOptionsTests {
    @Test func addsTheGarbageCollectorsFinalizerForThePolicy() throws {
        func finalizers(_ body: String, _ existing: [String] = ["a.io/x"], default policy: PropagationPolicy = .background) throws -> [String] {
            try DeleteOptions(body: Array(body.utf8)).finalizers(after: existing, defaultPolicy: policy)
        }
        #expect(try finalizers("") == ["a.io/x"])
        #expect(try finalizers("", default: .orphan) == ["a.io/x", "orphan"])
        #expect(try finalizers(#"{"propagationPolicy":"Foreground"}"#) == ["a.io/x", "foregroundDeletion"])
        #expect(try finalizers(#"{"propagationPolicy":"Background"}"#, ["orphan", "a.io/x"]) == ["a.io/x"])
        #expect(try finalizers(#"{"orphanDependents":true}"#) == ["a.io/x", "orphan"])
        #expect(try finalizers(#"{"orphanDependents":false}"#, ["foregroundDeletion"], default: .orphan) == [])
        // Without a policy, the finalizer the object has wins over the kind's default.
        #expect(try finalizers("", ["foregroundDeletion"], default: .orphan) == ["foregroundDeletion"])
        // Unchanged sets keep their order.
        #expect(try finalizers(#"{"propagationPolicy":"Orphan"}"#, ["orphan", "a.io/x"]) == ["orphan", "a.io/x"])
    }

    @Test func readsTheQueryAndRefusesBothForms() throws {
        let query = try DeleteOptions(body: []) { $0 == "propagationPolicy" ? "Orphan" : nil }
        #expect(query.propagationPolicy == .orphan)
        #expect(throws: StatusError.self) { try DeleteOptions(body: Array(#"{"propagationPolicy":"Sideways"}"#.utf8)) }
        do {
            _ = try DeleteOptions(body: Array(#"{"propagationPolicy":"Foreground","orphanDependents":true}"#.utf8))
            Issue.record("both forms were accepted")
        } catch {
            #expect(error.code == 422)
            #expect(error.message == "DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Invalid value: \"Foreground\": orphanDependents and deletionPropagation cannot be both set")
        }
    }

    @Test func defaultsPerKindAsKubeAPIServer() {
        #expect(PropagationPolicy.defaultPolicy(for: GroupVersionResource(group: "batch", version: "v1", resource: "jobs")) == .orphan)
        #expect(PropagationPolicy.defaultPolicy(for: GroupVersionResource(group: "", version: "v1", resource: "replicationcontrollers")) == .orphan)
        #expect(PropagationPolicy.defaultPolicy(for: GroupVersionResource(group: "apps", version: "v1", resource: "replicasets")) == .background)
        #expect(PropagationPolicy.defaultPolicy(for: GroupVersionResource(group: "batch", version: "v1", resource: "cronjobs")) == .background)
    }
}
