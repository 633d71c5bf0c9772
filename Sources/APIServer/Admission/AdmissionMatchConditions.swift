import CEL
import KubeModel

/// The `matchConditions` of an admission webhook or a ValidatingAdmissionPolicy: CEL expressions
/// a request must all satisfy, after the rules and selectors matched, for the webhook to be called
/// or the policy to run. Compiled once when the configuration changes.
struct AdmissionMatchConditions: Sendable {
    /// What the conditions say of one request.
    enum Outcome: Sendable, Equatable {
        /// Every condition is true (or there are none).
        case matches
        /// A condition is false: skip the webhook or policy, whatever the other conditions did.
        case skipped
        /// No condition is false but some failed; their errors in kube-apiserver's aggregate form.
        case failed(String)
    }

    /// The most conditions one webhook or policy may have.
    static let limit = 64

    private(set) var conditions: [ValidatingAdmissionPolicy.NamedExpression]

    /// Reads and compiles the `matchConditions` entries, whose expressions may read `variables`.
    init(_ entries: [JSONValue]?, variables: Set<String>) {
        self.conditions = (entries ?? []).map { entry in
            ValidatingAdmissionPolicy.NamedExpression(
                name: entry["name"]?.stringValue ?? "",
                expression: PolicyExpression(entry["expression"]?.stringValue ?? "", variables: variables)
            )
        }
    }

    /// Evaluates every condition, as kube-apiserver's matcher: a `false` skips at once; errors
    /// (and non-boolean results) count only when no condition is `false`.
    func evaluate(in scope: inout PolicyVariableScope, budget: inout Int) -> Outcome {
        var errors: [String] = []
        for condition in self.conditions {
            switch scope.evaluate(condition.expression, budget: &budget) {
            case .success(.bool(false)): return .skipped
            case .success(.bool(true)): continue
            case .success(let other):
                errors.append("expression '\(condition.expression.source)' resulted in unsupported return type: \(other.typeName)")
            case .failure(let error): errors.append(error.message)
            }
        }
        guard !errors.isEmpty else { return .matches }
        return .failed(errors.count == 1 ? errors[0] : "[" + errors.joined(separator: ", ") + "]")
    }

    /// Why kube-apiserver would refuse these `matchConditions` (at `path`): more than ``limit``,
    /// names missing, duplicated or not qualified names, expressions missing or not compiling
    /// for `variables`.
    static func problems(_ entries: [JSONValue]?, at path: String, variables: Set<String>) -> [StatusCause] {
        let entries = entries ?? []
        var causes: [StatusCause] = []
        if entries.count > Self.limit {
            causes.append(StatusCause(
                type: "FieldValueTooMany", message: "Too many: \(entries.count): must have at most \(Self.limit) items", field: path
            ))
        }
        var seen = Set<String>()
        for (index, entry) in entries.enumerated() {
            let namePath = "\(path)[\(index)].name"
            let name = entry["name"]?.stringValue ?? ""
            if name.isEmpty {
                causes.append(.required(namePath))
            } else {
                causes += MetadataValidation.qualifiedNameProblems(name).map { .invalid(namePath, value: name, $0) }
                if !seen.insert(name).inserted {
                    causes.append(StatusCause(type: "FieldValueDuplicate", message: "Duplicate value: \"\(name)\"", field: namePath))
                }
            }
            causes += PolicyExpression.problems(entry["expression"]?.stringValue, at: "\(path)[\(index)].expression", variables: variables)
        }
        return causes
    }
}
