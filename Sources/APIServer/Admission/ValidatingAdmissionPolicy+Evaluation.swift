import Foundation
import CEL
import KubeModel

extension ValidatingAdmissionPolicy {
    /// The longest message a `messageExpression` may produce (kube-apiserver's
    /// `MaxEvaluatedMessageExpressionSizeBytes`); a longer one falls back to `message`.
    static let maximumMessageBytes = 5 * 1024

    /// Evaluates the policy for one request and parameter, as kube-apiserver's validator does:
    /// the match conditions first (any `false` skips the policy; an error, when none is `false`,
    /// fails it by `failurePolicy`), then every validation, then the audit annotations (whose
    /// values are computed and dropped: this server has no audit annotations; their errors
    /// still count).
    /// - Returns: One decision per validation (none when a match condition is `false`); an error
    ///   under `failurePolicy: Ignore` admits.
    func evaluate(_ activation: PolicyActivation) -> [PolicyDecision] {
        var budget = CustomResourceSchema.ruleCostBudget
        var scope = PolicyVariableScope(self.variables, activation: activation)
        let failed: (String) -> PolicyDecision = { message in
            self.failurePolicy == "Ignore" ? PolicyDecision(action: .admit, message: message, reason: "") : .deny(message)
        }

        var conditionErrors: [String] = []
        for condition in self.matchConditions {
            switch self.evaluate(condition.expression, in: &scope, budget: &budget) {
            case .success(.bool(false)): return []
            case .success(.bool(true)): continue
            case .success(let other):
                conditionErrors.append("expression '\(condition.expression.source)' resulted in unsupported return type: \(other.typeName)")
            case .failure(let error): conditionErrors.append(error.message)
            }
        }
        if !conditionErrors.isEmpty {
            return [failed(conditionErrors.count == 1 ? conditionErrors[0] : "[" + conditionErrors.joined(separator: ", ") + "]")]
        }

        var decisions = self.validations.map { validation -> PolicyDecision in
            switch self.evaluate(validation.expression, in: &scope, budget: &budget) {
            case .failure(let error):
                return failed(error.message)
            case .success(.bool(true)):
                return PolicyDecision(action: .admit, message: "", reason: "")
            case .success:
                return .deny(self.message(for: validation, in: &scope, budget: &budget), reason: validation.reason ?? "Invalid")
            }
        }
        for annotation in self.auditAnnotations {
            switch self.evaluate(annotation.expression, in: &scope, budget: &budget) {
            case .success(.string), .success(.null): continue
            case .success(let other):
                decisions.append(failed(
                    "valueExpression '\(annotation.expression.source)' resulted in unsupported return type: \(other.typeName). "
                        + "Return type must be either string or null."
                ))
            case .failure(let error): decisions.append(failed(error.message))
            }
        }
        return decisions
    }

    /// Evaluates one expression; errors carry kube-apiserver's `expression '…' resulted in error: …`.
    private func evaluate(_ expression: PolicyExpression, in scope: inout PolicyVariableScope, budget: inout Int)
        -> Result<CELValue, PolicyEvaluationError>
    {
        switch expression.program {
        case .failure(let error):
            return .failure(PolicyEvaluationError("compilation error: \(error.message)"))
        case .success(let program):
            return scope.evaluate(program, budget: &budget).mapError { error in
                PolicyEvaluationError("expression '\(expression.source)' resulted in error: \(error.message)")
            }
        }
    }

    /// The message of a failed validation: the `messageExpression`'s string when it gives a
    /// single non-blank line short enough, else `message`, else `failed expression: …`.
    private func message(for validation: Validation, in scope: inout PolicyVariableScope, budget: inout Int) -> String {
        if let messageExpression = validation.messageExpression,
           case .success(.string(let computed)) = self.evaluate(messageExpression, in: &scope, budget: &budget)
        {
            let trimmed = computed.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty && trimmed.utf8.count <= Self.maximumMessageBytes && !trimmed.contains("\n") {
                return trimmed
            }
        }
        let message = validation.message.trimmingCharacters(in: .whitespacesAndNewlines)
        return message.isEmpty ? "failed expression: \(validation.expression.source.trimmingCharacters(in: .whitespacesAndNewlines))" : message
    }
}
