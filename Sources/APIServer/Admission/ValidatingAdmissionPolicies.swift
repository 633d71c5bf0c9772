import Foundation
import KubeModel
import Logging
import ServiceLifecycle
import Synchronization

/// ValidatingAdmissionPolicy admission: the stored ValidatingAdmissionPolicies
/// (admissionregistration.k8s.io/v1) put in force by their ValidatingAdmissionPolicyBindings,
/// evaluated in-process with CEL for each write they match, as kube-apiserver's
/// `ValidatingAdmissionPolicy` plugin does (after mutating admission, before validating webhooks).
///
/// A policy without bindings does nothing. For each binding that matches, the policy runs once per
/// parameter object (none without `paramKind`); a failed validation refuses the request under the
/// `Deny` action, adds a `Warning` header under `Warn`, and under `Audit` is only logged (this
/// server writes no audit annotations). Policies and bindings are followed with store watches (a
/// `Service`); a policy is compiled once per `resourceVersion`, and parameters are read from the
/// store per request. Requests for admissionregistration.k8s.io resources are exempt, as in
/// kube-apiserver, so a broken policy can always be fixed.
final class ValidatingAdmissionPolicies: Service, ValidatingAdmission {
    /// A policy with the bindings that name it.
    struct Hook: Sendable {
        var policy: ValidatingAdmissionPolicy
        var bindings: [ValidatingAdmissionPolicyBinding]
    }

    /// A refusal found while evaluating: which policy and binding, and the decision.
    private struct Denial {
        var policy: String
        var binding: String
        var decision: PolicyDecision
    }

    private let policyFollower: CollectionFollower
    private let bindingFollower: CollectionFollower
    private let cache = Mutex<(generation: Int, compiled: [String: ValidatingAdmissionPolicy], hooks: [Hook])>((-1, [:], []))
    private let namespaces: AdmissionNamespaces
    private let objects: ObjectStore
    private let served: ServedResources
    private let logger: Logger

    init(objects: ObjectStore, served: ServedResources, logger: Logger) {
        func definition(_ resource: String) -> ResourceDefinition {
            served.builtinCatalog.definition(for: GroupVersionResource(group: "admissionregistration.k8s.io", version: "v1", resource: resource))!
        }
        self.policyFollower = CollectionFollower(objects: objects, definition: definition("validatingadmissionpolicies"))
        self.bindingFollower = CollectionFollower(objects: objects, definition: definition("validatingadmissionpolicybindings"))
        self.namespaces = AdmissionNamespaces(objects: objects, catalog: served.builtinCatalog)
        self.objects = objects
        self.served = served
        self.logger = logger
    }

