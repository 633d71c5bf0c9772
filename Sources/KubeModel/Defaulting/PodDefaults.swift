/// Defaults of pod specs, shared by pods and every workload's pod template.
enum PodDefaults {
    /// Defaults a pod template (`metadata` + `spec`).
    static func applyTemplate(_ template: inout JSONValue) {
        template.updateObject("spec", Self.applySpec)
    }

    /// Defaults a pod spec.
    static func applySpec(_ spec: inout JSONValue) {
        Self.aliasServiceAccount(&spec)
        spec.setDefault("restartPolicy", "Always")
        spec.setDefault("terminationGracePeriodSeconds", 30)
        spec.setDefault("dnsPolicy", "ClusterFirst")
        spec.setDefault("securityContext", [:])
        spec.setDefault("schedulerName", "default-scheduler")
        spec.setDefault("enableServiceLinks", true)
        spec.updateEach("containers", Self.applyContainer)
        spec.updateEach("initContainers", Self.applyContainer)
        spec.updateEach("volumes", Self.applyVolume)
    }

    /// kube's `v1` conversion of the deprecated `serviceAccount`: an alias read when
    /// `serviceAccountName` is empty, and written back as a copy of `serviceAccountName`.
    private static func aliasServiceAccount(_ spec: inout JSONValue) {
        let name = spec["serviceAccountName"]?.stringValue ?? ""
        let alias = spec["serviceAccount"]?.stringValue ?? ""
        let account = name.isEmpty ? alias : name
        guard !account.isEmpty else { return }
        spec["serviceAccountName"] = .string(account)
        spec["serviceAccount"] = .string(account)
    }

    private static func applyContainer(_ container: inout JSONValue) {
        container.setDefault("terminationMessagePath", "/dev/termination-log")
        container.setDefault("terminationMessagePolicy", "File")
        container.setDefault("resources", [:])
        if let image = container["image"]?.stringValue {
            container.setDefault("imagePullPolicy", .string(Self.pullPolicy(image: image)))
        }
        container.updateEach("ports") { $0.setDefault("protocol", "TCP") }
        container.updateEach("env") { variable in
            variable.updateObject("valueFrom") { source in
                source.updateObject("fieldRef") { $0.setDefault("apiVersion", "v1") }
            }
        }
        for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
            container.updateObject(probe) { probe in
                probe.setDefault("timeoutSeconds", 1)
                probe.setDefault("periodSeconds", 10)
                probe.setDefault("successThreshold", 1)
                probe.setDefault("failureThreshold", 3)
                probe.updateObject("httpGet") { $0.setDefault("scheme", "HTTP") }
            }
        }
    }

    /// A pod's container requests default to its limits where unset (`SetDefaults_Pod`; pods only,
    /// not pod templates).
    static func defaultRequestsToLimits(_ container: inout JSONValue) {
        guard let limits = container["resources"]?["limits"]?.objectValue, !limits.isEmpty else { return }
        container.updateObject("resources") { resources in
            resources.setDefault("requests", [:])
            resources.updateObject("requests") { requests in
                for limit in limits { requests.setDefault(limit.key, limit.value) }
            }
        }
    }

    private static func applyVolume(_ volume: inout JSONValue) {
        volume.updateObject("secret") { $0.setDefault("defaultMode", 420) }
        volume.updateObject("configMap") { $0.setDefault("defaultMode", 420) }
        volume.updateObject("downwardAPI") { $0.setDefault("defaultMode", 420) }
        volume.updateObject("projected") { $0.setDefault("defaultMode", 420) }
        volume.updateObject("hostPath") { $0.setDefault("type", "") }
    }

    /// `Always` for `:latest` or untagged images, `IfNotPresent` otherwise (digests count as tags).
    static func pullPolicy(image: String) -> String {
        if image.contains("@") { return "IfNotPresent" }
        let lastComponent = image.split(separator: "/").last.map(String.init) ?? image
        guard let colon = lastComponent.lastIndex(of: ":") else { return "Always" }
        return lastComponent[lastComponent.index(after: colon)...] == "latest" ? "Always" : "IfNotPresent"
    }
}
