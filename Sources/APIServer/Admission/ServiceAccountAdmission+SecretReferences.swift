import KubeModel

extension ServiceAccountAdmission {
    /// The annotation that makes an account limit its pods to the secrets it lists.
    static let enforceMountableSecretsAnnotation = "kubernetes.io/enforce-mountable-secrets"

    /// Whether the account has `kubernetes.io/enforce-mountable-secrets` set to a true value
    /// (Go's `strconv.ParseBool` spellings).
    static func enforcesMountableSecrets(_ account: JSONValue) -> Bool {
        let value = account["metadata"]?["annotations"]?[Self.enforceMountableSecretsAnnotation]?.stringValue ?? ""
        return ["1", "t", "T", "true", "TRUE", "True"].contains(value)
    }

    /// Why a mirror pod may not be created, if it may not: it names an account, references a
    /// secret, or projects a service account token.
    static func mirrorPodRefusal(_ pod: JSONValue) -> String? {
        if !Self.accountName(of: pod).isEmpty { return "a mirror pod may not reference service accounts" }
        if Self.referencesSecrets(pod) { return "a mirror pod may not reference secrets" }
        let projectsToken = (pod["spec"]?["volumes"]?.arrayValue ?? []).contains { volume in
            (volume["projected"]?["sources"]?.arrayValue ?? []).contains { $0["serviceAccountToken"] != nil }
        }
        return projectsToken ? "a mirror pod may not use ServiceAccountToken volume projections" : nil
    }

    /// Why a pod may not use the secrets it references under an account that enforces its
    /// mountable secrets: the first secret volume, container environment reference or image pull
    /// secret the account does not list, worded as kube words it.
    static func secretReferenceRefusal(_ pod: JSONValue, account: JSONValue) -> String? {
        let accountName = account.name
        let mountable = Set((account["secrets"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue })
        let notListed = "is not allowed because service account \(accountName) does not reference that secret"
        for volume in pod["spec"]?["volumes"]?.arrayValue ?? [] {
            guard let secret = volume["secret"] else { continue }
            let name = secret["secretName"]?.stringValue ?? ""
            if !mountable.contains(name) { return "volume with secret.secretName=\"\(name)\" \(notListed)" }
        }
        for (field, label) in [("initContainers", "init container"), ("containers", "container")] {
            for container in pod["spec"]?[field]?.arrayValue ?? [] {
                let containerName = container["name"]?.stringValue ?? ""
                for variable in container["env"]?.arrayValue ?? [] {
                    guard let name = variable["valueFrom"]?["secretKeyRef"]?["name"]?.stringValue, !mountable.contains(name) else { continue }
                    let variableName = variable["name"]?.stringValue ?? ""
                    return "\(label) \(containerName) with envVar \(variableName) referencing secret.secretName=\"\(name)\" \(notListed)"
                }
                for source in container["envFrom"]?.arrayValue ?? [] {
                    guard let name = source["secretRef"]?["name"]?.stringValue, !mountable.contains(name) else { continue }
                    return "\(label) \(containerName) with envFrom referencing secret.secretName=\"\(name)\" \(notListed)"
                }
            }
        }
        let pullSecrets = Set((account["imagePullSecrets"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue })
        for (index, reference) in (pod["spec"]?["imagePullSecrets"]?.arrayValue ?? []).enumerated() {
            let name = reference["name"]?.stringValue ?? ""
            if !pullSecrets.contains(name) {
                return "imagePullSecrets[\(index)].name=\"\(name)\" is not allowed because service account \(accountName) does not reference that imagePullSecret"
            }
        }
        return nil
    }

    /// Whether the pod references any secret: image pull secrets, container environment, secret
    /// and projected secret volumes, and the secret references of volume plugins (kube's
    /// `VisitPodSecretNames`).
    static func referencesSecrets(_ pod: JSONValue) -> Bool {
        guard let spec = pod["spec"] else { return false }
        if !(spec["imagePullSecrets"]?.arrayValue ?? []).isEmpty { return true }
        for field in ["initContainers", "containers", "ephemeralContainers"] {
            for container in spec[field]?.arrayValue ?? [] {
                if (container["env"]?.arrayValue ?? []).contains(where: { $0["valueFrom"]?["secretKeyRef"] != nil }) { return true }
                if (container["envFrom"]?.arrayValue ?? []).contains(where: { $0["secretRef"] != nil }) { return true }
            }
        }
        for volume in spec["volumes"]?.arrayValue ?? [] {
            if volume["secret"] != nil || volume["azureFile"]?["secretName"] != nil || volume["csi"]?["nodePublishSecretRef"] != nil {
                return true
            }
            if (volume["projected"]?["sources"]?.arrayValue ?? []).contains(where: { $0["secret"] != nil }) { return true }
            for plugin in ["cephfs", "cinder", "flexVolume", "iscsi", "rbd", "scaleIO", "storageos"] where volume[plugin]?["secretRef"] != nil {
                return true
            }
        }
        return false
    }
}
