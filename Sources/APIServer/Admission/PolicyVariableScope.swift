import Foundation
import CEL
import KubeModel

/// The `variables` of one policy evaluation, each computed the first time an expression may
/// read it and then kept: an expression that never names a variable never runs it, as
/// kube-apiserver evaluates variables lazily. A variable may read the variables before it.
///
/// A variable that fails is left out of the `variables` map; an expression that then reads it
/// fails with the variable's error (kube-apiserver's `composited variable … fails to be
/// evaluated`), while one that short-circuits past it is unaffected.
struct PolicyVariableScope {
    private let definitions: [ValidatingAdmissionPolicy.NamedExpression]
    private let base: [String: CELValue]
    private var results: [String: Result<CELValue, PolicyEvaluationError>] = [:]

    init(_ definitions: [ValidatingAdmissionPolicy.NamedExpression], activation: PolicyActivation) {
        self.definitions = definitions
        self.base = activation.bindings
    }

    /// Evaluates a program with the variables it may read; errors in kube-apiserver's wording.
    /// - Parameters:
    ///   - program: The compiled expression.
    ///   - before: How many of the variables it may see (a variable sees those before it).
    ///   - budget: The evaluation's steps left, shared by every expression of one evaluation.
    mutating func evaluate(_ program: CELProgram, before limit: Int? = nil, budget: inout Int) -> Result<CELValue, PolicyEvaluationError> {
        let wanted = program.selectedFields(of: "variables")
        var entries: [CELMapEntry] = []
        for index in 0..<(limit ?? self.definitions.count) {
            let name = self.definitions[index].name
            guard wanted?.contains(name) ?? true else { continue }
            if case .success(let value) = self.value(at: index, budget: &budget) {
                entries.append(CELMapEntry(key: .string(name), value: value))
            }
        }
        var bindings = self.base
        bindings["variables"] = .map(entries)
        do {
            return .success(try program.evaluate(bindings, budget: &budget))
        } catch {
            if case .noSuchKey(let name) = error, case .failure(let failure)? = self.results[name] {
                return .failure(PolicyEvaluationError("composited variable \"\(name)\" fails to be evaluated: \(failure.message)"))
            }
            return .failure(PolicyEvaluationError(error.description))
        }
    }

    /// Evaluates one compiled expression; errors carry kube-apiserver's
    /// `expression '…' resulted in error: …`.
    mutating func evaluate(_ expression: PolicyExpression, budget: inout Int) -> Result<CELValue, PolicyEvaluationError> {
        switch expression.program {
        case .failure(let error):
            return .failure(PolicyEvaluationError("compilation error: \(error.message)"))
        case .success(let program):
            return self.evaluate(program, budget: &budget).mapError { error in
                PolicyEvaluationError("expression '\(expression.source)' resulted in error: \(error.message)")
            }
        }
    }

    /// The variable at `index`, computed on first use.
    private mutating func value(at index: Int, budget: inout Int) -> Result<CELValue, PolicyEvaluationError> {
        let definition = self.definitions[index]
        if let known = self.results[definition.name] { return known }
        // Mark it first so a variable that reads itself fails instead of recursing.
        self.results[definition.name] = .failure(PolicyEvaluationError("variable \"\(definition.name)\" refers to itself"))
        let result: Result<CELValue, PolicyEvaluationError> = switch definition.expression.program {
        case .success(let program): self.evaluate(program, before: index, budget: &budget)
        case .failure(let error): .failure(error)
        }
        self.results[definition.name] = result
        return result
    }
}
