/// Walks a ``CELExpression`` with CEL's semantics, counting steps against a budget.
struct CELEvaluator {
    private var bindings: [String: CELValue]
    private let costLimit: Int
    /// The steps taken so far.
    private(set) var steps = 0

    init(bindings: [String: CELValue], costLimit: Int) {
        self.bindings = bindings
        self.costLimit = costLimit
    }

    /// Charges `amount` steps, failing once the budget is spent.
    mutating func spend(_ amount: Int) throws(CELError) {
        self.steps += amount
        if self.steps > self.costLimit { throw .costLimitExceeded(limit: self.costLimit) }
    }

    mutating func evaluate(_ expression: CELExpression) throws(CELError) -> CELValue {
        try self.spend(1)
        switch expression {
        case .literal(let value):
            return value
        case .identifier(let name, _):
            if let value = self.bindings[name] { return value }
            if CELFunction.typeNames.contains(name) { return .type(name) }
            throw .unboundVariable(name)
        case .select(let operand, let field, let presenceTest, _):
            let value = try self.evaluate(operand)
            guard case .map = value else {
                throw .invalidArgument("type '\(value.typeName)' does not support field selection")
            }
            let member = value[.string(field)]
            if presenceTest { return .bool(member != nil) }
            guard let member else { throw .noSuchKey(field) }
            return member
        case .index(let operand, let index, _):
            return try Self.index(try self.evaluate(operand), try self.evaluate(index))
        case .call(let name, let target, let arguments, _):
            return try self.call(name, target: target, arguments: arguments)
        case .list(let elements):
            var values: [CELValue] = []
            for element in elements { values.append(try self.evaluate(element)) }
            return .list(values)
        case .map(let entries):
            var values: [CELMapEntry] = []
            for entry in entries {
                let key = try self.evaluate(entry.key)
                switch key {
                case .int, .uint, .string, .bool: break
                default: throw .invalidArgument("unsupported key type: \(key.typeName)")
                }
                if values.contains(where: { $0.key.celEquals(key) }) {
                    throw .invalidArgument("Failed with repeated key")
                }
                values.append(CELMapEntry(key: key, value: try self.evaluate(entry.value)))
            }
            return .map(values)
        case .comprehension(let kind, let range, let variable, let filter, let body):
            return try self.comprehension(kind, range: try self.evaluate(range), variable: variable, filter: filter, body: body)
        }
    }

    private static func index(_ container: CELValue, _ index: CELValue) throws(CELError) -> CELValue {
        switch container {
        case .list(let elements):
            let position: Int64
            switch index {
            case .int(let value): position = value
            case .uint(let value) where value <= UInt64(Int64.max): position = Int64(value)
            case .double(let value) where value.rounded() == value && abs(value) < 9.2e18: position = Int64(value)
            default: throw .noSuchOverload("_[_] on list with \(index.typeName)")
            }
            guard position >= 0 && position < elements.count else { throw .indexOutOfBounds(position) }
            return elements[Int(position)]
        case .map:
            guard let value = container[index] else { throw .noSuchKey(Self.keyText(index)) }
            return value
        default:
            throw .noSuchOverload("_[_] on \(container.typeName)")
        }
    }

    /// A key as cel-go shows it in `no such key`.
    private static func keyText(_ key: CELValue) -> String {
        switch key {
        case .string(let text): text
        case .int(let value): String(value)
        case .uint(let value): String(value)
        case .bool(let value): String(value)
        default: key.typeName
        }
    }

    /// Evaluates `expression` as part of a logical operator, keeping an error as a value so
    /// `&&`, `||` and the comprehensions can absorb it; running out of budget is never absorbed.
    private mutating func absorbing(_ expression: CELExpression) throws(CELError) -> Result<Bool, CELError> {
        do {
            switch try self.evaluate(expression) {
            case .bool(let value): return .success(value)
            case let other: return .failure(.noSuchOverload("logical operator on \(other.typeName)"))
            }
        } catch {
            if case .costLimitExceeded = error { throw error }
            return .failure(error)
        }
    }

    private mutating func call(_ name: String, target: CELExpression?, arguments: [CELExpression]) throws(CELError) -> CELValue {
        switch name {
        case "_&&_", "_||_":
            // Commutative: a decisive operand wins over an error in the other.
            let decisive = name == "_||_"
            let left = try self.absorbing(arguments[0])
            if case .success(decisive) = left { return .bool(decisive) }
            let right = try self.absorbing(arguments[1])
            if case .success(decisive) = right { return .bool(decisive) }
            if case .failure(let error) = left { throw error }
            if case .failure(let error) = right { throw error }
            return .bool(!decisive)
        case "_?_:_":
            guard case .bool(let condition) = try self.evaluate(arguments[0]) else {
                throw .noSuchOverload("_?_:_ with a non-bool condition")
            }
            return try self.evaluate(arguments[condition ? 1 : 2])
        default:
            let receiver = try target.map { (expression) throws(CELError) in try self.evaluate(expression) }
            var values: [CELValue] = []
            for argument in arguments { values.append(try self.evaluate(argument)) }
            return try self.function(name, receiver: receiver, values)
        }
    }

    private mutating func comprehension(
        _ kind: CELExpression.Comprehension, range: CELValue, variable: String, filter: CELExpression?, body: CELExpression
    ) throws(CELError) -> CELValue {
        let elements: [CELValue]
        switch range {
        case .list(let values): elements = values
        case .map(let entries): elements = entries.map(\.key)
        default: throw .noSuchOverload("\(kind.rawValue) on \(range.typeName)")
        }
        let shadowed = self.bindings[variable]
        defer { self.bindings[variable] = shadowed }
        var firstError: CELError?
        var matches = 0
        var results: [CELValue] = []
        for element in elements {
            self.bindings[variable] = element
            switch kind {
            case .all, .exists:
                switch try self.absorbing(body) {
                case .success(let value) where value == (kind == .exists): return .bool(value)
                case .success: break
                case .failure(let error): firstError = firstError ?? error
                }
            case .existsOne:
                if try self.predicate(body) { matches += 1 }
            case .filter:
                if try self.predicate(body) { results.append(element) }
            case .map:
                if let filter, !(try self.predicate(filter)) { continue }
                results.append(try self.evaluate(body))
            }
        }
        if let firstError { throw firstError }
        switch kind {
        case .all: return .bool(true)
        case .exists: return .bool(false)
        case .existsOne: return .bool(matches == 1)
        case .filter, .map: return .list(results)
        }
    }

    private mutating func predicate(_ expression: CELExpression) throws(CELError) -> Bool {
        switch try self.evaluate(expression) {
        case .bool(let value): return value
        case let other: throw .noSuchOverload("predicate of type \(other.typeName)")
        }
    }
}
