import KubeModel

/// kube-apiserver's `ServiceAccount` admission plugin: a pod created without
/// `spec.serviceAccountName` runs as `default`; the account must exist (`403` otherwise, after
/// a few tries for `default`, which the service account controller creates shortly after its
/// namespace); unless the pod or the account turns `automountServiceAccountToken` off, every
/// container and init container mounts a projected `kube-api-access-<suffix>` volume (a bound
/// token, the cluster CA from `kube-root-ca.crt` and the namespace) read-only at
/// ``mountPath``; a pod without `imagePullSecrets` gets the account's.
///
/// Validation (after every mutation) refuses pods without an account or naming a missing one,
/// mirror pods that reference accounts, secrets or token projections, and, when the account has
/// the `kubernetes.io/enforce-mountable-secrets: "true"` annotation, secrets the account does not list.
struct ServiceAccountAdmission: MutatingAdmission, ValidatingAdmission {
    /// Reads a service account (`nil` when it does not exist).
    let lookup: @Sendable (_ namespace: String, _ name: String) async throws -> JSONValue?
    /// How many times the `default` account is read before a pod is refused (once for others).
    let defaultAttempts: Int
    /// The pause between those reads.
    let retryInterval: Duration

    /// The account a pod without `spec.serviceAccountName` runs as.
    static let defaultAccount = "default"
    /// Where the token volume is mounted in every container.
    static let mountPath = "/var/run/secrets/kubernetes.io/serviceaccount"
    /// The prefix of the token volume's name (a random 5-character suffix follows).
    static let volumePrefix = "kube-api-access-"
    /// The lifetime the token projection asks for: kube's 3607 seconds, which the token issuer
    /// recognizes as the warn-only default of pods made by this plugin.
    static let tokenExpirationSeconds: Int64 = 3607
    /// The annotation a static (mirror) pod carries.
    static let mirrorPodAnnotation = "kubernetes.io/config.mirror"
    static let pods = GroupVersionResource(group: "", version: "v1", resource: "pods")

    /// Creates the step over the watched accounts.
    init(accounts: ServiceAccountCache) {
        self.init(defaultAttempts: 10, retryInterval: .milliseconds(Int64.random(in: 100..<200))) { namespace, name in
            try await accounts.account(namespace: namespace, name: name)
        }
    }

    /// Creates the step with its own way to read accounts (tests).
    init(
        defaultAttempts: Int = 1, retryInterval: Duration = .zero,
        lookup: @escaping @Sendable (_ namespace: String, _ name: String) async throws -> JSONValue?
    ) {
        self.lookup = lookup
        self.defaultAttempts = defaultAttempts
        self.retryInterval = retryInterval
    }

    /// Whether the plugin looks at a request: pods themselves (no subresource), with an object.
    static func applies(to attributes: AdmissionAttributes) -> Bool {
        attributes.definition.resource.groupResource == Self.pods.groupResource && attributes.subresource.isEmpty
            && attributes.object != nil && attributes.operation == "CREATE"
    }

    func mutate(_ attributes: AdmissionAttributes) async throws -> JSONValue? {
        guard Self.applies(to: attributes), var pod = attributes.object, !Self.isMirrorPod(pod) else { return attributes.object }
        let name = Self.accountName(of: pod).isEmpty ? Self.defaultAccount : Self.accountName(of: pod)
        pod["spec"]?["serviceAccountName"] = .string(name)
        let account = try await self.account(name, for: pod, attributes)
        if Self.shouldAutomount(pod: pod, account: account) {
            Self.mountToken(into: &pod)
        }
        if (pod["spec"]?["imagePullSecrets"]?.arrayValue ?? []).isEmpty, let secrets = account["imagePullSecrets"]?.arrayValue, !secrets.isEmpty {
            pod["spec"]?["imagePullSecrets"] = .array(secrets.map { ["name": $0["name"] ?? ""] })
        }
        return pod
    }

    func validate(_ attributes: AdmissionAttributes) async throws {
        guard Self.applies(to: attributes), let pod = attributes.object else { return }
        if Self.isMirrorPod(pod) {
            if let refusal = Self.mirrorPodRefusal(pod) { throw Self.forbidden(pod, attributes, refusal) }
            return
        }
        let name = Self.accountName(of: pod)
        guard !name.isEmpty else {
            throw Self.forbidden(pod, attributes, "no service account specified for pod \(attributes.namespace)/\(pod.name)")
        }
        let account = try await self.account(name, for: pod, attributes)
        if Self.enforcesMountableSecrets(account), let refusal = Self.secretReferenceRefusal(pod, account: account) {
            throw Self.forbidden(pod, attributes, refusal)
        }
    }

