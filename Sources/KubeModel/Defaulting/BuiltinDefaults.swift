/// The defaults kube-apiserver fills into built-in objects on create and update (its
/// `SetDefaults_*` functions), so `kubectl get -o yaml` shows what users expect.
///
/// Defaults that need server state (a Service's cluster IP, a Job's selector from its uid) are
/// applied by the API server itself.
public enum BuiltinDefaults {
    /// Fills in the defaults of `object`, a `kind` of the core or a stable group. Members set to
    /// `null` are dropped first, as decoding into Kubernetes' Go types drops them.
    public static func apply(to object: inout JSONValue, kind: GroupVersionKind) {
        object = object.removingNulls()
        switch (kind.group, kind.kind) {
        case ("", "Pod"):
            object.updateObject("spec", PodDefaults.applySpec)
            object.updateObject("spec") { spec in
                spec.updateEach("containers", PodDefaults.defaultRequestsToLimits)
                spec.updateEach("initContainers", PodDefaults.defaultRequestsToLimits)
            }
            if object["spec"] != nil {
                object.setDefault("status", [:])
                object.updateObject("status") { $0.setDefault("phase", "Pending") }
            }
        case ("", "PodTemplate"):
            object.updateObject("template", PodDefaults.applyTemplate)
        case ("", "ReplicationController"):
            object.updateObject("spec") { spec in
                spec.setDefault("replicas", 1)
                spec.updateObject("template", PodDefaults.applyTemplate)
            }
        case ("", "LimitRange"):
            object.updateObject("spec") { $0.updateEach("limits", Self.applyLimitRangeItem) }
        case ("", "Secret"):
            object.setDefault("type", "Opaque")
        case ("", "Service"):
            object.updateObject("spec", Self.applyService)
        case ("", "PersistentVolumeClaim"):
            object.updateObject("spec") { $0.setDefault("volumeMode", "Filesystem") }
            object.setDefault("status", ["phase": "Pending"])
        case ("", "PersistentVolume"):
            object.updateObject("spec") { spec in
                spec.setDefault("persistentVolumeReclaimPolicy", "Retain")
                spec.setDefault("volumeMode", "Filesystem")
            }
            object.setDefault("status", ["phase": "Pending"])
        case ("", "Endpoints"):
            object.updateEach("subsets") { $0.updateEach("ports") { $0.setDefault("protocol", "TCP") } }
        case ("discovery.k8s.io", "EndpointSlice"):
            object.updateEach("ports") { $0.setDefault("protocol", "TCP") }
        case ("apps", "Deployment"):
            object.updateObject("spec", Self.applyDeployment)
        case ("apps", "ReplicaSet"):
            object.updateObject("spec") { spec in
                spec.setDefault("replicas", 1)
                spec.updateObject("template", PodDefaults.applyTemplate)
            }
        case ("apps", "StatefulSet"):
            object.updateObject("spec", Self.applyStatefulSet)
        case ("apps", "DaemonSet"):
            object.updateObject("spec") { spec in
                spec.setDefault("updateStrategy", [:])
                spec.updateObject("updateStrategy") { strategy in
                    strategy.setDefault("type", "RollingUpdate")
                    if strategy["type"] == "RollingUpdate" {
                        strategy.setDefault("rollingUpdate", [:])
                        strategy.updateObject("rollingUpdate") {
                            $0.setDefault("maxUnavailable", 1)
                            $0.setDefault("maxSurge", 0)
                        }
                    }
                }
                spec.setDefault("revisionHistoryLimit", 10)
                spec.updateObject("template", PodDefaults.applyTemplate)
            }
        case ("batch", "Job"):
            object.updateObject("spec", Self.applyJob)
        case ("batch", "CronJob"):
            object.updateObject("spec") { spec in
                spec.setDefault("concurrencyPolicy", "Allow")
                spec.setDefault("suspend", false)
                spec.setDefault("successfulJobsHistoryLimit", 3)
                spec.setDefault("failedJobsHistoryLimit", 1)
                spec.updateObject("jobTemplate") { $0.updateObject("spec", Self.applyJob) }
            }
        case ("scheduling.k8s.io", "PriorityClass"):
            object.setDefault("preemptionPolicy", "PreemptLowerPriority")
        case ("storage.k8s.io", "StorageClass"):
            object.setDefault("reclaimPolicy", "Delete")
            object.setDefault("volumeBindingMode", "Immediate")
        case ("networking.k8s.io", "NetworkPolicy"):
            object.updateObject("spec") { spec in
                if spec["policyTypes"] == nil {
                    spec["policyTypes"] = spec["egress"] != nil ? ["Ingress", "Egress"] : ["Ingress"]
                }
            }
        default:
            break
        }
    }

