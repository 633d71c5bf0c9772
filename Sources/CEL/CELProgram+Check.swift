extension CELProgram {
    /// Refuses undeclared variables and calls the engine cannot evaluate, and collects the
    /// declared variables the expression reads.
    static func check(
        _ expression: CELExpression, variables: Set<String>, referenced: inout Set<String>, scalars: [Unicode.Scalar]
    ) throws(CELError) {
        func failure(_ message: String, _ offset: Int) -> CELError {
            let (line, column) = CELLexer.lineAndColumn(of: offset, in: scalars)
            return .check(message: message, line: line, column: column)
        }
        switch expression {
        case .literal:
            return
        case .identifier(let name, let offset):
            if variables.contains(name) {
                referenced.insert(name)
            } else if !CELFunction.typeNames.contains(name) {
                throw failure("undeclared reference to '\(name)' (in container '')", offset)
            }
        case .select(let operand, _, _, _):
            try Self.check(operand, variables: variables, referenced: &referenced, scalars: scalars)
        case .index(let operand, let index, _):
            try Self.check(operand, variables: variables, referenced: &referenced, scalars: scalars)
            try Self.check(index, variables: variables, referenced: &referenced, scalars: scalars)
        case .call(let name, let target, let arguments, let offset):
            if !CELFunction.operators.contains(name) {
                guard let function = CELFunction.library[name] else {
                    throw failure("undeclared reference to '\(name)' (in container '')", offset)
                }
                let arities = target == nil ? function.globalArities : function.receiverArities
                guard arities.contains(arguments.count) else {
                    let form = target == nil ? "\(name)()" : "receiver call .\(name)()"
                    throw failure("found no matching overload for '\(name)': \(form) with \(arguments.count) arguments", offset)
                }
            }
            if let target {
                try Self.check(target, variables: variables, referenced: &referenced, scalars: scalars)
            }
            for argument in arguments {
                try Self.check(argument, variables: variables, referenced: &referenced, scalars: scalars)
            }
        case .list(let elements):
            for element in elements {
                try Self.check(element, variables: variables, referenced: &referenced, scalars: scalars)
            }
        case .map(let entries):
            for entry in entries {
                try Self.check(entry.key, variables: variables, referenced: &referenced, scalars: scalars)
                try Self.check(entry.value, variables: variables, referenced: &referenced, scalars: scalars)
            }
        case .comprehension(_, let range, let variable, let filter, let body):
            try Self.check(range, variables: variables, referenced: &referenced, scalars: scalars)
            var inner = variables
            inner.insert(variable)
            var innerReferenced = Set<String>()
            for part in [filter, body].compactMap({ $0 }) {
                try Self.check(part, variables: inner, referenced: &innerReferenced, scalars: scalars)
            }
            innerReferenced.remove(variable)
            referenced.formUnion(innerReferenced)
        }
    }
}