    /// The account a pod names: `spec.serviceAccountName`, else the deprecated `spec.serviceAccount`
    /// (kube's conversion reads it as an alias).
    static func accountName(of pod: JSONValue) -> String {
        let name = pod["spec"]?["serviceAccountName"]?.stringValue ?? ""
        return name.isEmpty ? (pod["spec"]?["serviceAccount"]?.stringValue ?? "") : name
    }

    /// Whether the token is mounted: the pod's `automountServiceAccountToken` wins, then the
    /// account's; mounted when neither says.
    static func shouldAutomount(pod: JSONValue, account: JSONValue) -> Bool {
        pod["spec"]?["automountServiceAccountToken"]?.boolValue ?? account["automountServiceAccountToken"]?.boolValue ?? true
    }

    /// Adds the read-only mount at ``mountPath`` to every container and init container that has
    /// none there, and the projected token volume when one of them needs it (an existing
    /// `kube-api-access-` volume is reused).
    static func mountToken(into pod: inout JSONValue) {
        let volumes = pod["spec"]?["volumes"]?.arrayValue ?? []
        let existing = volumes.lazy.compactMap { $0["name"]?.stringValue }.first { $0.hasPrefix(Self.volumePrefix) }
        let volumeName = existing ?? Self.volumePrefix + ObjectRules.randomNameSuffix()
        let mount: JSONValue = ["name": .string(volumeName), "readOnly": true, "mountPath": .string(Self.mountPath)]
        var mounted = false
        for field in ["initContainers", "containers"] {
            guard var containers = pod["spec"]?[field]?.arrayValue else { continue }
            for index in containers.indices {
                let mounts = containers[index]["volumeMounts"]?.arrayValue ?? []
                guard !mounts.contains(where: { $0["mountPath"]?.stringValue == Self.mountPath }) else { continue }
                containers[index]["volumeMounts"] = .array(mounts + [mount])
                mounted = true
            }
            pod["spec"]?[field] = .array(containers)
        }
        if mounted && existing == nil {
            pod["spec"]?["volumes"] = .array(volumes + [["name": .string(volumeName), "projected": Self.tokenVolumeSource]])
        }
    }

    /// The projected volume kube 1.33 adds: the token, the cluster CA and the namespace.
    static let tokenVolumeSource: JSONValue = [
        "defaultMode": 420,
        "sources": [
            ["serviceAccountToken": ["expirationSeconds": .integer(Self.tokenExpirationSeconds), "path": "token"]],
            ["configMap": ["name": "kube-root-ca.crt", "items": [["key": "ca.crt", "path": "ca.crt"]]]],
            ["downwardAPI": ["items": [["path": "namespace", "fieldRef": ["apiVersion": "v1", "fieldPath": "metadata.namespace"]]]]],
        ],
    ]

    /// Whether the pod is a mirror of a static pod.
    static func isMirrorPod(_ pod: JSONValue) -> Bool {
        pod["metadata"]?["annotations"]?[Self.mirrorPodAnnotation] != nil
    }

    /// Reads the account a pod names, refusing the pod when it is missing or unreadable.
    private func account(_ name: String, for pod: JSONValue, _ attributes: AdmissionAttributes) async throws -> JSONValue {
        let attempts = name == Self.defaultAccount ? max(1, self.defaultAttempts) : 1
        do {
            for attempt in 0..<attempts {
                if attempt > 0 { try await Task.sleep(for: self.retryInterval) }
                if let account = try await self.lookup(attributes.namespace, name) { return account }
            }
        } catch let error as StatusError {
            throw Self.forbidden(pod, attributes, "error looking up service account \(attributes.namespace)/\(name): \(error.message)")
        }
        throw Self.forbidden(pod, attributes, "error looking up service account \(attributes.namespace)/\(name): serviceaccount \"\(name)\" not found")
    }

    /// kube's admission `Forbidden` for a pod: named by its name, else its `generateName`, else `Unknown`.
    private static func forbidden(_ pod: JSONValue, _ attributes: AdmissionAttributes, _ reason: String) -> StatusError {
        let name = [attributes.name, pod.name, pod.metadataString("generateName")].first { !$0.isEmpty } ?? "Unknown"
        return StatusError.forbidden(attributes.definition.resource, name: name, reason)
    }
}
