/// Why a CEL expression could not be compiled or evaluated. The descriptions follow cel-go's
/// wording (`no such key: foo`, `division by zero`), which Kubernetes shows to users.
public enum CELError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The source does not follow CEL's grammar; `line` and `column` count from 1.
    case syntax(message: String, line: Int, column: Int)
    /// The expression is well-formed but uses something the engine does not know (an undeclared
    /// variable, an unknown function, a macro with the wrong arguments).
    case check(message: String, line: Int, column: Int)
    /// A map has no entry for the key (also an object's missing field).
    case noSuchKey(String)
    /// No overload of the function or operator accepts these argument types.
    case noSuchOverload(String)
    /// An index outside a list.
    case indexOutOfBounds(Int64)
    /// Integer division by zero.
    case divisionByZero
    /// Integer modulo by zero.
    case moduloByZero
    /// A declared variable that the evaluation was given no value for.
    case unboundVariable(String)
    /// An integer result or conversion outside its type's range.
    case overflow
    /// A function refused its argument (a bad regex, a malformed duration, a negative size).
    case invalidArgument(String)
    /// Evaluation took more steps than its budget allows.
    case costLimitExceeded(limit: Int)

    public var description: String {
        switch self {
        case .syntax(let message, let line, let column), .check(let message, let line, let column):
            "ERROR: <input>:\(line):\(column): \(message)"
        case .noSuchKey(let key): "no such key: \(key)"
        case .noSuchOverload(let function): "no such overload: \(function)"
        case .indexOutOfBounds(let index): "index out of bounds: \(index)"
        case .divisionByZero: "division by zero"
        case .moduloByZero: "modulus by zero"
        case .unboundVariable(let name): "no such attribute: \(name)"
        case .overflow: "integer overflow"
        case .invalidArgument(let message): message
        case .costLimitExceeded: "operation cancelled: actual cost limit exceeded"
        }
    }

    /// The description, and for syntax and check errors the source line with a caret under the
    /// column, as cel-go reports compile errors:
    ///
    ///     ERROR: <input>:1:6: Syntax error: unexpected input <EOF>
    ///      | self.
    ///      | .....^
    public func report(source: String) -> String {
        switch self {
        case .syntax(_, let line, let column), .check(_, let line, let column):
            let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
            guard line >= 1 && line <= lines.count else { return self.description }
            return "\(self.description)\n | \(lines[line - 1])\n | \(String(repeating: ".", count: column - 1))^"
        default:
            return self.description
        }
    }
}