    /// A `Container` limit's defaults (`SetDefaults_LimitRangeItem`): `default` from `max`, then
    /// `defaultRequest` from `default`, then from `min`, each only where unset.
    private static func applyLimitRangeItem(_ item: inout JSONValue) {
        guard item["type"]?.stringValue == "Container" else { return }
        for (source, target) in [("max", "default"), ("default", "defaultRequest"), ("min", "defaultRequest")] {
            var filled = item[target]?.objectValue ?? JSONObject()
            for member in item[source]?.objectValue ?? JSONObject() where filled[member.key] == nil {
                filled[member.key] = member.value
            }
            if !filled.isEmpty { item[target] = .object(filled) }
        }
    }

    private static func applyService(_ spec: inout JSONValue) {
        spec.setDefault("type", "ClusterIP")
        spec.setDefault("sessionAffinity", "None")
        spec.updateEach("ports") { port in
            port.setDefault("protocol", "TCP")
            if port["targetPort"] == nil, let number = port["port"] {
                port["targetPort"] = number
            }
        }
        if spec["type"] != "ExternalName" {
            spec.setDefault("internalTrafficPolicy", "Cluster")
        }
        if spec["type"] == "NodePort" || spec["type"] == "LoadBalancer" {
            spec.setDefault("externalTrafficPolicy", "Cluster")
        }
    }

    private static func applyDeployment(_ spec: inout JSONValue) {
        spec.setDefault("replicas", 1)
        spec.setDefault("strategy", [:])
        spec.updateObject("strategy") { strategy in
            strategy.setDefault("type", "RollingUpdate")
            if strategy["type"] == "RollingUpdate" {
                strategy.setDefault("rollingUpdate", [:])
                strategy.updateObject("rollingUpdate") {
                    $0.setDefault("maxUnavailable", "25%")
                    $0.setDefault("maxSurge", "25%")
                }
            }
        }
        spec.setDefault("revisionHistoryLimit", 10)
        spec.setDefault("progressDeadlineSeconds", 600)
        spec.updateObject("template", PodDefaults.applyTemplate)
    }

    private static func applyStatefulSet(_ spec: inout JSONValue) {
        spec.setDefault("replicas", 1)
        spec.setDefault("podManagementPolicy", "OrderedReady")
        spec.setDefault("updateStrategy", [:])
        spec.updateObject("updateStrategy") { strategy in
            strategy.setDefault("type", "RollingUpdate")
            if strategy["type"] == "RollingUpdate" {
                strategy.setDefault("rollingUpdate", [:])
                strategy.updateObject("rollingUpdate") { $0.setDefault("partition", 0) }
            }
        }
        spec.setDefault("revisionHistoryLimit", 10)
        spec.setDefault("persistentVolumeClaimRetentionPolicy", ["whenDeleted": "Retain", "whenScaled": "Retain"])
        spec.updateObject("template", PodDefaults.applyTemplate)
        spec.updateEach("volumeClaimTemplates") { claim in
            claim.updateObject("spec") { $0.setDefault("volumeMode", "Filesystem") }
            claim.setDefault("status", ["phase": "Pending"])
        }
    }

    private static func applyJob(_ spec: inout JSONValue) {
        if spec["completions"] == nil && spec["parallelism"] == nil {
            spec["completions"] = 1
            spec["parallelism"] = 1
        }
        spec.setDefault("parallelism", 1)
        spec.setDefault("backoffLimit", 6)
        spec.setDefault("completionMode", "NonIndexed")
        spec.setDefault("suspend", false)
        spec.setDefault("podReplacementPolicy", "TerminatingOrFailed")
        spec.updateObject("template", PodDefaults.applyTemplate)
    }
}
