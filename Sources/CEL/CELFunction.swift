/// The functions the engine evaluates, with the argument counts each accepts as a global call
/// `f(x, y)` and as a receiver call `x.f(y)` (not counting the receiver). The compile-time check
/// refuses any other call, so a rule the engine cannot evaluate never reaches evaluation.
struct CELFunction: Sendable {
    /// Argument counts accepted as `f(…)`.
    let globalArities: Set<Int>
    /// Argument counts accepted as `x.f(…)`, besides `x`.
    let receiverArities: Set<Int>

    private init(global: Set<Int> = [], receiver: Set<Int> = []) {
        self.globalArities = global
        self.receiverArities = receiver
    }

    /// Every function by name: the standard definitions, Kubernetes' string, list and quantity
    /// libraries, conversions, durations and timestamps.
    static let library: [String: CELFunction] = [
        "size": CELFunction(global: [1], receiver: [0]),
        "contains": CELFunction(receiver: [1]),
        "startsWith": CELFunction(receiver: [1]),
        "endsWith": CELFunction(receiver: [1]),
        "matches": CELFunction(global: [2], receiver: [1]),
        "lowerAscii": CELFunction(receiver: [0]),
        "upperAscii": CELFunction(receiver: [0]),
        "trim": CELFunction(receiver: [0]),
        "split": CELFunction(receiver: [1, 2]),
        "join": CELFunction(receiver: [0, 1]),
        "indexOf": CELFunction(receiver: [1, 2]),
        "lastIndexOf": CELFunction(receiver: [1, 2]),
        "replace": CELFunction(receiver: [2, 3]),
        "substring": CELFunction(receiver: [1, 2]),
        "charAt": CELFunction(receiver: [1]),
        "isSorted": CELFunction(receiver: [0]),
        "sum": CELFunction(receiver: [0]),
        "min": CELFunction(receiver: [0]),
        "max": CELFunction(receiver: [0]),
        "int": CELFunction(global: [1]),
        "uint": CELFunction(global: [1]),
        "double": CELFunction(global: [1]),
        "string": CELFunction(global: [1]),
        "bool": CELFunction(global: [1]),
        "bytes": CELFunction(global: [1]),
        "type": CELFunction(global: [1]),
        "dyn": CELFunction(global: [1]),
        "duration": CELFunction(global: [1]),
        "timestamp": CELFunction(global: [1]),
        "quantity": CELFunction(global: [1]),
        "isQuantity": CELFunction(global: [1]),
        "isInteger": CELFunction(receiver: [0]),
        "asInteger": CELFunction(receiver: [0]),
        "asApproximateFloat": CELFunction(receiver: [0]),
        "sign": CELFunction(receiver: [0]),
        "add": CELFunction(receiver: [1]),
        "sub": CELFunction(receiver: [1]),
        "isLessThan": CELFunction(receiver: [1]),
        "isGreaterThan": CELFunction(receiver: [1]),
        "compareTo": CELFunction(receiver: [1]),
    ]

    /// The parser's names for operators, which are calls too but never written as names.
    static let operators: Set<String> = [
        "_+_", "_-_", "_*_", "_/_", "_%_", "_==_", "_!=_", "_<_", "_<=_", "_>_", "_>=_", "_&&_", "_||_", "_?_:_", "!_", "-_", "@in",
    ]

    /// Names that are type values (`type(x) == string`).
    static let typeNames: Set<String> = ["int", "uint", "double", "string", "bytes", "bool", "list", "map", "null_type", "type"]
}