    /// Follows the policies and bindings until graceful shutdown.
    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await self.policyFollower.follow() }
                group.addTask { await self.bindingFollower.follow() }
            }
        }
    }

    /// The policies that have bindings, with them; rebuilt when either collection changes, and
    /// a policy recompiled only when its `resourceVersion` changed.
    var hooks: [Hook] {
        let generation = self.policyFollower.generation &+ self.bindingFollower.generation &* 65_536
        return self.cache.withLock { cache in
            guard cache.generation != generation else { return cache.hooks }
            let bindings = self.bindingFollower.current.map(ValidatingAdmissionPolicyBinding.init).sorted { $0.name < $1.name }
            var compiled: [String: ValidatingAdmissionPolicy] = [:]
            var hooks: [Hook] = []
            for object in self.policyFollower.current.sorted(by: { $0.name < $1.name }) {
                let previous = cache.compiled[object.name]
                let policy = previous?.resourceVersion == object.resourceVersion ? previous! : ValidatingAdmissionPolicy(object)
                compiled[policy.name] = policy
                let bound = bindings.filter { $0.policyName == policy.name }
                if !bound.isEmpty { hooks.append(Hook(policy: policy, bindings: bound)) }
            }
            cache = (generation, compiled, hooks)
            return hooks
        }
    }

    /// Runs every bound policy that matches; throws the first denial, in kube-apiserver's shape.
    func validate(_ attributes: AdmissionAttributes) async throws {
        guard attributes.definition.resource.group != "admissionregistration.k8s.io" else { return }
        let hooks = self.hooks
        guard !hooks.isEmpty else { return }
        let (attributes, namespace) = await self.namespaces.resolve(attributes)
        var denials: [Denial] = []
        for hook in hooks {
            denials += await self.dispatch(hook, attributes, namespace: namespace)
        }
        if let first = denials.first {
            throw Self.refusal(first, attributes)
        }
    }

    /// The denials of one policy and its bindings for a request (warnings are added on the way).
    private func dispatch(_ hook: Hook, _ attributes: AdmissionAttributes, namespace: JSONValue?) async -> [Denial] {
        let policy = hook.policy
        var denials: [Denial] = []
        // kube-apiserver's addConfigError: a misconfiguration fails the request by failurePolicy.
        func misconfigured(_ message: String, binding: String?) {
            guard policy.failurePolicy != "Ignore" else { return }
            let detail = binding == nil ? "failed to configure policy: \(message)" : "failed to configure binding: \(message)"
            denials.append(Denial(policy: policy.name, binding: binding ?? "", decision: .deny(detail)))
        }
        guard let constraints = policy.matchConstraints else {
            misconfigured("spec.matchConstraints has a malformed selector", binding: nil)
            return denials
        }
        guard constraints.matches(attributes) else { return [] }
        var paramDefinition: ResourceDefinition?
        if let paramKind = policy.paramKind {
            let kind = paramKind.groupVersionKind
            guard let definition = self.served.catalog.definition(for: kind) else {
                misconfigured("failed to find resource referenced by paramKind: '\(kind.group)/\(kind.version), Kind=\(kind.kind)'", binding: nil)
                return denials
            }
            paramDefinition = definition
        }
        for binding in hook.bindings {
            if let error = binding.configurationError {
                misconfigured(error, binding: binding.name)
                continue
            }
            guard binding.matches(attributes) else { continue }
            let params: [JSONValue?]
            do {
                params = try await self.params(paramDefinition, binding.paramRef, namespace: attributes.namespace)
            } catch {
                misconfigured(error.message, binding: binding.name)
                continue
            }
            for param in params {
                let decisions = policy.evaluate(PolicyActivation(attributes, params: param, namespace: namespace))
                for decision in decisions where decision.action == .deny {
                    for action in binding.validationActions {
                        switch action {
                        case "Deny":
                            denials.append(Denial(policy: policy.name, binding: binding.name, decision: decision))
                        case "Warn":
                            RequestWarnings.current?.add(
                                "Validation failed for ValidatingAdmissionPolicy '\(policy.name)' with binding '\(binding.name)': \(decision.message)"
                            )
                        default:
                            self.logger.debug("validating admission policy failed under the Audit action", metadata: [
                                "policy": "\(policy.name)", "binding": "\(binding.name)", "message": "\(decision.message)",
                            ])
                        }
                    }
                }
            }
        }
        return denials
    }

    /// The parameter objects a binding gives the policy (in their served version): `[nil]` when
    /// the policy takes none, empty when none was found and `parameterNotFoundAction` is `Allow`.
    /// - Throws: ``StatusError`` with kube-apiserver's message when none was found under `Deny`,
    ///   when the binding names no `paramRef`, or the store failed.
    private func params(_ definition: ResourceDefinition?, _ reference: ValidatingAdmissionPolicyBinding.ParamRef?, namespace: String)
        async throws(StatusError) -> [JSONValue?]
    {
        guard let definition else { return [nil] }
        guard let reference else {
            throw .badRequest("paramKind non-nil but paramRef is nil")
        }
        var paramNamespace = ""
        if definition.namespaced {
            paramNamespace = reference.namespace.isEmpty ? namespace : reference.namespace
            if paramNamespace.isEmpty {
                throw .badRequest("cannot use namespaced paramRef in policy binding that matches cluster-scoped resources")
            }
        }
        let version = self.objects.version(of: definition)
        var found: [JSONValue] = []
        if !reference.name.isEmpty {
            do {
                let object = try await self.objects.get(definition, namespace: paramNamespace, name: reference.name)
                found = [try await version.served(object)]
            } catch where error.code == 404 {
                found = []
            }
        } else if let selector = reference.selector {
            let listed = try await self.objects.list(
                definition, namespace: paramNamespace, options: ListOptions(filter: { selector.matches($0.labels) })
            )
            found = try listed.servedObjects()
        }
        if found.isEmpty && reference.parameterNotFoundAction == "Deny" {
            throw .badRequest("no params found for policy binding with `Deny` parameterNotFoundAction")
        }
        return found
    }

    /// kube-apiserver's refusal: `<resource> "<name>" is forbidden: ValidatingAdmissionPolicy '…'
    /// with binding '…' denied request: …`, with the code of the validation's reason (422 for
    /// `Invalid`, the default) and the same text as the one cause.
    private static func refusal(_ denial: Denial, _ attributes: AdmissionAttributes) -> StatusError {
        let message = denial.binding.isEmpty
            ? "ValidatingAdmissionPolicy '\(denial.policy)' denied request: \(denial.decision.message)"
            : "ValidatingAdmissionPolicy '\(denial.policy)' with binding '\(denial.binding)' denied request: \(denial.decision.message)"
        var error = StatusError.forbidden(
            attributes.definition.resource, name: attributes.name, message, causes: [StatusCause(type: "", message: message)]
        )
        error.reason = denial.decision.reason
        error.code = PolicyDecision.code(forReason: denial.decision.reason)
        return error
    }
}
