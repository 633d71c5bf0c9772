/// A parsed CEL expression. Operators are calls named as cel-go names them (`_+_`, `_&&_`,
/// `_?_:_`, `!_`, `-_`, `@in`), and macros are already expanded: `has(a.b)` is a presence
/// test, `e.all(x, p)` and its siblings are ``Comprehension``s.
indirect enum CELExpression: Sendable {
    /// What a comprehension macro computes.
    enum Comprehension: String, Sendable {
        case all
        case exists
        case existsOne = "exists_one"
        case map
        case filter
    }

    /// A constant.
    case literal(CELValue)
    /// A variable, with its offset in the source.
    case identifier(String, offset: Int)
    /// `operand.field`, or with `presenceTest` the macro `has(operand.field)`.
    case select(CELExpression, field: String, presenceTest: Bool, offset: Int)
    /// `operand[index]`.
    case index(CELExpression, CELExpression, offset: Int)
    /// A function or operator call; `target` is the receiver of `x.f(y)`.
    case call(String, target: CELExpression?, arguments: [CELExpression], offset: Int)
    /// `[a, b]`.
    case list([CELExpression])
    /// `{k: v}`, as keys and values in order.
    case map([(key: CELExpression, value: CELExpression)])
    /// A comprehension macro over `range` binding `variable`: `filter` is the map macro's
    /// optional predicate, `body` the predicate or the transform.
    case comprehension(Comprehension, range: CELExpression, variable: String, filter: CELExpression?, body: CELExpression)
}
