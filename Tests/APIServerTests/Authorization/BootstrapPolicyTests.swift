import KubeModel
import Testing

@testable import APIServer

@Suite struct BootstrapPolicyTests {
    private func defaultRole(_ name: String) throws -> JSONValue {
        try #require(BootstrapPolicy.clusterRoles.first { $0.name == name })
    }

    @Test func defaultsCarryKubesLabelAndAnnotation() {
        for object in BootstrapPolicy.clusterRoles + BootstrapPolicy.clusterRoleBindings {
            #expect(object.labels["kubernetes.io/bootstrapping"] == "rbac-defaults", "\(object.name)")
            #expect(object.annotations["rbac.authorization.kubernetes.io/autoupdate"] == "true", "\(object.name)")
        }
        let names = Set(BootstrapPolicy.clusterRoles.map(\.name))
        #expect(names.isSuperset(of: ["cluster-admin", "admin", "edit", "view", "system:basic-user", "system:discovery", "system:public-info-viewer"]))
    }

    @Test func anUnchangedDefaultNeedsNothing() throws {
        let role = try self.defaultRole("system:discovery")
        #expect(BootstrapPolicy.reconciled(role, with: role) == nil)
    }

    @Test func missingRulesLabelsAndSubjectsAreAddedNothingIsRemoved() throws {
        let wanted = try self.defaultRole("system:basic-user")
        var stored = wanted
        let extra = PolicyRule(verbs: ["get"], apiGroups: [""], resources: ["namespaces"]).json
        stored["rules"] = [extra]
        stored["metadata"]?["labels"] = ["mine": "yes"]
        let updated = try #require(BootstrapPolicy.reconciled(stored, with: wanted))
        #expect(updated["rules"]?.arrayValue == [extra] + (wanted["rules"]?.arrayValue ?? []))
        #expect(updated.labels == ["mine": "yes", "kubernetes.io/bootstrapping": "rbac-defaults"])

        let binding = try #require(BootstrapPolicy.clusterRoleBindings.first { $0.name == "system:public-info-viewer" })
        var storedBinding = binding
        storedBinding["subjects"] = [["kind": "User", "name": "alice"]]
        let subjects = try #require(BootstrapPolicy.reconciled(storedBinding, with: binding))["subjects"]?.arrayValue
        #expect(subjects?.count == 3)
        #expect(subjects?.first == ["kind": "User", "name": "alice"])
    }

    @Test func objectsWithoutAutoupdateAreLeftAlone() throws {
        let wanted = try self.defaultRole("cluster-admin")
        var stored = wanted
        stored["rules"] = []
        stored["metadata"]?["annotations"] = ["rbac.authorization.kubernetes.io/autoupdate": "false"]
        #expect(BootstrapPolicy.reconciled(stored, with: wanted) == nil)
    }

    @Test func aggregatedRolesKeepTheirRulesAndGainSelectors() throws {
        let wanted = try self.defaultRole("view")
        var stored = wanted
        stored["rules"] = [PolicyRule(verbs: ["get"], apiGroups: [""], resources: ["pods"]).json]
        #expect(BootstrapPolicy.reconciled(stored, with: wanted) == nil)
        stored["aggregationRule"] = ["clusterRoleSelectors": [["matchLabels": ["other": "true"]]]]
        let updated = try #require(BootstrapPolicy.reconciled(stored, with: wanted))
        #expect(updated["aggregationRule"]?["clusterRoleSelectors"]?.arrayValue?.count == 2)
        #expect(updated["rules"] == stored["rules"])
    }
}
