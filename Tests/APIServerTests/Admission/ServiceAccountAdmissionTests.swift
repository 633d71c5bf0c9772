import Foundation
import KubeModel
import Synchronization
import Testing

@testable import APIServer

@Suite struct ServiceAccountAdmissionTests {
    /// Counts account lookups.
    final class Lookups: Sendable {
        private let count = Mutex(0)
        func record() { self.count.withLock { $0 += 1 } }
        var total: Int { self.count.withLock { $0 } }
    }

    static let pods = ResourceCatalog.builtin.definition(for: GroupVersionResource(group: "", version: "v1", resource: "pods"))!

    /// A pod creation in namespace `team`.
    static func creating(_ pod: String, operation: String = "CREATE", subresource: String = "") throws -> AdmissionAttributes {
        let object = try JSONParser.parse(Data(pod.utf8))
        return AdmissionAttributes(
            operation: operation, definition: Self.pods, subresource: subresource, name: object.name, namespace: "team", user: nil,
            object: object, oldObject: nil, dryRun: false
        )
    }

    /// The step over fixed accounts of namespace `team`, counting lookups.
    static func admission(_ accounts: [String: String], lookups: Lookups? = nil, attempts: Int = 1) throws -> ServiceAccountAdmission {
        let parsed = try accounts.mapValues { try JSONParser.parse(Data($0.utf8)) }
        return ServiceAccountAdmission(defaultAttempts: attempts) { namespace, name in
            lookups?.record()
            return namespace == "team" ? parsed[name] : nil
        }
    }

    static let defaultAccount = #"{"metadata":{"name":"default","namespace":"team"}}"#
    static let webPod = #"{"metadata":{"name":"web"},"spec":{"containers":[{"name":"app","image":"nginx"}]}}"#

