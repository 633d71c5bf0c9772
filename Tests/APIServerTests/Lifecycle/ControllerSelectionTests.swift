import Testing

@testable import APIServer

@Suite struct ControllerSelectionTests {
    @Test func parsesKubeControllerManagerLists() throws {
        #expect(try ControllerSelection(parsing: "*") == .all)
        #expect(try ControllerSelection(parsing: "").enabled.isEmpty)
        #expect(try ControllerSelection(parsing: "*,-garbage-collector-controller").enabled == [.namespace, .resourceQuota])
        #expect(try ControllerSelection(parsing: "*,-garbagecollector,-resourcequota").enabled == [.namespace])
        #expect(try ControllerSelection(parsing: "garbagecollector").enabled == [.garbageCollector])
        #expect(try ControllerSelection(parsing: "-namespace-controller, *").enabled == [.garbageCollector, .namespace, .resourceQuota])
        #expect(try ControllerSelection(parsing: "resourcequota-controller").enabled == [.resourceQuota])
        #expect(throws: ControllerSelectionError.unknownController("deployment-controller")) {
            try ControllerSelection(parsing: "*,deployment-controller")
        }
    }
}
