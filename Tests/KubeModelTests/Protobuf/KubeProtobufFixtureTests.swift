import KubeModel
import Testing

/// kubectl 1.33's protobuf bodies decode to what kubectl 1.31 sends as JSON for the same commands.
@Suite struct KubeProtobufFixtureTests {
    @Test(arguments: KubectlFixture.captured)
    func protobufDecodesToKubectlJSON(_ fixture: KubectlFixture) throws {
        let decoded = try KubeProtobuf.decodeObject(fixture.protobuf)
        let expected = try JSONParser.parse(fixture.json)
        #expect(decoded == expected, "\(fixture.command)\n\(decoded.jsonText)\n\(expected.jsonText)")
        // Members come in Go's order too, so the re-encoded JSON is byte for byte kubectl's.
        #expect(decoded.jsonText == fixture.json)
    }

    @Test func fixturesCoverTheRequestedCommands() {
        let kinds = Set(KubectlFixture.captured.compactMap { try? JSONParser.parse($0.json)["kind"]?.stringValue })
        let requested: Set = [
            "ConfigMap", "Secret", "Namespace", "Deployment", "Service", "Job", "CronJob", "ServiceAccount", "Role",
            "ClusterRoleBinding", "PriorityClass", "PodDisruptionBudget", "Ingress", "ResourceQuota",
        ]
        #expect(requested.isSubset(of: kinds))
    }
}