    @Test func defaultsTheAccountAndMountsKubesProjectedVolume() async throws {
        let pod = try #require(try await Self.admission(["default": Self.defaultAccount]).mutate(Self.creating(#"""
            {"metadata":{"name":"web"},"spec":{
              "initContainers":[{"name":"setup","image":"busybox"}],
              "containers":[{"name":"app","image":"nginx","volumeMounts":[{"name":"data","mountPath":"/data"}]},
                            {"name":"sidecar","image":"envoy","volumeMounts":[{"name":"own","mountPath":"/var/run/secrets/kubernetes.io/serviceaccount"}]}],
              "volumes":[{"name":"data","emptyDir":{}}]}}
            """#)))
        #expect(pod["spec"]?["serviceAccountName"] == "default")
        let volumes = try #require(pod["spec"]?["volumes"]?.arrayValue)
        #expect(volumes.count == 2)
        let name = try #require(volumes[1]["name"]?.stringValue)
        #expect(name.hasPrefix("kube-api-access-") && name.count == "kube-api-access-".count + 5)
        #expect(name.dropFirst("kube-api-access-".count).allSatisfy { "bcdfghjklmnpqrstvwxz2456789".contains($0) })
        let expected = try JSONParser.parse(Data(#"""
            {"defaultMode":420,"sources":[
              {"serviceAccountToken":{"expirationSeconds":3607,"path":"token"}},
              {"configMap":{"name":"kube-root-ca.crt","items":[{"key":"ca.crt","path":"ca.crt"}]}},
              {"downwardAPI":{"items":[{"path":"namespace","fieldRef":{"apiVersion":"v1","fieldPath":"metadata.namespace"}}]}}]}
            """#.utf8))
        #expect(volumes[1]["projected"] == expected)
        let mount: JSONValue = ["name": .string(name), "readOnly": true, "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount"]
        #expect(pod["spec"]?["initContainers"]?.arrayValue?[0]["volumeMounts"] == [mount])
        #expect(pod["spec"]?["containers"]?.arrayValue?[0]["volumeMounts"] == [["name": "data", "mountPath": "/data"], mount])
        // A container with its own mount at the path keeps it alone.
        #expect(pod["spec"]?["containers"]?.arrayValue?[1]["volumeMounts"]?.arrayValue?.count == 1)
    }

    @Test func reusesAnExistingTokenVolumeAndAddsNoneWhenNoContainerNeedsIt() async throws {
        let admission = try Self.admission(["default": Self.defaultAccount])
        let reused = try #require(try await admission.mutate(Self.creating(#"""
            {"metadata":{"name":"web"},"spec":{"containers":[{"name":"app"}],"volumes":[{"name":"kube-api-access-abcde","emptyDir":{}}]}}
            """#)))
        #expect(reused["spec"]?["volumes"]?.arrayValue?.count == 1)
        #expect(reused["spec"]?["containers"]?.arrayValue?[0]["volumeMounts"]?.arrayValue?[0]["name"] == "kube-api-access-abcde")
        let covered = try #require(try await admission.mutate(Self.creating(#"""
            {"metadata":{"name":"web"},"spec":{"containers":[{"name":"app","volumeMounts":[{"name":"x","mountPath":"/var/run/secrets/kubernetes.io/serviceaccount"}]}]}}
            """#)))
        #expect(covered["spec"]?["volumes"] == nil)
    }

    @Test func automountFollowsThePodThenTheAccount() async throws {
        let optedOut = #"{"metadata":{"name":"quiet"},"automountServiceAccountToken":false}"#
        let admission = try Self.admission(["default": Self.defaultAccount, "quiet": optedOut])
        let podOff = try #require(try await admission.mutate(Self.creating(#"""
            {"metadata":{"name":"web"},"spec":{"automountServiceAccountToken":false,"containers":[{"name":"app"}]}}
            """#)))
        #expect(podOff["spec"]?["volumes"] == nil && podOff["spec"]?["containers"]?.arrayValue?[0]["volumeMounts"] == nil)
        #expect(podOff["spec"]?["serviceAccountName"] == "default")
        let accountOff = try #require(try await admission.mutate(Self.creating(#"""
            {"metadata":{"name":"web"},"spec":{"serviceAccountName":"quiet","containers":[{"name":"app"}]}}
            """#)))
        #expect(accountOff["spec"]?["volumes"] == nil)
        let podOverrides = try #require(try await admission.mutate(Self.creating(#"""
            {"metadata":{"name":"web"},"spec":{"serviceAccountName":"quiet","automountServiceAccountToken":true,"containers":[{"name":"app"}]}}
            """#)))
        #expect(podOverrides["spec"]?["volumes"]?.arrayValue?.count == 1)
    }

    @Test func refusesAMissingAccountWithKubesForbidden() async throws {
        let admission = try Self.admission([:])
        await #expect(throws: StatusError.forbidden(
            GroupVersionResource(group: "", version: "v1", resource: "pods"), name: "web",
            "error looking up service account team/builder: serviceaccount \"builder\" not found"
        )) {
            try await admission.mutate(Self.creating(#"{"metadata":{"name":"web"},"spec":{"serviceAccountName":"builder","containers":[]}}"#))
        }
        // Without a name, generateName names the refusal.
        let refusal = await #expect(throws: StatusError.self) {
            try await admission.mutate(Self.creating(#"{"metadata":{"generateName":"job-"},"spec":{"containers":[]}}"#))
        }
        #expect(refusal?.code == 403)
        #expect(refusal?.message == "pods \"job-\" is forbidden: error looking up service account team/default: serviceaccount \"default\" not found")
    }

    @Test func looksForTheDefaultAccountSeveralTimes() async throws {
        let lookups = Lookups()
        let admission = try Self.admission([:], lookups: lookups, attempts: 3)
        await #expect(throws: StatusError.self) { try await admission.mutate(Self.creating(Self.webPod)) }
        #expect(lookups.total == 3)
        await #expect(throws: StatusError.self) {
            try await admission.mutate(Self.creating(#"{"metadata":{"name":"web"},"spec":{"serviceAccountName":"other","containers":[]}}"#))
        }
        #expect(lookups.total == 4)
    }

    @Test func readsTheDeprecatedAliasAndCopiesPullSecrets() async throws {
        let builder = #"{"metadata":{"name":"builder"},"imagePullSecrets":[{"name":"registry"}]}"#
        let pod = try #require(try await Self.admission(["builder": builder]).mutate(Self.creating(#"""
            {"metadata":{"name":"web"},"spec":{"serviceAccount":"builder","containers":[{"name":"app"}]}}
            """#)))
        #expect(pod["spec"]?["serviceAccountName"] == "builder")
        #expect(pod["spec"]?["imagePullSecrets"] == [["name": "registry"]])
    }

    @Test func leavesOtherRequestsAlone() async throws {
        let admission = try Self.admission([:])
        for attributes in [
            try Self.creating(Self.webPod, operation: "UPDATE"), try Self.creating(Self.webPod, subresource: "status"),
        ] {
            #expect(try await admission.mutate(attributes) == attributes.object)
            try await admission.validate(attributes)
        }
        var configMap = try Self.creating(#"{"metadata":{"name":"web"}}"#)
        configMap.definition = ResourceCatalog.builtin.definition(for: GroupVersionResource(group: "", version: "v1", resource: "configmaps"))!
        #expect(try await admission.mutate(configMap) == configMap.object)
    }

    @Test func validatesMirrorPodsAndAccountsAfterMutation() async throws {
        let admission = try Self.admission(["default": Self.defaultAccount])
        let mirror = #"{"metadata":{"name":"static","annotations":{"kubernetes.io/config.mirror":"x"}},"spec":{"containers":[{"name":"app"}]}}"#
        // Mirror pods are not mutated and may reference nothing secret.
        #expect(try await admission.mutate(Self.creating(mirror)) == (try Self.creating(mirror).object))
        try await admission.validate(Self.creating(mirror))
        let mirrorWithSecret = #"""
            {"metadata":{"name":"static","annotations":{"kubernetes.io/config.mirror":"x"}},
             "spec":{"containers":[{"name":"app","envFrom":[{"secretRef":{"name":"s"}}]}]}}
            """#
        let refusal = await #expect(throws: StatusError.self) { try await admission.validate(Self.creating(mirrorWithSecret)) }
        #expect(refusal?.message == "pods \"static\" is forbidden: a mirror pod may not reference secrets")
        // A webhook that dropped the account after mutation is caught.
        let unnamed = await #expect(throws: StatusError.self) { try await admission.validate(Self.creating(Self.webPod)) }
        #expect(unnamed?.message == "pods \"web\" is forbidden: no service account specified for pod team/web")
    }

    @Test func enforcesMountableSecretsWhenTheAccountAsks() async throws {
        let strict = #"""
            {"metadata":{"name":"strict","annotations":{"kubernetes.io/enforce-mountable-secrets":"true"}},
             "secrets":[{"name":"allowed"}],"imagePullSecrets":[{"name":"pull"}]}
            """#
        let admission = try Self.admission(["strict": strict])
        func pod(_ spec: String) -> String { #"{"metadata":{"name":"web"},"spec":{"serviceAccountName":"strict","#+spec+"}}" }
        try await admission.validate(Self.creating(pod(#""containers":[{"name":"app","env":[{"name":"A","valueFrom":{"secretKeyRef":{"name":"allowed","key":"k"}}}]}]"#)))
        let cases = [
            (#""volumes":[{"name":"v","secret":{"secretName":"other"}}],"containers":[]"#,
             "volume with secret.secretName=\"other\" is not allowed because service account strict does not reference that secret"),
            (#""initContainers":[{"name":"init","env":[{"name":"A","valueFrom":{"secretKeyRef":{"name":"other","key":"k"}}}]}],"containers":[]"#,
             "init container init with envVar A referencing secret.secretName=\"other\" is not allowed because service account strict does not reference that secret"),
            (#""containers":[{"name":"app","envFrom":[{"secretRef":{"name":"other"}}]}]"#,
             "container app with envFrom referencing secret.secretName=\"other\" is not allowed because service account strict does not reference that secret"),
            (#""containers":[],"imagePullSecrets":[{"name":"pull"},{"name":"other"}]"#,
             "imagePullSecrets[1].name=\"other\" is not allowed because service account strict does not reference that imagePullSecret"),
        ]
        for (spec, message) in cases {
            let refusal = await #expect(throws: StatusError.self) { try await admission.validate(Self.creating(pod(spec))) }
            #expect(refusal?.message == "pods \"web\" is forbidden: \(message)")
        }
    }
}
