import CEL
import Foundation
import KubeModel

/// What one resource's objects count against a ResourceQuota, as kube's quota evaluators count
/// (`pkg/quota/v1/evaluator/core`): pods their compute resources, services their load balancers and
/// node ports, claims their storage, and every resource its object count (`count/<resource>.<group>`).
enum QuotaEvaluator: Sendable, Hashable {
    /// Core pods: `pods`, `requests.*`, `limits.*`, `cpu`, `memory` and the rest of compute.
    case pods
    /// Core services: `services`, `services.loadbalancers`, `services.nodeports`.
    case services
    /// Core persistent volume claims: `persistentvolumeclaims`, `requests.storage` (also per storage class).
    case persistentVolumeClaims
    /// Any other resource: its object count only.
    case objectCount(group: String, resource: String)

    /// The evaluator of a resource.
    init(group: String, resource: String) {
        switch (group, resource) {
        case ("", "pods"): self = .pods
        case ("", "services"): self = .services
        case ("", "persistentvolumeclaims"): self = .persistentVolumeClaims
        default: self = .objectCount(group: group, resource: resource)
        }
    }

    /// The resource's group and name.
    var groupResource: (group: String, resource: String) {
        switch self {
        case .pods: ("", "pods")
        case .services: ("", "services")
        case .persistentVolumeClaims: ("", "persistentvolumeclaims")
        case .objectCount(let group, let resource): (group, resource)
        }
    }

    /// `count/<resource>` for the core group, `count/<resource>.<group>` otherwise.
    var objectCountName: String {
        let (group, resource) = self.groupResource
        return group.isEmpty ? "count/\(resource)" : "count/\(resource).\(group)"
    }

    /// The core resources whose object count quotas also name without `count/` (besides pods,
    /// services and claims, whose evaluators count themselves).
    private static let legacyCountedResources: Set<String> = ["configmaps", "secrets", "resourcequotas", "replicationcontrollers"]

    /// The pod resource names with fixed spellings.
    private static let podResourceNames: Set<String> = [
        "pods", "count/pods", "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory",
        "requests.ephemeral-storage", "limits.cpu", "limits.memory", "limits.ephemeral-storage",
    ]

    /// The compute resources a quota makes every container name (kube's pod `validationSet`).
    static let requiredPerContainer: Set<String> = ["cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory"]

    /// The suffixes of storage-class-specific claim resources.
    private static let storageClassSuffix = ".storageclass.storage.k8s.io/"

    /// Whether quota resource `name` is one this evaluator counts.
    func matches(_ name: String) -> Bool {
        switch self {
        case .pods:
            return Self.podResourceNames.contains(name) || name.hasPrefix("hugepages-") || name.hasPrefix("requests.hugepages-")
                || (name.hasPrefix("requests.") && Self.isExtendedResource(String(name.dropFirst("requests.".count))))
        case .services:
            return ["services", "count/services", "services.loadbalancers", "services.nodeports"].contains(name)
        case .persistentVolumeClaims:
            return ["persistentvolumeclaims", "count/persistentvolumeclaims", "requests.storage"].contains(name)
                || name.hasSuffix(Self.storageClassSuffix + "requests.storage")
                || name.hasSuffix(Self.storageClassSuffix + "persistentvolumeclaims")
        case .objectCount(let group, let resource):
            return name == self.objectCountName || (group.isEmpty && name == resource && Self.legacyCountedResources.contains(resource))
        }
    }

    /// Whether a write of `operation` changes what the object counts: creates always; updates for
    /// services (their type) and claims (their size), as kube's evaluators handle them.
    func handles(_ operation: String) -> Bool {
        switch self {
        case .services, .persistentVolumeClaims: operation == "CREATE" || operation == "UPDATE"
        case .pods, .objectCount: operation == "CREATE"
        }
    }

