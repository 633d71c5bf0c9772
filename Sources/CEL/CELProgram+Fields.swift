extension CELProgram {
    /// The fields the expression selects on a declared variable (`variables.limit` and
    /// `variables['limit']` select `limit`), or `nil` when it also uses the variable another way
    /// (passes it whole, indexes it with a computed key), so every field may be read.
    ///
    /// ValidatingAdmissionPolicy evaluates only the `variables` an expression can read.
    public func selectedFields(of variable: String) -> Set<String>? {
        var fields = Set<String>()
        return Self.collectFields(of: variable, in: self.expression, into: &fields) ? fields : nil
    }

    /// Adds the fields `expression` selects on `variable`; returns `false` when it uses the
    /// variable whole.
    private static func collectFields(of variable: String, in expression: CELExpression, into fields: inout Set<String>) -> Bool {
        switch expression {
        case .literal:
            return true
        case .identifier(let name, _):
            return name != variable
        case .select(.identifier(let name, _), let field, _, _) where name == variable:
            fields.insert(field)
            return true
        case .index(.identifier(let name, _), .literal(.string(let field)), _) where name == variable:
            fields.insert(field)
            return true
        case .select(let operand, _, _, _):
            return Self.collectFields(of: variable, in: operand, into: &fields)
        case .index(let operand, let index, _):
            return Self.collectFields(of: variable, in: operand, into: &fields)
                && Self.collectFields(of: variable, in: index, into: &fields)
        case .call(_, let target, let arguments, _):
            return ([target].compactMap { $0 } + arguments).allSatisfy { Self.collectFields(of: variable, in: $0, into: &fields) }
        case .list(let elements):
            return elements.allSatisfy { Self.collectFields(of: variable, in: $0, into: &fields) }
        case .map(let entries):
            return entries.allSatisfy {
                Self.collectFields(of: variable, in: $0.key, into: &fields) && Self.collectFields(of: variable, in: $0.value, into: &fields)
            }
        case .comprehension(_, let range, _, let filter, let body):
            // A comprehension variable named like `variable` shadows it: reading more is harmless.
            return ([range, body] + [filter].compactMap { $0 }).allSatisfy { Self.collectFields(of: variable, in: $0, into: &fields) }
        }
    }
}
