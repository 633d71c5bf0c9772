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

        switch self.matchConditions.evaluate(in: &scope, budget: &budget) {
        case .matches: break
        case .skipped: return []
        case .failed(let message): return [failed(message)]
        }

        var decisions = self.validations.map { validation -> PolicyDecision in
            switch scope.evaluate(validation.expression, budget: &budget) {
            case .failure(let error):
                return failed(error.message)
            case .success(.bool(true)):
                return PolicyDecision(action: .admit, message: "", reason: "")
            case .success:
                return .deny(self.message(for: validation, in: &scope, budget: &budget), reason: validation.reason ?? "Invalid")
            }
        }
        for annotation in self.auditAnnotations {
            switch scope.evaluate(annotation.expression, budget: &budget) {
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

    /// The message of a failed validation: the `messageExpression`'s string when it gives a
    /// single non-blank line short enough, else `message`, else `failed expression: …`.
    private func message(for validation: Validation, in scope: inout PolicyVariableScope, budget: inout Int) -> String {
        if let messageExpression = validation.messageExpression,
           case .success(.string(let computed)) = scope.evaluate(messageExpression, budget: &budget)
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