    /// What `object` counts against a quota.
    ///
    /// - Parameter now: The time pods stuck terminating past their grace period stop counting at.
    func usage(_ object: JSONValue, now: Date = Date()) -> ResourceList {
        var usage = ResourceList([self.objectCountName: Quantity(integer: 1)])
        switch self {
        case .pods:
            guard Self.countsCompute(object, now: now) else { return usage }
            usage = usage.adding(Self.computeUsage(requests: PodResources.requests(object), limits: PodResources.limits(object)))
        case .services:
            usage["services"] = Quantity(integer: 1)
            let ports = object["spec"]?["ports"]?.arrayValue ?? []
            switch object["spec"]?["type"]?.stringValue {
            case "NodePort":
                usage["services.nodeports"] = Quantity(integer: ports.count)
            case "LoadBalancer":
                let allocates = object["spec"]?["allocateLoadBalancerNodePorts"]?.boolValue ?? true
                let counted = allocates ? ports.count : ports.filter { ($0["nodePort"]?.integerValue ?? 0) != 0 }.count
                usage["services.nodeports"] = Quantity(integer: counted)
                usage["services.loadbalancers"] = Quantity(integer: 1)
            default:
                break
            }
        case .persistentVolumeClaims:
            usage["persistentvolumeclaims"] = Quantity(integer: 1)
            let storageClass = object["spec"]?["storageClassName"]?.stringValue
                ?? object["metadata"]?["annotations"]?["volume.beta.kubernetes.io/storage-class"]?.stringValue ?? ""
            if !storageClass.isEmpty {
                usage[storageClass + Self.storageClassSuffix + "persistentvolumeclaims"] = Quantity(integer: 1)
            }
            if let storage = ResourceList(object["spec"]?["resources"]?["requests"])["storage"] {
                usage["requests.storage"] = storage
                if !storageClass.isEmpty { usage[storageClass + Self.storageClassSuffix + "requests.storage"] = storage }
            }
        case .objectCount(let group, let resource):
            if group.isEmpty && Self.legacyCountedResources.contains(resource) { usage[resource] = Quantity(integer: 1) }
        }
        return usage
    }

    /// kube's `must specify` refusal when a quota tracks `cpu`/`memory` requests or limits and a
    /// container does not name them; `nil` when every container does (or this is no pod).
    func missingComputeMessage(required: Set<String>, _ object: JSONValue) -> String? {
        guard self == .pods else { return nil }
        let enforced = required.intersection(Self.requiredPerContainer)
        guard !enforced.isEmpty else { return nil }
        var missing: [String: Set<String>] = [:]
        for container in PodResources.containers(object, "containers") + PodResources.containers(object, "initContainers") {
            let resources = container["resources"]
            let named = Self.computeUsage(requests: ResourceList(resources?["requests"]), limits: ResourceList(resources?["limits"])).names
            for resource in enforced.subtracting(named) {
                missing[resource, default: []].insert(container["name"]?.stringValue ?? "")
            }
        }
        guard !missing.isEmpty else { return nil }
        let parts = missing.sorted { $0.key < $1.key }.map { "\($0.key) for: \($0.value.sorted().joined(separator: ","))" }
        return "must specify " + parts.joined(separator: "; ")
    }

    /// Whether `object` falls under every scope of `quota` (`spec.scopes`, `spec.scopeSelector`);
    /// a quota without scopes covers everything. Only pods have scopes (kube's pod evaluator):
    /// `Terminating`/`NotTerminating` (`activeDeadlineSeconds` set or not), `BestEffort`/
    /// `NotBestEffort` (no cpu or memory requests or limits in any container, or some),
    /// `PriorityClass` (`In`, `NotIn`, `Exists`, `DoesNotExist` on `priorityClassName`) and
    /// `CrossNamespacePodAffinity`; other objects fall under no scope.
    func matchesScopes(of quota: JSONValue, _ object: JSONValue) -> Bool {
        var requirements: [(scope: String, operator: String, values: [String])] = []
        for scope in quota["spec"]?["scopes"]?.arrayValue ?? [] {
            requirements.append((scope.stringValue ?? "", "Exists", []))
        }
        for expression in quota["spec"]?["scopeSelector"]?["matchExpressions"]?.arrayValue ?? [] {
            let values = (expression["values"]?.arrayValue ?? []).compactMap(\.stringValue)
            requirements.append((expression["scopeName"]?.stringValue ?? "", expression["operator"]?.stringValue ?? "", values))
        }
        guard !requirements.isEmpty else { return true }
        guard self == .pods else { return false }
        return requirements.allSatisfy { Self.podMatches($0.scope, $0.operator, $0.values, object) }
    }

