import Foundation
import KubeModel

/// What kube-apiserver does to every object's metadata on create and update (its `BeforeCreate` and
/// `BeforeUpdate` steps): names, namespaces, uid, timestamps, generation, and what a client may not
/// change.
enum ObjectRules {
    /// RFC 3339 in UTC with seconds, as Kubernetes writes timestamps.
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(secondsFromGMT: 0)!))
    }

    /// The characters `generateName` suffixes are drawn from (no vowels, no confusable digits).
    private static let nameAlphabet = Array("bcdfghjklmnpqrstvwxz2456789")

    /// Five random characters of kube's name alphabet, as `generateName` (and kube's other
    /// generated names, such as the service account volume) append them.
    static func randomNameSuffix() -> String {
        String((0..<5).map { _ in Self.nameAlphabet.randomElement()! })
    }

    /// Built-in kinds whose strategies do not track `metadata.generation`.
    private static let kindsWithoutGeneration: Set<String> = [
        "Pod", "Service", "PersistentVolumeClaim", "PersistentVolume", "Node", "Namespace", "LimitRange", "ResourceQuota",
    ]

    /// The status a new object of a controller-owned kind starts with, by `group/kind`: kube-apiserver's
    /// create strategies drop whatever status the client sent, and the empty Go status serializes
    /// its members without `omitempty`. Clients read these (`status.replicas`, `status.loadBalancer`)
    /// without checking that `status` exists.
    private static let initialStatus: [String: JSONValue] = [
        "apps/Deployment": [:],
        "apps/ReplicaSet": ["replicas": 0],
        "apps/StatefulSet": ["replicas": 0, "availableReplicas": 0],
        "apps/DaemonSet": ["currentNumberScheduled": 0, "numberMisscheduled": 0, "desiredNumberScheduled": 0, "numberReady": 0],
        "batch/Job": [:],
        "batch/CronJob": [:],
        "autoscaling/HorizontalPodAutoscaler": ["desiredReplicas": 0],
        "policy/PodDisruptionBudget": ["disruptionsAllowed": 0, "currentHealthy": 0, "desiredHealthy": 0, "expectedPods": 0],
        "networking.k8s.io/Ingress": ["loadBalancer": [:]],
        "/Service": ["loadBalancer": [:]],
        "/ReplicationController": ["replicas": 0],
        "/ResourceQuota": [:],
    ]

    /// Fills in and checks the metadata of an object being created.
    static func prepareForCreate(_ object: inout JSONValue, _ definition: ResourceDefinition, requestNamespace: String)
        throws(StatusError)
    {
        let kind = definition.groupVersionKind
        object.apiVersion = definition.resource.groupVersion.apiVersion
        object.kind = definition.kind
        if object.name.isEmpty {
            let generateName = object.metadataString("generateName")
            guard !generateName.isEmpty else {
                throw .invalid(kind: kind, name: "", causes: [
                    StatusCause(type: "FieldValueRequired", message: "Required value: name or generateName is required", field: "metadata.name")
                ])
            }
            let prefix = String(generateName.prefix(58))
            object.setMetadataString("name", prefix + Self.randomNameSuffix())
        }
        try Self.setNamespace(&object, definition, requestNamespace: requestNamespace)
        try Self.validateName(object.name, definition)

        object.setMetadataString("uid", UUID().uuidString.lowercased())
        object.setMetadataString("creationTimestamp", Self.timestamp(Date()))
        object.setMetadataString("deletionTimestamp", "")
        object["metadata"]?["deletionGracePeriodSeconds"] = nil
        if definition.customResource != nil || (object["spec"] != nil && !Self.kindsWithoutGeneration.contains(definition.kind)) {
            object["metadata"]?["generation"] = .integer(1)
        }
        if definition.customResource != nil && definition.subresources.contains("status") {
            // With a status subresource, status is written there only.
            object["status"] = nil
        }
        if kind == CustomResourceDefinition.kind {
            object["status"] = Self.initialDefinitionStatus(object)
        }
        if definition.kind == "Namespace" {
            object["spec"] = ["finalizers": ["kubernetes"]]
            object["status"] = ["phase": "Active"]
            Self.labelNamespace(&object)
        }
        if let status = Self.initialStatus["\(kind.group)/\(kind.kind)"] {
            object["status"] = status
        }
        BuiltinDefaults.apply(to: &object, kind: kind)
        definition.customResource?.schema?.applyDefaults(to: &object)
        if kind.group == "batch" && kind.kind == "Job" {
            Self.generateJobSelector(&object)
        }
        try Self.validateContents(object, old: nil, definition)
    }

    /// Refuses an object with the problems ``MetadataValidation`` and ``BuiltinValidation`` find,
    /// and for a custom resource its schema's and CEL rules' (with `old`, the stored object, for
    /// transition rules on update), all in one `422`.
    private static func validateContents(_ object: JSONValue, old: JSONValue?, _ definition: ResourceDefinition) throws(StatusError) {
        var problems = MetadataValidation.problems(object) + BuiltinValidation.problems(object, kind: definition.groupVersionKind)
        if let schema = definition.customResource?.schema {
            let schemaProblems = schema.problems(object)
            problems += schemaProblems + schema.ruleProblems(object, old: old, schemaProblems: schemaProblems)
        }
        if definition.groupVersionKind == CustomResourceDefinition.kind {
            problems += CustomResourceDefinition.validationProblems(object)
        }
        switch definition.groupVersionKind {
        case ValidatingAdmissionPolicy.kind: problems += ValidatingAdmissionPolicy.problems(object)
        case ValidatingAdmissionPolicyBinding.kind: problems += ValidatingAdmissionPolicyBinding.problems(object)
        case let kind where AdmissionWebhook.configurationKinds.contains(kind): problems += AdmissionWebhook.problems(object)
        default: break
        }
        guard problems.isEmpty else {
            throw .invalid(kind: definition.groupVersionKind, name: object.name, causes: problems)
        }
    }

    /// A custom resource's content for `generation`: everything but `metadata` and `status`, as
    /// kube-apiserver bumps a custom resource's generation on any other change.
    private static func withoutMetadataAndStatus(_ object: JSONValue) -> JSONValue {
        var content = object
        content["metadata"] = nil
        content["status"] = nil
        return content
    }

    /// The status a new CRD starts with, before the CRD controller accepts its names.
    private static func initialDefinitionStatus(_ object: JSONValue) -> JSONValue {
        let storage = (object["spec"]?["versions"]?.arrayValue ?? []).first { $0["storage"]?.boolValue == true }
        return [
            "conditions": [], "acceptedNames": ["plural": "", "kind": ""],
            "storedVersions": .array([storage?["name"]].compactMap { $0 }),
        ]
    }

    /// Every namespace carries its own name as the label `kubernetes.io/metadata.name` (set on each
    /// write, as kube-apiserver's namespace strategy does), so label selectors can pick namespaces
    /// by name.
    private static func labelNamespace(_ namespace: inout JSONValue) {
        var labels = namespace["metadata"]?["labels"] ?? .object(JSONObject())
        labels["kubernetes.io/metadata.name"] = .string(namespace.name)
        namespace["metadata"]?["labels"] = labels
    }

    /// A Job without `manualSelector` selects its pods by its own uid, as kube-apiserver arranges:
    /// the selector and the template's labels are generated from the uid and the name.
    private static func generateJobSelector(_ job: inout JSONValue) {
        guard job["spec"]?["manualSelector"]?.boolValue != true, var spec = job["spec"] else { return }
        let uid = JSONValue.string(job.metadataString("uid"))
        let name = JSONValue.string(job.name)
        spec["selector"] = ["matchLabels": ["batch.kubernetes.io/controller-uid": uid]]
        var template = spec["template"] ?? .object(JSONObject())
        var metadata = template["metadata"] ?? .object(JSONObject())
        var labels = metadata["labels"] ?? .object(JSONObject())
        for (key, value) in [("batch.kubernetes.io/controller-uid", uid), ("batch.kubernetes.io/job-name", name),
                             ("controller-uid", uid), ("job-name", name)] {
            labels[key] = value
        }
        metadata["labels"] = labels
        template["metadata"] = metadata
        spec["template"] = template
        job["spec"] = spec
    }

    /// Carries what a client may not change from the stored object to the new one, applies the
    /// `status` subresource rules and bumps `generation` when the spec changed.
    static func prepareForUpdate(
        _ object: inout JSONValue, current: JSONValue, _ definition: ResourceDefinition, subresource: String,
        requestNamespace: String
    ) throws(StatusError) {
        object.apiVersion = definition.resource.groupVersion.apiVersion
        object.kind = definition.kind
        try Self.setNamespace(&object, definition, requestNamespace: requestNamespace)
        guard object.name == current.name else {
            throw .badRequest("the name of the object (\(object.name)) does not match the name on the URL (\(current.name))")
        }
        if subresource == "status" {
            var updated = current
            updated["status"] = object["status"]
            object = updated
            if definition.customResource != nil {
                // kube-apiserver's status strategy validates the whole object, CEL rules included.
                try Self.validateContents(object, old: current, definition)
            }
            return
        }
        if subresource == "finalize" {
            // A namespace's `finalize` subresource changes `spec.finalizers` only (omitted when
            // empty, as Go's `omitempty` writes it).
            var updated = current
            let finalizers = object["spec"]?["finalizers"]?.arrayValue ?? []
            updated["spec"] = finalizers.isEmpty ? [:] : ["finalizers": .array(finalizers)]
            object = updated
            return
        }
        for field in ["uid", "creationTimestamp", "deletionTimestamp", "resourceVersion"] {
            object.setMetadataString(field, current.metadataString(field))
        }
        object["metadata"]?["deletionGracePeriodSeconds"] = current["metadata"]?["deletionGracePeriodSeconds"]
        if definition.subresources.contains("status") {
            object["status"] = current["status"]
        }
        if definition.resource.group.isEmpty && definition.kind == "Service" {
            try Self.keepServiceAddresses(&object, current: current)
        }
        if definition.kind == "Namespace" {
            // Only the `finalize` subresource changes a namespace's finalizers.
            object["spec"] = current["spec"]
            Self.labelNamespace(&object)
        }
        BuiltinDefaults.apply(to: &object, kind: definition.groupVersionKind)
        definition.customResource?.schema?.applyDefaults(to: &object)
        if let generation = current["metadata"]?["generation"]?.integerValue {
            let changed = definition.customResource != nil
                ? Self.withoutMetadataAndStatus(object) != Self.withoutMetadataAndStatus(current)
                : object["spec"] != current["spec"]
            object["metadata"]?["generation"] = .integer(changed ? generation + 1 : generation)
        }
        try Self.validateContents(object, old: current, definition)
    }

    /// A Service keeps its allocated addresses: fields a client leaves out are carried over, and a
    /// changed cluster IP is refused as kube-apiserver refuses it.
    private static func keepServiceAddresses(_ object: inout JSONValue, current: JSONValue) throws(StatusError) {
        guard var spec = object["spec"], let currentSpec = current["spec"] else { return }
        let currentIP = currentSpec["clusterIP"]
        if spec["clusterIP"] == nil || spec["clusterIP"] == "" {
            spec["clusterIP"] = currentIP
        } else if currentIP != nil && spec["clusterIP"] != currentIP && spec["type"] != "ExternalName" {
            throw .invalid(kind: GroupVersionKind(group: "", version: "v1", kind: "Service"), name: object.name, causes: [
                .invalid("spec.clusterIPs[0]", value: spec["clusterIP"]?.stringValue ?? "", "field is immutable")
            ])
        }
        for field in ["clusterIPs", "ipFamilies", "ipFamilyPolicy"] where spec[field] == nil {
            spec[field] = currentSpec[field]
        }
        let currentPorts = currentSpec["ports"]?.arrayValue ?? []
        spec.updateEach("ports") { port in
            if port["nodePort"] == nil, let match = currentPorts.first(where: { $0["port"] == port["port"] && $0["protocol"] == port["protocol"] }) {
                port["nodePort"] = match["nodePort"]
            }
        }
        object["spec"] = spec
    }

    private static func setNamespace(_ object: inout JSONValue, _ definition: ResourceDefinition, requestNamespace: String)
        throws(StatusError)
    {
        guard definition.namespaced else {
            object.setMetadataString("namespace", "")
            return
        }
        let namespace = object.namespace
        if namespace.isEmpty {
            object.setMetadataString("namespace", requestNamespace)
        } else if !requestNamespace.isEmpty && namespace != requestNamespace {
            throw .badRequest("the namespace of the provided object does not match the namespace sent on the request")
        }
        if object.namespace.isEmpty {
            throw .badRequest("the namespace of the object must be set for a namespaced resource")
        }
    }

    private static func validateName(_ name: String, _ definition: ResourceDefinition) throws(StatusError) {
        var problems = NameValidation.pathSegmentProblems(name)
        // RBAC objects only need to be path segments (`system:discovery`), as in kube-apiserver.
        if problems.isEmpty && definition.resource.group != "rbac.authorization.k8s.io" {
            problems = definition.kind == "Namespace" || definition.kind == "Service"
                ? NameValidation.labelProblems(name) : NameValidation.subdomainProblems(name)
        }
        guard problems.isEmpty else {
            throw .invalid(kind: definition.groupVersionKind, name: name, causes: problems.map {
                .invalid("metadata.name", value: name, $0)
            })
        }
    }
}
