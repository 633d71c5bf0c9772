import Testing

@testable import APIServer

@Suite struct AdmissionPluginSelectionTests {
    @Test func startsFromKubeDefaults() throws {
        let selection = try AdmissionPluginSelection(enable: "", disable: "")
        #expect(selection == .defaults)
        for plugin in [AdmissionPlugin.namespaceLifecycle, .serviceAccount, .mutatingAdmissionWebhook, .validatingAdmissionWebhook,
                       .validatingAdmissionPolicy, .limitRanger, .resourceQuota] {
            #expect(selection.contains(plugin), "\(plugin)")
        }
        #expect(!selection.contains(AdmissionPlugin(rawValue: "AlwaysPullImages")))
    }

    @Test func enablesAndDisablesByKubeNames() throws {
        let selection = try AdmissionPluginSelection(enable: "AlwaysPullImages, NodeRestriction", disable: "ServiceAccount,NamespaceLifecycle")
        #expect(selection.contains(AdmissionPlugin(rawValue: "AlwaysPullImages")))
        #expect(selection.contains(AdmissionPlugin(rawValue: "NodeRestriction")))
        #expect(!selection.contains(.serviceAccount) && !selection.contains(.namespaceLifecycle))
        #expect(selection.enabled.count == AdmissionPlugin.enabledByDefault.count)
        // Enabling a plugin that is on anyway changes nothing.
        #expect(try AdmissionPluginSelection(enable: "ServiceAccount", disable: "") == .defaults)
    }

    @Test func refusesUnknownAndOverlappingNamesAsKubeApiserver() {
        #expect(throws: AdmissionPluginSelectionError.unknownPlugin(flag: "enable-admission-plugins", name: "serviceaccount")) {
            try AdmissionPluginSelection(enable: "serviceaccount", disable: "")
        }
        #expect(throws: AdmissionPluginSelectionError.unknownPlugin(flag: "disable-admission-plugins", name: "Nope")) {
            try AdmissionPluginSelection(enable: "", disable: "LimitRanger,Nope")
        }
        #expect(
            AdmissionPluginSelectionError.unknownPlugin(flag: "enable-admission-plugins", name: "Nope").description
                == "enable-admission-plugins plugin \"Nope\" is unknown"
        )
        let overlap = AdmissionPluginSelectionError.overlapping([.resourceQuota, .serviceAccount])
        #expect(throws: overlap) {
            try AdmissionPluginSelection(enable: "ServiceAccount,ResourceQuota", disable: "ServiceAccount,ResourceQuota")
        }
        #expect(overlap.description == "[ResourceQuota ServiceAccount] in enable-admission-plugins and disable-admission-plugins overlapped")
    }
}
