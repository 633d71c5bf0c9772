import KubeModel
import Testing

/// Protobuf bodies decode to the JSON Go writes for the same objects.
@Suite struct KubeProtobufFixtureTests {
    /// kubectl 1.33's create requests decode to kubectl 1.31's JSON requests for the same commands.
    @Test(arguments: KubectlFixture.requests)
    func requestDecodesToOlderKubectlsJSON(_ fixture: KubectlFixture) throws {
        try Self.expectDecodedJSON(fixture)
    }

    /// Objects kubectl 1.33 decodes from protobuf responses decode to the JSON it prints for them.
    @Test(arguments: KubectlFixture.responses)
    func responseDecodesToWhatKubectlPrints(_ fixture: KubectlFixture) throws {
        try Self.expectDecodedJSON(fixture)
    }

    @Test func requestsCoverTheTypedCreateCommands() {
        let kinds = Set(KubectlFixture.requests.compactMap { try? JSONParser.parse($0.json)["kind"]?.stringValue })
        let requested: Set = [
            "ConfigMap", "Secret", "Namespace", "Deployment", "Service", "Job", "CronJob", "ServiceAccount", "Role",
            "RoleBinding", "ClusterRole", "ClusterRoleBinding", "PriorityClass", "PodDisruptionBudget", "Ingress",
            "ResourceQuota",
        ]
        #expect(requested.isSubset(of: kinds))
    }

    private static func expectDecodedJSON(_ fixture: KubectlFixture) throws {
        let decoded = try KubeProtobuf.decodeObject(fixture.protobuf)
        let expected = try JSONParser.parse(fixture.json)
        #expect(decoded == expected, "\(fixture.command)\n\(decoded.jsonText)")
        // Members come in Go's order too, so the re-encoded JSON is byte for byte Go's.
        #expect(decoded.jsonText == fixture.json)
    }
}
