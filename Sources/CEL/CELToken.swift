/// One lexical token of a CEL expression, with the offset (in Unicode scalars) where it starts.
struct CELToken: Sendable, Equatable {
    /// What kind of token this is, with its value for literals and names.
    enum Kind: Sendable, Equatable {
        /// An `int` literal's digits as written (decimal or `0x` hex), signless.
        case int(String)
        /// A `uint` literal's digits, without the `u`.
        case uint(String)
        /// A `double` literal.
        case double(Double)
        /// A string literal, escapes decoded.
        case string(String)
        /// A bytes literal, escapes decoded.
        case bytes([UInt8])
        /// An identifier or a keyword (`true`, `false`, `null`, `in`).
        case identifier(String)
        /// An operator or punctuation: `(`, `==`, `&&`, `?`, ….
        case symbol(String)
        /// The end of the source.
        case end
    }

    /// The token.
    var kind: Kind
    /// Where it starts, in Unicode scalars from the start of the source.
    var offset: Int
}
