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

    @Test func limitRangeItemsGetKubeDefaults() {
        var range: JSONValue = ["kind": "LimitRange", "spec": ["limits": [
            ["type": "Container", "max": ["cpu": "2"], "min": ["memory": "64Mi"], "default": ["memory": "128Mi"]],
            ["type": "Pod", "max": ["cpu": "4"]],
        ]]]
        BuiltinDefaults.apply(to: &range, kind: GroupVersionKind(group: "", version: "v1", kind: "LimitRange"))
        let items = range["spec"]?["limits"]?.arrayValue ?? []
        #expect(items[0]["default"] == ["memory": "128Mi", "cpu": "2"])
        #expect(items[0]["defaultRequest"] == ["memory": "128Mi", "cpu": "2"])
        #expect(items[1]["default"] == nil && items[1]["defaultRequest"] == nil)
    }

    @Test func podContainersRequestTheirLimitsWhereUnset() throws {
        var pod = try JSONParser.parse(#"{"spec":{"containers":[{"name":"a","image":"i:1","resources":{"requests":{"cpu":"100m"},"limits":{"cpu":"1","memory":"64Mi"}}}]}}"#)
        BuiltinDefaults.apply(to: &pod, kind: GroupVersionKind(group: "", version: "v1", kind: "Pod"))
        #expect(pod["spec"]?["containers"]?.arrayValue?.first?["resources"]?["requests"] == ["cpu": "100m", "memory": "64Mi"])
        var template = try JSONParser.parse(#"{"template":{"spec":{"containers":[{"name":"a","image":"i:1","resources":{"limits":{"cpu":"1"}}}]}}}"#)
        BuiltinDefaults.apply(to: &template, kind: GroupVersionKind(group: "", version: "v1", kind: "PodTemplate"))
        #expect(template["template"]?["spec"]?["containers"]?.arrayValue?.first?["resources"]?["requests"] == nil)
    }
}
