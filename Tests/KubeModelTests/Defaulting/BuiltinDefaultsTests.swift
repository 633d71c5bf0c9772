import Testing

@testable import KubeModel

@Suite struct BuiltinDefaultsTests {
    @Test(arguments: [("nginx", "Always"), ("nginx:latest", "Always"), ("nginx:1.25", "IfNotPresent"),
                      ("registry:5000/app", "Always"), ("registry:5000/app:v1", "IfNotPresent"), ("app@sha256:abc", "IfNotPresent")])
    func imagePullPolicyFollowsTheTag(image: String, policy: String) {
        #expect(PodDefaults.pullPolicy(image: image) == policy)
    }

    @Test func deploymentDefaultsReachThePodTemplate() throws {
        var deployment = try JSONParser.parse(#"{"spec":{"strategy":{},"template":{"metadata":{"creationTimestamp":null},"spec":{"containers":[{"name":"c","image":"i:1","ports":[{"containerPort":80}]}]}}}}"#)
        BuiltinDefaults.apply(to: &deployment, kind: GroupVersionKind(group: "apps", version: "v1", kind: "Deployment"))
        let spec = try #require(deployment["spec"])
        #expect(spec["replicas"] == 1 && spec["revisionHistoryLimit"] == 10 && spec["progressDeadlineSeconds"] == 600)
        #expect(spec["strategy"] == ["type": "RollingUpdate", "rollingUpdate": ["maxUnavailable": "25%", "maxSurge": "25%"]])
        #expect(spec["template"]?["metadata"] == .object(JSONObject()))
        let container = try #require(spec["template"]?["spec"]?["containers"]?.arrayValue?.first)
        #expect(container["imagePullPolicy"] == "IfNotPresent" && container["ports"]?.arrayValue?.first?["protocol"] == "TCP")
        #expect(spec["template"]?["spec"]?["restartPolicy"] == "Always" && spec["template"]?["spec"]?["dnsPolicy"] == "ClusterFirst")
    }

    @Test func serviceDefaultsFillPortsAndPolicies() throws {
        var service = try JSONParser.parse(#"{"spec":{"type":"NodePort","ports":[{"port":80},{"port":53,"protocol":"UDP","targetPort":"dns"}]}}"#)
        BuiltinDefaults.apply(to: &service, kind: GroupVersionKind(group: "", version: "v1", kind: "Service"))
        let ports = try #require(service["spec"]?["ports"]?.arrayValue)
        #expect(ports[0] == ["port": 80, "protocol": "TCP", "targetPort": 80])
        #expect(ports[1]["targetPort"] == "dns")
        #expect(service["spec"]?["externalTrafficPolicy"] == "Cluster" && service["spec"]?["sessionAffinity"] == "None")
    }
}
