import Foundation
import Testing
import WharfTestSupport

/// CRD validation rules (`x-kubernetes-validations`) with kubectl 1.33 against `wharf up`: objects
/// that break a rule are refused with kube-apiserver's 422 message, transition rules guard
/// updates, per-item rules name the item, and a CRD whose rule does not compile is refused.
@Suite(.serialized) struct CELValidationTests {
    static let definition = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: scalers.example.com
        spec:
          group: example.com
          scope: Namespaced
          names: {plural: scalers, singular: scaler, kind: Scaler}
          versions:
          - name: v1
            served: true
            storage: true
            subresources: {status: {}}
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  status:
                    type: object
                    x-kubernetes-validations:
                    - {rule: self.ready <= oldSelf.ready + 1, message: ready may grow by one at a time}
                    properties:
                      ready: {type: integer}
                  spec:
                    type: object
                    x-kubernetes-validations:
                    - rule: self.minReplicas <= self.maxReplicas
                      message: minReplicas must not exceed maxReplicas
                    properties:
                      minReplicas: {type: integer}
                      maxReplicas: {type: integer}
                      region:
                        type: string
                        x-kubernetes-validations:
                        - {rule: self == oldSelf, message: Value is immutable}
                      hosts:
                        type: array
                        items:
                          type: string
                          x-kubernetes-validations:
                          - rule: self.matches('^[a-z0-9.-]+$') && size(self) <= 20
        """

    static func scaler(name: String, min: Int, max: Int, hosts: [String] = ["a.example"]) -> String {
        """
        apiVersion: example.com/v1
        kind: Scaler
        metadata: {name: \(name)}
        spec: {minReplicas: \(min), maxReplicas: \(max), region: eu, hosts: [\(hosts.map { "'\($0)'" }.joined(separator: ", "))]}
        """
    }

    @Test func rulesGuardCustomObjects() async throws {
        let directory = try TemporaryDirectory(prefix: "wharf-cel")
        defer { directory.remove() }
        let up = try await WharfUpProcess.start(dataDirectory: directory.url)
        do {
            let kubectl = Kubectl(minor: 33, kubeconfig: up.kubeconfig)
            let created = try await kubectl.run(["create", "-f", "-"], input: Self.definition)
            #expect(created.status == 0, "\(created.stderr)")
            let established = try await kubectl.run("wait", "--for=condition=Established", "crd/scalers.example.com", "--timeout=10s")
            #expect(established.status == 0, "\(established.stderr)")

            let refused = try await kubectl.run(["create", "-f", "-"], input: Self.scaler(name: "bad", min: 3, max: 2))
            #expect(refused.status != 0)
            #expect(refused.stderr.contains(
                #"The Scaler "bad" is invalid: spec: Invalid value: "object": minReplicas must not exceed maxReplicas"#
            ), "\(refused.stderr)")

            let badHost = try await kubectl.run(["create", "-f", "-"], input: Self.scaler(name: "hosts", min: 1, max: 2, hosts: ["ok", "Not_OK"]))
            #expect(badHost.stderr.contains(
                #"spec.hosts[1]: Invalid value: "string": failed rule: self.matches('^[a-z0-9.-]+$') && size(self) <= 20"#
            ), "\(badHost.stderr)")

            let good = try await kubectl.run(["create", "-f", "-"], input: Self.scaler(name: "web", min: 1, max: 3))
            #expect(good.status == 0, "\(good.stderr)")

            let immutable = try await kubectl.run("patch", "scaler", "web", "--type=merge", "-p", #"{"spec":{"region":"us"}}"#)
            #expect(immutable.status != 0)
            #expect(immutable.stderr.contains(
                #"The Scaler "web" is invalid: spec.region: Invalid value: "string": Value is immutable"#
            ), "\(immutable.stderr)")

            let inverted = try await kubectl.run("patch", "scaler", "web", "--type=merge", "-p", #"{"spec":{"maxReplicas":0}}"#)
            #expect(inverted.stderr.contains(#"spec: Invalid value: "object": minReplicas must not exceed maxReplicas"#), "\(inverted.stderr)")

            let scaled = try await kubectl.run("patch", "scaler", "web", "--type=merge", "-p", #"{"spec":{"maxReplicas":5,"hosts":["b.example"]}}"#)
            #expect(scaled.status == 0, "\(scaled.stderr)")
            #expect(try await kubectl.run("get", "scaler", "web", "-o", "jsonpath={.spec.maxReplicas} {.spec.region}").stdout == "5 eu")

            let status = try await kubectl.run("patch", "scaler", "web", "--subresource=status", "--type=merge", "-p", #"{"status":{"ready":0}}"#)
            #expect(status.status == 0, "\(status.stderr)")
            let jump = try await kubectl.run("patch", "scaler", "web", "--subresource=status", "--type=merge", "-p", #"{"status":{"ready":5}}"#)
            #expect(jump.stderr.contains(#"The Scaler "web" is invalid: status: Invalid value: "object": ready may grow by one at a time"#), "\(jump.stderr)")
            let step = try await kubectl.run("patch", "scaler", "web", "--subresource=status", "--type=merge", "-p", #"{"status":{"ready":1}}"#)
            #expect(step.status == 0, "\(step.stderr)")

            let badRule = Self.definition
                .replacingOccurrences(of: "scalers", with: "brokens").replacingOccurrences(of: "scaler", with: "broken")
                .replacingOccurrences(of: "Scaler", with: "Broken")
                .replacingOccurrences(of: "self.minReplicas <= self.maxReplicas", with: "self.minReplicas <= ")
            let refusedDefinition = try await kubectl.run(["create", "-f", "-"], input: badRule)
            #expect(refusedDefinition.status != 0)
            #expect(refusedDefinition.stderr.contains(
                "spec.versions[0].schema.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule: Invalid value: "
                    + #"apiextensions.ValidationRule{Rule:"self.minReplicas <=", Message:"minReplicas must not exceed maxReplicas""#
            ), "\(refusedDefinition.stderr)")
            #expect(refusedDefinition.stderr.contains("compilation failed: ERROR: <input>:1:20: Syntax error: unexpected input <EOF>"), "\(refusedDefinition.stderr)")
        } catch {
            await up.stop()
            throw error
        }
        #expect(await up.stop() == 0)
    }
}
