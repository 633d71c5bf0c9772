/// A compiled CEL expression, ready to evaluate against variable bindings.
///
/// Compiling parses the source (cel-spec grammar, macros expanded) and checks every name: each
/// variable must be declared and each function must be one the engine evaluates, with an
/// argument count it accepts. So a program that compiles never fails for want of a feature; it
/// fails only on its data (`no such key`, `division by zero`, a type mismatch on dynamic values).
///
/// ```swift
/// let program = try CELProgram("self.minReplicas <= self.maxReplicas", variables: ["self"])
/// let result = try program.evaluate(["self": .map([...])])
/// ```
public struct CELProgram: Sendable {
    /// The source as given.
    public let source: String
    /// The declared variables the expression reads (e.g. whether a rule uses `oldSelf`).
    public let referencedVariables: Set<String>
    let expression: CELExpression

    /// How many evaluation steps a program may take by default before it is stopped: one per
    /// expression node visited (comprehension bodies once per element) plus the size of each
    /// string, bytes or list a concatenation builds.
    public static let defaultCostLimit = 1_000_000

    /// Parses and checks `source`.
    /// - Parameters:
    ///   - source: The CEL expression.
    ///   - variables: The names the expression may read (e.g. `self`, `oldSelf`).
    /// - Throws: ``CELError/syntax(message:line:column:)`` or ``CELError/check(message:line:column:)``.
    public init(_ source: String, variables: Set<String>) throws(CELError) {
        var parser = try CELParser(source)
        let expression = try parser.parse()
        var referenced = Set<String>()
        try Self.check(expression, variables: variables, referenced: &referenced, scalars: Array(source.unicodeScalars))
        self.source = source
        self.expression = expression
        self.referencedVariables = referenced
    }

    /// Evaluates the program.
    /// - Parameters:
    ///   - bindings: The variables' values; a referenced variable left out fails with
    ///     ``CELError/unboundVariable(_:)`` when evaluation reaches it.
    ///   - costLimit: The step budget (see ``defaultCostLimit``).
    /// - Returns: The expression's value.
    public func evaluate(_ bindings: [String: CELValue], costLimit: Int = Self.defaultCostLimit) throws(CELError) -> CELValue {
        var unlimited = Int.max
        return try self.evaluate(bindings, costLimit: costLimit, budget: &unlimited)
    }

    /// Evaluates the program against a budget shared with other evaluations (Kubernetes gives
    /// all the rules of one object a common budget besides each rule's own limit).
    /// - Parameters:
    ///   - bindings: The variables' values.
    ///   - costLimit: This evaluation's own step limit.
    ///   - budget: The shared steps left; the steps taken are deducted, also when evaluation
    ///     fails. When the budget is the smaller limit and runs out, the error is
    ///     ``CELError/costLimitExceeded(limit:)`` with the budget as its limit.
    public func evaluate(
        _ bindings: [String: CELValue], costLimit: Int = Self.defaultCostLimit, budget: inout Int
    ) throws(CELError) -> CELValue {
        var evaluator = CELEvaluator(bindings: bindings, costLimit: min(costLimit, max(budget, 0)))
        defer { budget -= evaluator.steps }
        return try evaluator.evaluate(self.expression)
    }
}
