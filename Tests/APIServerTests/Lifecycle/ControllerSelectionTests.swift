import Testing

@testable import APIServer

@Suite struct ControllerSelectionTests {
    @Test func parsesKubeControllerManagerLists() throws {
        #expect(try ControllerSelection(parsing: "*") == .all)
        #expect(try ControllerSelection(parsing: "").enabled.isEmpty)
        let allButCollector: Set<LifecycleController> = [.namespace, .resourceQuota, .serviceAccount, .rootCACertificatePublisher]
        #expect(try ControllerSelection(parsing: "*,-garbage-collector-controller").enabled == allButCollector)
        #expect(try ControllerSelection(parsing: "*,-garbagecollector").enabled == allButCollector)
        #expect(try ControllerSelection(parsing: "garbagecollector").enabled == [.garbageCollector])
        #expect(try ControllerSelection(parsing: "-namespace-controller, *").enabled == Set(LifecycleController.allCases))
        #expect(try ControllerSelection(parsing: "*,-serviceaccount-controller,-root-ca-cert-publisher,-resourcequota").enabled == [.garbageCollector, .namespace])
        #expect(try ControllerSelection(parsing: "serviceaccount,root-ca-certificate-publisher-controller").enabled
            == [.serviceAccount, .rootCACertificatePublisher])
        #expect(try ControllerSelection(parsing: "resourcequota-controller").enabled == [.resourceQuota])
        #expect(throws: ControllerSelectionError.unknownController("deployment-controller")) {
            try ControllerSelection(parsing: "*,deployment-controller")
        }
    }
}