    /// Whether a pod falls under one scope requirement.
    private static func podMatches(_ scope: String, _ operation: String, _ values: [String], _ pod: JSONValue) -> Bool {
        let spec = pod["spec"]
        switch scope {
        case "Terminating": return (spec?["activeDeadlineSeconds"]?.integerValue ?? -1) >= 0
        case "NotTerminating": return (spec?["activeDeadlineSeconds"]?.integerValue ?? -1) < 0
        case "BestEffort": return Self.isBestEffort(pod)
        case "NotBestEffort": return !Self.isBestEffort(pod)
        case "CrossNamespacePodAffinity":
            let affinity = spec?["affinity"]
            let terms = ["podAffinity", "podAntiAffinity"].flatMap { kind in
                (affinity?[kind]?["requiredDuringSchedulingIgnoredDuringExecution"]?.arrayValue ?? [])
                    + (affinity?[kind]?["preferredDuringSchedulingIgnoredDuringExecution"]?.arrayValue ?? []).compactMap { $0["podAffinityTerm"] }
            }
            return terms.contains { !($0["namespaces"]?.arrayValue ?? []).isEmpty || $0["namespaceSelector"] != nil }
        case "PriorityClass":
            let name = spec?["priorityClassName"]?.stringValue ?? ""
            switch operation {
            case "In": return values.contains(name)
            case "NotIn": return !values.contains(name)
            case "Exists": return !name.isEmpty
            case "DoesNotExist": return name.isEmpty
            default: return false
            }
        default:
            return false
        }
    }

    /// Whether a pod is of QoS class `BestEffort`: no container or init container requests or
    /// limits any (non-zero) cpu or memory.
    static func isBestEffort(_ pod: JSONValue) -> Bool {
        (PodResources.containers(pod, "containers") + PodResources.containers(pod, "initContainers")).allSatisfy { container in
            ["requests", "limits"].allSatisfy { kind in
                let amounts = ResourceList(container["resources"]?[kind])
                return ["cpu", "memory"].allSatisfy { amounts[$0]?.isZero ?? true }
            }
        }
    }

    /// Whether a pod counts its compute resources: not once it succeeded or failed, nor once it is
    /// past its deletion grace period (kube's `QuotaV1Pod`).
    static func countsCompute(_ pod: JSONValue, now: Date) -> Bool {
        let phase = pod["status"]?["phase"]?.stringValue
        if phase == "Succeeded" || phase == "Failed" { return false }
        let deletion = pod.metadataString("deletionTimestamp")
        if !deletion.isEmpty, let grace = pod["metadata"]?["deletionGracePeriodSeconds"]?.integerValue,
            let deleted = try? Date.ISO8601FormatStyle().parse(deletion), now > deleted.addingTimeInterval(TimeInterval(grace))
        {
            return false
        }
        return true
    }

    /// The quota resources of some requests and limits (kube's `podComputeUsageHelper`): one pod,
    /// `cpu`/`memory`/`ephemeral-storage` requests under their plain and `requests.` names, limits
    /// under `limits.`, huge pages and extended resources' requests.
    static func computeUsage(requests: ResourceList, limits: ResourceList) -> ResourceList {
        var usage = ResourceList(["pods": Quantity(integer: 1)])
        for name in ["cpu", "memory", "ephemeral-storage"] {
            if let request = requests[name] {
                usage[name] = request
                usage["requests." + name] = request
            }
            if let limit = limits[name] { usage["limits." + name] = limit }
        }
        for (name, request) in requests.amounts {
            if name.hasPrefix("hugepages-") {
                usage[name] = request
                usage["requests." + name] = request
            }
            if Self.isExtendedResource(name) { usage["requests." + name] = request }
        }
        return usage
    }

    /// Whether a resource name is an extended resource (a domain-qualified name outside
    /// `kubernetes.io`), which quotas name only as `requests.<name>`.
    static func isExtendedResource(_ name: String) -> Bool {
        name.contains("/") && !name.contains("kubernetes.io/") && !name.hasPrefix("requests.")
    }
}
