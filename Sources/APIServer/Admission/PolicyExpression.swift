import CEL
import Foundation
import KubeModel

/// One CEL expression of a ValidatingAdmissionPolicy, compiled once when the policy changes.
/// An expression that does not compile keeps its error, which every evaluation reports (kube-apiserver
/// also keeps such a policy and fails the requests it matches by its `failurePolicy`).
struct PolicyExpression: Sendable {
    /// The variables a policy expression may read. `authorizer` is declared so that using it is
    /// reported as unsupported rather than as an unknown name.
    static let variables: Set<String> = ["object", "oldObject", "request", "params", "namespaceObject", "variables", "authorizer"]
    /// The variables a webhook's match condition may read (no parameters, namespace or variables).
    static let webhookVariables: Set<String> = ["object", "oldObject", "request", "authorizer"]

    /// The expression as written.
    let source: String
    /// The program, or why there is none (kube-apiserver's `compilation failed: …` wording).
    let program: Result<CELProgram, PolicyEvaluationError>

    /// Compiles `source` for `variables`; `authorizer` is refused because this server has no CEL
    /// authorizer.
    init(_ source: String, variables: Set<String> = Self.variables) {
        self.source = source
        do {
            let program = try CELProgram(source, variables: variables)
            if program.referencedVariables.contains("authorizer") {
                self.program = .failure(PolicyEvaluationError(Self.authorizerUnsupported))
            } else {
                self.program = .success(program)
            }
        } catch {
            // The authorizer's functions (`check`, `allowed`, …) are unknown here, so an expression
            // using them does not compile: name the real reason.
            let usesAuthorizer = source.contains(/(?:^|[^\w.])authorizer(?!\w)/)
            self.program = .failure(PolicyEvaluationError(
                usesAuthorizer ? Self.authorizerUnsupported : "compilation failed: \(error.report(source: source))"
            ))
        }
    }

    /// Why a policy using `authorizer` cannot run here.
    static let authorizerUnsupported = "the 'authorizer' variable is not supported by this server"

    /// Why kube-apiserver would refuse the expression at `field`: missing, or not compiling for
    /// `variables` (`authorizer` is forbidden here).
    static func problems(_ source: String?, at field: String, variables: Set<String>) -> [StatusCause] {
        let source = source ?? ""
        if source.trimmingCharacters(in: .whitespaces).isEmpty { return [.required(field)] }
        guard let error = PolicyExpression(source, variables: variables).compileError else { return [] }
        return [error == Self.authorizerUnsupported
            ? StatusCause(type: "FieldValueForbidden", message: "Forbidden: \(error)", field: field)
            : .invalid(field, value: source, error)]
    }

    /// The compile problem, if any.
    var compileError: String? {
        if case .failure(let error) = self.program { return error.message }
        return nil
    }
}

/// Why a policy expression produced no value, in kube-apiserver's words.
struct PolicyEvaluationError: Error, Sendable, Equatable {
    let message: String

    init(_ message: String) {
        self.message = message
    }
}
