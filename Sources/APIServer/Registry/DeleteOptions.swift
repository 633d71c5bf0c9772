import KubeModel

/// The `DeleteOptions` of a delete (its body, or the query parameters of the same names):
/// preconditions and how dependents are treated.
struct DeleteOptions: Sendable {
    var preconditionUID: String?
    var preconditionResourceVersion: String?
    var propagationPolicy: PropagationPolicy?
    /// The legacy form of the policy: `true` is `Orphan`, `false` is `Background`.
    var orphanDependents: Bool?

    /// Options with every field unset.
    init() {}

    /// Options a controller deletes with: the object's uid and `resourceVersion` as
    /// preconditions, so an object recreated or changed meanwhile is left alone.
    init(uid: String, resourceVersion: String, policy: PropagationPolicy) {
        self.preconditionUID = uid
        self.preconditionResourceVersion = resourceVersion.isEmpty ? nil : resourceVersion
        self.propagationPolicy = policy
    }

    /// Parses an optional body (empty means defaults), then the query parameters
    /// `propagationPolicy` and `orphanDependents` where the body left them unset.
    init(body: [UInt8], query: (String) -> String? = { _ in nil }) throws(StatusError) {
        var policy: String?
        if !body.isEmpty {
            let options: JSONValue
            do {
                options = try JSONParser.parse(body)
            } catch {
                throw .badRequest("couldn't decode DeleteOptions: \(error)")
            }
            self.preconditionUID = options["preconditions"]?["uid"]?.stringValue
            self.preconditionResourceVersion = options["preconditions"]?["resourceVersion"]?.stringValue
            policy = options["propagationPolicy"]?.stringValue
            self.orphanDependents = options["orphanDependents"]?.boolValue
        }
        policy = policy ?? query("propagationPolicy")
        if self.orphanDependents == nil, let orphan = query("orphanDependents") {
            self.orphanDependents = ["1", "t", "T", "true", "TRUE", "True"].contains(orphan)
        }
        if let policy {
            guard let known = PropagationPolicy(rawValue: policy) else {
                throw .badRequest("propagationPolicy: Unsupported value: \"\(policy)\": supported values: \"Orphan\", \"Background\", \"Foreground\"")
            }
            self.propagationPolicy = known
        }
        if self.orphanDependents != nil, let policy = self.propagationPolicy {
            throw .invalid(kind: GroupVersionKind(group: "meta.k8s.io", version: "v1", kind: "DeleteOptions"), name: "", causes: [
                .invalid("propagationPolicy", value: policy.rawValue, "orphanDependents and deletionPropagation cannot be both set")
            ])
        }
    }

    /// Whether the delete names a policy (either form).
    var namesPolicy: Bool { self.propagationPolicy != nil || self.orphanDependents != nil }

    /// Refuses the delete when a precondition does not hold.
    func check(_ object: JSONValue, _ definition: ResourceDefinition) throws(StatusError) {
        let uid = object.metadataString("uid")
        if let expected = self.preconditionUID, expected != uid {
            throw .conflict(
                definition.resource, name: object.name,
                detail: "Precondition failed: UID in precondition: \(expected), UID in object meta: \(uid)"
            )
        }
        if let expected = self.preconditionResourceVersion, expected != object.resourceVersion {
            throw .conflict(
                definition.resource, name: object.name,
                detail: "Precondition failed: ResourceVersion in precondition: \(expected), ResourceVersion in object meta: \(object.resourceVersion)"
            )
        }
    }

    /// The finalizers an object keeps once this delete marks it, by kube-apiserver's rule
    /// (`deletionFinalizersForGarbageCollection`): the garbage collector's `orphan` and
    /// `foregroundDeletion` are dropped, then the one the delete asks for is added; an explicit
    /// policy wins over the finalizers the object already has, which win over `defaultPolicy`.
    func finalizers(after existing: [String], defaultPolicy: PropagationPolicy) -> [String] {
        let policy: PropagationPolicy
        if let orphan = self.orphanDependents {
            policy = orphan ? .orphan : .background
        } else if let requested = self.propagationPolicy {
            policy = requested
        } else if let kept = existing.first(where: { $0 == PropagationPolicy.orphanFinalizer || $0 == PropagationPolicy.foregroundFinalizer }) {
            policy = kept == PropagationPolicy.orphanFinalizer ? .orphan : .foreground
        } else {
            policy = defaultPolicy
        }
        var next = existing.filter { $0 != PropagationPolicy.orphanFinalizer && $0 != PropagationPolicy.foregroundFinalizer }
        switch policy {
        case .orphan: next.append(PropagationPolicy.orphanFinalizer)
        case .foreground: next.append(PropagationPolicy.foregroundFinalizer)
        case .background: break
        }
        return Set(next) == Set(existing) ? existing : next
    }
}
