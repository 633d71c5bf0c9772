extension ResourceCatalog {
    /// The built-in resources of Kubernetes that Wharf serves, with kube-apiserver's names, short
    /// names, categories, subresources and etcd key paths (`/registry/<storagePath>/…`).
    public static let builtin = ResourceCatalog(Self.builtinDefinitions)

    private static func core(
        _ resource: String, _ kind: String, namespaced: Bool = true, shortNames: [String] = [],
        categories: [String] = [], subresources: [String] = [], storagePath: String? = nil
    ) -> ResourceDefinition {
        ResourceDefinition(
            resource: GroupVersionResource(group: "", version: "v1", resource: resource), kind: kind,
            namespaced: namespaced, shortNames: shortNames, categories: categories, subresources: subresources,
            storagePath: storagePath ?? resource
        )
    }

    private static func grouped(
        _ group: String, _ version: String, _ resource: String, _ kind: String, namespaced: Bool = true,
        shortNames: [String] = [], categories: [String] = [], subresources: [String] = [],
        storagePath: String? = nil
    ) -> ResourceDefinition {
        ResourceDefinition(
            resource: GroupVersionResource(group: group, version: version, resource: resource), kind: kind,
            namespaced: namespaced, shortNames: shortNames, categories: categories, subresources: subresources,
            storagePath: storagePath ?? resource
        )
    }

    /// A resource that only answers `create` and is never stored (token and access reviews).
    private static func review(_ group: String, _ resource: String, _ kind: String, namespaced: Bool = false)
        -> ResourceDefinition
    {
        ResourceDefinition(
            resource: GroupVersionResource(group: group, version: "v1", resource: resource), kind: kind,
            namespaced: namespaced, verbs: ["create"], storagePath: nil
        )
    }

    private static let builtinDefinitions: [ResourceDefinition] = [
        core("namespaces", "Namespace", namespaced: false, shortNames: ["ns"], subresources: ["status", "finalize"]),
        core("pods", "Pod", shortNames: ["po"], categories: ["all"], subresources: ["status", "log", "exec", "attach", "portforward"]),
        core("services", "Service", shortNames: ["svc"], categories: ["all"], subresources: ["status"],
             storagePath: "services/specs"),
        core("endpoints", "Endpoints", shortNames: ["ep"], storagePath: "services/endpoints"),
        core("configmaps", "ConfigMap", shortNames: ["cm"]),
        core("secrets", "Secret"),
        core("serviceaccounts", "ServiceAccount", shortNames: ["sa"], subresources: ["token"]),
        core("nodes", "Node", namespaced: false, shortNames: ["no"], subresources: ["status"], storagePath: "minions"),
        core("events", "Event", shortNames: ["ev"]),
        core("persistentvolumes", "PersistentVolume", namespaced: false, shortNames: ["pv"], subresources: ["status"]),
        core("persistentvolumeclaims", "PersistentVolumeClaim", shortNames: ["pvc"], subresources: ["status"]),
        core("limitranges", "LimitRange", shortNames: ["limits"]),
        core("resourcequotas", "ResourceQuota", shortNames: ["quota"], subresources: ["status"]),
        core("replicationcontrollers", "ReplicationController", shortNames: ["rc"], categories: ["all"],
             subresources: ["status", "scale"], storagePath: "controllers"),
        core("podtemplates", "PodTemplate"),

        grouped("apps", "v1", "deployments", "Deployment", shortNames: ["deploy"], categories: ["all"],
                subresources: ["status", "scale"]),
        grouped("apps", "v1", "replicasets", "ReplicaSet", shortNames: ["rs"], categories: ["all"],
                subresources: ["status", "scale"]),
        grouped("apps", "v1", "statefulsets", "StatefulSet", shortNames: ["sts"], categories: ["all"],
                subresources: ["status", "scale"]),
        grouped("apps", "v1", "daemonsets", "DaemonSet", shortNames: ["ds"], categories: ["all"],
                subresources: ["status"]),
        grouped("apps", "v1", "controllerrevisions", "ControllerRevision"),

        grouped("batch", "v1", "jobs", "Job", categories: ["all"], subresources: ["status"]),
        grouped("batch", "v1", "cronjobs", "CronJob", shortNames: ["cj"], categories: ["all"], subresources: ["status"]),

        grouped("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", shortNames: ["hpa"],
                categories: ["all"], subresources: ["status"]),
        // Served over the same keys as autoscaling/v2, which stays the preferred and stored version.
        grouped("autoscaling", "v1", "horizontalpodautoscalers", "HorizontalPodAutoscaler", shortNames: ["hpa"],
                categories: ["all"], subresources: ["status"]),

        grouped("coordination.k8s.io", "v1", "leases", "Lease"),
        grouped("events.k8s.io", "v1", "events", "Event", shortNames: ["ev"]),

        grouped("networking.k8s.io", "v1", "ingresses", "Ingress", shortNames: ["ing"], subresources: ["status"],
                storagePath: "ingress"),
        grouped("networking.k8s.io", "v1", "ingressclasses", "IngressClass", namespaced: false),
        grouped("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", shortNames: ["netpol"]),

        grouped("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", shortNames: ["pdb"],
                subresources: ["status"]),
        grouped("storage.k8s.io", "v1", "storageclasses", "StorageClass", namespaced: false, shortNames: ["sc"]),
        grouped("scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass", namespaced: false, shortNames: ["pc"]),
        grouped("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice"),

        grouped("rbac.authorization.k8s.io", "v1", "roles", "Role"),
        grouped("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding"),
        grouped("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", namespaced: false),
        grouped("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", namespaced: false),

        grouped("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", namespaced: false,
                shortNames: ["crd", "crds"], categories: ["api-extensions"], subresources: ["status"],
                storagePath: "apiextensions.k8s.io/customresourcedefinitions"),

        grouped("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations", "MutatingWebhookConfiguration",
                namespaced: false, categories: ["api-extensions"]),
        grouped("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations", "ValidatingWebhookConfiguration",
                namespaced: false, categories: ["api-extensions"]),
        grouped("admissionregistration.k8s.io", "v1", "validatingadmissionpolicies", "ValidatingAdmissionPolicy",
                namespaced: false, categories: ["api-extensions"], subresources: ["status"]),
        grouped("admissionregistration.k8s.io", "v1", "validatingadmissionpolicybindings", "ValidatingAdmissionPolicyBinding",
                namespaced: false, categories: ["api-extensions"]),

        review("authentication.k8s.io", "tokenreviews", "TokenReview"),
        review("authentication.k8s.io", "selfsubjectreviews", "SelfSubjectReview"),
        review("authorization.k8s.io", "subjectaccessreviews", "SubjectAccessReview"),
        review("authorization.k8s.io", "selfsubjectaccessreviews", "SelfSubjectAccessReview"),
        review("authorization.k8s.io", "selfsubjectrulesreviews", "SelfSubjectRulesReview"),
        review("authorization.k8s.io", "localsubjectaccessreviews", "LocalSubjectAccessReview", namespaced: true),
    ]
}
