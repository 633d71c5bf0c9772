import Testing

@testable import KubeModel

@Suite struct BuiltinValidationTests {
    private func problems(_ text: String, _ group: String, _ kind: String) throws -> [String] {
        let object = try JSONParser.parse(text)
        return BuiltinValidation.problems(object, kind: GroupVersionKind(group: group, version: "v1", kind: kind)).map {
            "\($0.field): \($0.message)"
        }
    }

    @Test func podsNeedNamedContainersWithImages() throws {
        #expect(try self.problems(#"{"spec":{}}"#, "", "Pod") == ["spec.containers: Required value"])
        let pod = #"{"spec":{"initContainers":[{"name":"init","image":"busybox"}],"containers":[{"image":"nginx"},{"name":"Web_1","image":"x"},{"name":"init","image":" ","ports":[{"containerPort":0}],"env":[{"value":"v"}]}]}}"#
        #expect(
            try self.problems(pod, "", "Pod") == [
                "spec.containers[0].name: Required value",
                #"spec.containers[1].name: Invalid value: "Web_1": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"#,
                #"spec.containers[2].name: Duplicate value: "init""#,
                "spec.containers[2].image: Required value",
                "spec.containers[2].ports[0].containerPort: Invalid value: 0: must be between 1 and 65535, inclusive",
                "spec.containers[2].env[0].name: Required value",
            ]
        )
        #expect(try self.problems(#"{"spec":{"containers":[{"name":"web","image":"nginx","ports":[{"containerPort":80}]}]}}"#, "", "Pod").isEmpty)
    }

    @Test func workloadsNeedASelectorThatSelectsTheirTemplate() throws {
        let template = #""template":{"metadata":{"labels":{"app":"web","tier":"front"}},"spec":{"containers":[{"name":"c","image":"i"}]}}"#
        #expect(try self.problems(#"{"spec":{\#(template)}}"#, "apps", "Deployment") == ["spec.selector: Required value"])
        #expect(
            try self.problems(#"{"spec":{"replicas":-1,"selector":{"matchLabels":{"app":"db"}},\#(template)}}"#, "apps", "Deployment") == [
                "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
                #"spec.template.metadata.labels: Invalid value: map[string]string{"app":"web", "tier":"front"}: `selector` does not match template `labels`"#,
            ]
        )
        let selected = #"{"spec":{"selector":{"matchLabels":{"app":"web"},"matchExpressions":[{"key":"tier","operator":"In","values":["front"]}]},\#(template)}}"#
        #expect(try self.problems(selected, "apps", "StatefulSet").isEmpty)
        #expect(try self.problems(#"{"spec":{"selector":{},\#(template)}}"#, "apps", "DaemonSet").first?.hasSuffix("empty selector is invalid for daemonset") == true)
    }

    @Test func jobsMustNotRestartAlways() throws {
        let job = #"{"spec":{"template":{"spec":{"restartPolicy":"Always","containers":[{"name":"c","image":"i"}]}}}}"#
        #expect(try self.problems(job, "batch", "Job") == [#"spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never""#])
        #expect(try self.problems(#"{"spec":{"jobTemplate":{"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"i"}]}}}}}}"#, "batch", "CronJob") == ["spec.schedule: Required value"])
    }

    @Test func servicesNeedValidPortsAndTypes() throws {
        #expect(try self.problems(#"{"spec":{}}"#, "", "Service") == ["spec.ports: Required value"])
        #expect(try self.problems(#"{"spec":{"clusterIP":"None"}}"#, "", "Service").isEmpty)
        #expect(
            try self.problems(#"{"spec":{"ports":[{"port":80},{"name":"b","port":70000}]}}"#, "", "Service") == [
                "spec.ports[0].name: Required value", "spec.ports[1].port: Invalid value: 70000: must be between 1 and 65535, inclusive",
            ]
        )
        #expect(try self.problems(#"{"spec":{"type":"Magic"}}"#, "", "Service") == [#"spec.type: Unsupported value: "Magic": supported values: "ClusterIP", "NodePort", "LoadBalancer", "ExternalName""#])
    }

    @Test func configKeysAreChecked() throws {
        #expect(try self.problems(#"{"data":{"ok.key_1-2":"v","bad key":"v"}}"#, "", "ConfigMap") == [
            #"data[bad key]: Invalid value: "bad key": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"#
        ])
    }
}

@Suite struct MetadataValidationTests {
    private func problems(_ text: String) throws -> [String] {
        MetadataValidation.problems(try JSONParser.parse(text)).map { "\($0.field): \($0.message)" }
    }

    @Test func labelKeysAndValuesFollowKubernetesRules() throws {
        #expect(try self.problems(#"{"metadata":{"labels":{"app.kubernetes.io/name":"web","tier":"","v":"1.2_3-x"}}}"#).isEmpty)
        let problems = try self.problems(#"{"metadata":{"labels":{"bad key":"ok","Example.com/x":"a b","/x":"y"}}}"#)
        #expect(problems.count == 4)
        #expect(problems[0].hasPrefix(#"metadata.labels: Invalid value: "bad key": name part must consist of alphanumeric characters"#))
        #expect(problems[1].hasPrefix(#"metadata.labels: Invalid value: "Example.com/x": prefix part a lowercase RFC 1123 subdomain"#))
        #expect(problems[2].hasPrefix(#"metadata.labels: Invalid value: "a b": a valid label must be an empty string"#))
        #expect(problems[3] == #"metadata.labels: Invalid value: "/x": prefix part must be non-empty"#)
    }

    @Test func annotationKeysAreCheckedLowerCasedAndTheirSizeBounded() throws {
        #expect(try self.problems(#"{"metadata":{"annotations":{"Example.COM/Key":"any value at all"}}}"#).isEmpty)
        #expect(try self.problems(#"{"metadata":{"annotations":{"a/b/c":"v"}}}"#).first?.contains("a qualified name must consist") == true)
        let big = String(repeating: "x", count: MetadataValidation.annotationSizeLimit)
        #expect(try self.problems(#"{"metadata":{"annotations":{"k":"\#(big)"}}}"#) == ["metadata.annotations: Too long: may not be more than 262144 bytes"])
    }
}
