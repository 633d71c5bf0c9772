import CEL
import Testing

/// Expressions evaluated with no variables but `x` (an object-like map), compared with their
/// expected values by CEL equality, or with their expected error text.
@Suite struct CELProgramTests {
    static let x: CELValue = .map([
        CELMapEntry(key: .string("a"), value: .int(1)),
        CELMapEntry(key: .string("name"), value: .string("web")),
        CELMapEntry(key: .string("items"), value: .list([.int(3), .int(1), .int(2)])),
    ])

    static func evaluate(_ source: String) throws(CELError) -> CELValue {
        try CELProgram(source, variables: ["x"]).evaluate(["x": Self.x])
    }

    static let values: [(String, CELValue)] = [
        // Literals.
        ("1", .int(1)), ("0x1F", .int(31)), ("1u", .uint(1)), ("0x10u", .uint(16)), ("1.5", .double(1.5)),
        (".5", .double(0.5)), ("1e3", .double(1000)), ("2.5e-1", .double(0.25)), ("-9223372036854775808", .int(.min)),
        ("9223372036854775807", .int(.max)), ("18446744073709551615u", .uint(.max)), ("true", .bool(true)), ("null", .null),
        ("'a'", .string("a")), ("\"a\"", .string("a")), ("'''a'b'''", .string("a'b")), ("\"\"\"x\ny\"\"\"", .string("x\ny")),
        ("r'\\n'", .string("\\n")), ("R\"a\\d\"", .string("a\\d")), ("'\\n\\t\\\\\\'\\\"'", .string("\n\t\\'\"")),
        ("'\\x41\\u00e9\\U0001F600\\101'", .string("Aé😀A")), ("'\\a\\b\\f\\v\\r\\?\\`'", .string("\u{07}\u{08}\u{0C}\u{0B}\r?`")),
        ("b'abc'", .bytes([97, 98, 99])), ("b'\\xff\\377'", .bytes([255, 255])), ("b'é'", .bytes([0xC3, 0xA9])),
        ("rb'\\x'", .bytes([92, 120])), ("'// not a comment'", .string("// not a comment")), ("1 // comment", .int(1)),
        // Arithmetic.
        ("1 + 2 * 3", .int(7)), ("(1 + 2) * 3", .int(9)), ("7 / 2", .int(3)), ("-7 / 2", .int(-3)), ("7 % 3", .int(1)),
        ("-7 % 3", .int(-1)), ("5u - 3u", .uint(2)), ("7u / 2u", .uint(3)), ("1.5 + 1.0", .double(2.5)), ("1.0 / 0.0", .double(.infinity)),
        ("-(1)", .int(-1)), ("--1", .int(1)), ("-1.5", .double(-1.5)), ("'ab' + 'cd'", .string("abcd")),
        ("b'a' + b'b'", .bytes([97, 98])), ("[1] + [2, 3]", .list([.int(1), .int(2), .int(3)])), ("[] + []", .list([])),
        // Comparison and equality.
        ("1 < 2", .bool(true)), ("2 <= 2", .bool(true)), ("3 > 2", .bool(true)), ("2 >= 3", .bool(false)),
        ("1 < 1.5", .bool(true)), ("1u < 2", .bool(true)), ("-1 < 0u", .bool(true)), ("2.0 > 1u", .bool(true)),
        ("1 == 1.0", .bool(true)), ("1 == 1u", .bool(true)), ("1 != 2", .bool(true)), ("1 == 'a'", .bool(false)),
        ("'a' < 'b'", .bool(true)), ("'abc' < 'abd'", .bool(true)), ("'a' < 'B'", .bool(false)), ("b'a' < b'b'", .bool(true)),
        ("false < true", .bool(true)), ("double('NaN') < 1.0", .bool(false)), ("double('NaN') >= 1", .bool(false)),
        ("double('NaN') == double('NaN')", .bool(false)), ("[1, 2] == [1, 2]", .bool(true)), ("[1, 2] == [2, 1]", .bool(false)),
        ("[1, [2]] == [1, [2]]", .bool(true)), ("[1] == [1.0]", .bool(true)), ("{'a': 1, 'b': 2} == {'b': 2, 'a': 1}", .bool(true)),
        ("{'a': 1} == {'a': 2}", .bool(false)), ("{} == {}", .bool(true)), ("null == null", .bool(true)), ("null == 0", .bool(false)),
        // Logic, with error absorption.
        ("true && false", .bool(false)), ("true || false", .bool(true)), ("!true", .bool(false)), ("!!true", .bool(true)),
        ("true || (1/0 > 0)", .bool(true)), ("(1/0 > 0) || true", .bool(true)), ("false && (1/0 > 0)", .bool(false)),
        ("(1/0 > 0) && false", .bool(false)), ("x.missing == 1 || true", .bool(true)), ("true ? 1 : 2", .int(1)),
        ("false ? 1 : 2", .int(2)), ("1 < 2 ? 'y' : 'n'", .string("y")), ("true ? (false ? 1 : 2) : 3", .int(2)), ("false ? 1 : true ? 2 : 3", .int(2)),
        // Members, indexes, maps and lists.
        ("{'a':1}.a", .int(1)), ("{'a':1}['a']", .int(1)), ("{1: 'x'}[1]", .string("x")), ("{1: 'x'}[1u]", .string("x")),
        ("{1: 'x'}[1.0]", .string("x")), ("{true: 1}[true]", .int(1)), ("[1, 2, 3][1]", .int(2)), ("[1, 2][1u]", .int(2)),
        ("x.a", .int(1)), ("x['name']", .string("web")), ("x.items[0]", .int(3)), ("[[1, 2]][0][1]", .int(2)),
        ("[1, 2, ]", .list([.int(1), .int(2)])), ("{'a': 1, }.a", .int(1)),
        ("has({'a':1}.a)", .bool(true)), ("has({'a':1}.b) == false", .bool(true)), ("has(x.name)", .bool(true)),
        ("has(x.other)", .bool(false)), ("2 in [1, 2]", .bool(true)), ("3 in [1, 2]", .bool(false)), ("'a' in {'a': 1}", .bool(true)),
        ("'b' in {'a': 1}", .bool(false)), ("2.0 in [1, 2]", .bool(true)),
        // Macros.
        ("[1, 2, 3].all(i, i > 0)", .bool(true)), ("[1, 2, 3].all(i, i > 1)", .bool(false)), ("[].all(i, false)", .bool(true)),
        ("[1, 2, 3].exists(i, i == 2)", .bool(true)), ("[].exists(i, true)", .bool(false)),
        ("[1, 2, 3].exists_one(i, i > 2)", .bool(true)), ("[1, 2, 3].exists_one(i, i > 1)", .bool(false)),
        ("[1, 2, 3].map(i, i * 2)", .list([.int(2), .int(4), .int(6)])), ("[1, 2, 3].map(i, i > 1, i * 10)", .list([.int(20), .int(30)])),
        ("[1, 2, 3].filter(i, i != 2)", .list([.int(1), .int(3)])), ("{'a': 1, 'b': 2}.all(k, k in ['a', 'b'])", .bool(true)),
        ("{'a': 1, 'b': 2}.map(k, k)", .list([.string("a"), .string("b")])), ("[0, 1].exists(i, 1 / i == 1)", .bool(true)),
        ("[0, 1].all(i, 1 / i == 2)", .bool(false)), ("[[1], [2, 3]].all(l, l.all(i, i > 0))", .bool(true)),
        ("x.items.exists(x, x == 3)", .bool(true)), ("[1, 2].map(i, [3, 4].map(j, i * j))", .list([.list([.int(3), .int(4)]), .list([.int(6), .int(8)])])),
        // size and strings.
        ("size('héllo')", .int(5)), ("'héllo'.size()", .int(5)), ("size(b'ab')", .int(2)), ("size([1, 2])", .int(2)),
        ("[1, 2, 3].size()", .int(3)), ("size({'a': 1})", .int(1)), ("{'a': 1}.size()", .int(1)), ("size(x)", .int(3)),
        ("'hello'.contains('ell')", .bool(true)), ("'hello'.contains('')", .bool(true)), ("'hello'.contains('xyz')", .bool(false)),
        ("'hello'.startsWith('he')", .bool(true)), ("'hello'.endsWith('lo')", .bool(true)), ("'hello'.endsWith('he')", .bool(false)),
        ("'abc'.matches('^a')", .bool(true)), ("'abc'.matches('^b')", .bool(false)), ("matches('abc', 'b')", .bool(true)),
        ("'a1'.matches('^[a-z][0-9]$')", .bool(true)), ("'AbC'.lowerAscii()", .string("abc")), ("'AbÇ'.upperAscii()", .string("ABÇ")),
        ("'  a b \\n'.trim()", .string("a b")), ("'a,b,c'.split(',')", .list([.string("a"), .string("b"), .string("c")])),
        ("'a,b,c'.split(',', 2)", .list([.string("a"), .string("b,c")])), ("'a,b'.split(',', 0)", .list([])),
        ("'abc'.split('')", .list([.string("a"), .string("b"), .string("c")])), ("''.split(',')", .list([.string("")])),
        ("'a,'.split(',')", .list([.string("a"), .string("")])), ("['a', 'b'].join()", .string("ab")),
        ("['a', 'b'].join('-')", .string("a-b")), ("[].join(',')", .string("")), ("'hello'.indexOf('l')", .int(2)),
        ("'hello'.indexOf('l', 3)", .int(3)), ("'hello'.indexOf('z')", .int(-1)), ("'hello'.indexOf('')", .int(0)),
        ("'hello'.lastIndexOf('l')", .int(3)), ("'hello'.lastIndexOf('l', 2)", .int(2)), ("'hello'.lastIndexOf('')", .int(5)),
        ("'héllo'.indexOf('l')", .int(2)), ("'aaa'.replace('a', 'b')", .string("bbb")), ("'aaa'.replace('a', 'b', 2)", .string("bba")),
        ("'ab'.replace('', '-')", .string("-a-b-")), ("'hello'.substring(1)", .string("ello")), ("'hello'.substring(1, 3)", .string("el")),
        ("'hello'.substring(5)", .string("")), ("'héllo'.charAt(1)", .string("é")), ("'ab'.charAt(2)", .string("")),
        // Lists library.
        ("[1, 2, 3].isSorted()", .bool(true)), ("[3, 1].isSorted()", .bool(false)), ("['a', 'b'].isSorted()", .bool(true)),
        ("[1, 2, 3].sum()", .int(6)), ("[].sum()", .int(0)), ("[1.5, 2.5].sum()", .double(4)), ("x.items.min()", .int(1)),
        ("x.items.max()", .int(3)), ("['b', 'a'].min()", .string("a")), ("[1, 2, 1].indexOf(1)", .int(0)),
        ("[1, 2, 1].lastIndexOf(1)", .int(2)), ("[1, 2].indexOf(3)", .int(-1)),
        // Conversions and types.
        ("int('42')", .int(42)), ("int(-3.9)", .int(-3)), ("int(3u)", .int(3)), ("uint(3)", .uint(3)), ("uint('7')", .uint(7)),
        ("double(2)", .double(2)), ("double('1.5')", .double(1.5)), ("string(42)", .string("42")), ("string(1u)", .string("1")),
        ("string(1.5)", .string("1.5")), ("string(2.0)", .string("2")), ("string(true)", .string("true")),
        ("string(b'hi')", .string("hi")), ("bool('true')", .bool(true)), ("bool('f')", .bool(false)), ("bytes('a')", .bytes([97])),
        ("type(1) == int", .bool(true)), ("type('a') == string", .bool(true)), ("type([]) == list", .bool(true)),
        ("type(x) == map", .bool(true)), ("type(null) == null_type", .bool(true)), ("type(int) == type", .bool(true)),
        ("dyn(1) + 1", .int(2)),
        // Durations and timestamps.
        ("duration('1h') == duration('60m')", .bool(true)), ("duration('1h30m') > duration('90m')", .bool(false)),
        ("duration('1.5s') < duration('1501ms')", .bool(true)), ("string(duration('1m30s'))", .string("90s")),
        ("string(duration('-1.5s'))", .string("-1.5s")), ("duration('1s') + duration('500ms') == duration('1.5s')", .bool(true)),
        ("timestamp('2024-01-01T00:00:00Z') < timestamp('2024-01-01T00:00:01Z')", .bool(true)),
        ("timestamp('2024-01-01T01:00:00+01:00') == timestamp('2024-01-01T00:00:00Z')", .bool(true)),
        ("string(timestamp('2024-02-29T12:34:56.5Z'))", .string("2024-02-29T12:34:56.5Z")),
        ("timestamp('2024-01-01T00:00:00Z') + duration('24h') == timestamp('2024-01-02T00:00:00Z')", .bool(true)),
        ("timestamp('2024-01-02T00:00:00Z') - timestamp('2024-01-01T00:00:00Z') == duration('24h')", .bool(true)),
        ("int(timestamp('1970-01-01T00:01:00Z'))", .int(60)), ("timestamp(60) == timestamp('1970-01-01T00:01:00Z')", .bool(true)),
        ("string(timestamp('1969-12-31T23:59:59Z'))", .string("1969-12-31T23:59:59Z")),
        // Quantities.
        ("quantity('1') == quantity('1000m')", .bool(true)), ("quantity('1Ki') == quantity('1024')", .bool(true)),
        ("quantity('1.5Gi').asInteger()", .int(1_610_612_736)), ("quantity('2e3').asInteger()", .int(2000)),
        ("quantity('1k').compareTo(quantity('999'))", .int(1)), ("quantity('500m').isLessThan(quantity('1'))", .bool(true)),
        ("quantity('2M').isGreaterThan(quantity('1Mi'))", .bool(true)), ("quantity('500m').isInteger()", .bool(false)),
        ("quantity('-3').sign()", .int(-1)), ("quantity('1').add(quantity('500m')) == quantity('1.5')", .bool(true)),
        ("quantity('1').add(2).asInteger()", .int(3)), ("quantity('1').sub(quantity('2')).sign()", .int(-1)),
        ("quantity('250m').asApproximateFloat()", .double(0.25)), ("quantity('0.1n') == quantity('1n')", .bool(true)),
        ("isQuantity('10Gi')", .bool(true)), ("isQuantity('ten')", .bool(false)), ("isQuantity('1Kii')", .bool(false)),
        ("type(quantity('1')) == type(quantity('2'))", .bool(true)),
    ]

    @Test(arguments: Self.values)
    func evaluates(_ source: String, _ expected: CELValue) throws {
        let value = try Self.evaluate(source)
        #expect(value.celEquals(expected) && value.typeName == expected.typeName, "\(source) gave \(value)")
    }

    static let errors: [(String, String)] = [
        ("1 / 0", "division by zero"), ("1 % 0", "modulus by zero"), ("1u / 0u", "division by zero"),
        ("9223372036854775807 + 1", "integer overflow"), ("-9223372036854775808 - 1", "integer overflow"),
        ("-(-9223372036854775808)", "integer overflow"), ("-9223372036854775808 / -1", "integer overflow"),
        ("4611686018427387904 * 2", "integer overflow"), ("0u - 1u", "integer overflow"), ("int(1e19)", "integer overflow"),
        ("uint(-1)", "integer overflow"), ("int(18446744073709551615u)", "integer overflow"),
        ("1 + 1.0", "no such overload: int + double"), ("1 + 1u", "no such overload: int + uint"), ("'a' + 1", "no such overload: string + int"),
        ("'a' < 1", "no such overload: string < int"), ("!1", "no such overload: !_ on int"), ("-'a'", "no such overload: -_ on string"),
        ("{'a':1}.b", "no such key: b"), ("{'a':1}['b']", "no such key: b"), ("{1: 2}[3]", "no such key: 3"), ("x.missing", "no such key: missing"),
        ("[1][1]", "index out of bounds: 1"), ("[1][-1]", "index out of bounds: -1"), ("1.a", "type 'int' does not support field selection"),
        ("true && (1/0 > 0)", "division by zero"), ("(1/0 > 0) || false", "division by zero"), ("1 ? 2 : 3", "no such overload: _?_:_ with a non-bool condition"),
        ("[0, 1].all(i, 1 / i > 0)", "division by zero"), ("[1, 2].filter(i, i)", "no such overload: predicate of type int"),
        ("{'a': 1, 'a': 2}", "Failed with repeated key"), ("'abc'.matches('[')", "invalid regular expression: ["),
        ("'abc'.substring(4)", "index out of range: 4"), ("'abc'.substring(2, 1)", "invalid substring range. start: 2, end: 1"),
        ("'abc'.indexOf('a', 9)", "index out of range: 9"), ("[].min()", "min called on empty list"), ("[1, 'a'].max()", "no such overload: string < int"),
        ("int('x')", "cannot convert \"x\" to int"), ("duration('1y')", "invalid duration: \"1y\""),
        ("timestamp('2024-13-01T00:00:00Z')", "invalid timestamp: \"2024-13-01T00:00:00Z\""), ("size(1)", "no such overload: size(int)"),
        ("1.size()", "no such overload: size(int)"), ("[1].indexOf(1, 0)", "no such overload: list.indexOf with 2 arguments"), ("quantity('500m').asInteger()", "cannot convert value to integer"),
        ("quantity('1x')", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"),
        ("quantity('1').isLessThan(1)", "no such overload: Quantity.isLessThan with [\"int\"]"),
    ]

    @Test(arguments: Self.errors)
    func fails(_ source: String, _ message: String) {
        #expect(throws: CELError.self, "\(source)") { try Self.evaluate(source) }
        do {
            _ = try Self.evaluate(source)
        } catch {
            #expect(error.description == message, "\(source)")
        }
    }

    static let compileErrors: [(String, String)] = [
        ("", "ERROR: <input>:1:1: Syntax error: unexpected input <EOF>"),
        ("1 +", "ERROR: <input>:1:4: Syntax error: unexpected input <EOF>"),
        ("(1", "ERROR: <input>:1:3: Syntax error: expected ')', found <EOF>"),
        ("1 1", "ERROR: <input>:1:3: Syntax error: unexpected input a literal"),
        ("'abc", "ERROR: <input>:1:1: Syntax error: unterminated string literal"),
        ("'\\q'", "ERROR: <input>:1:2: Syntax error: invalid escape sequence: \\q"),
        ("9223372036854775808", "ERROR: <input>:1:1: Syntax error: int literal out of range: 9223372036854775808"),
        ("18446744073709551616u", "ERROR: <input>:1:1: Syntax error: uint literal out of range: 18446744073709551616u"),
        ("a.b", "ERROR: <input>:1:1: undeclared reference to 'a' (in container '')"),
        ("foo(1)", "ERROR: <input>:1:1: undeclared reference to 'foo' (in container '')"),
        ("_x_(1)", "ERROR: <input>:1:1: undeclared reference to '_x_' (in container '')"),
        ("x.foo()", "ERROR: <input>:1:3: undeclared reference to 'foo' (in container '')"),
        ("size(1, 2)", "ERROR: <input>:1:1: found no matching overload for 'size': size() with 2 arguments"),
        ("'a'.contains()", "ERROR: <input>:1:5: found no matching overload for 'contains': receiver call .contains() with 0 arguments"),
        ("x.all(i)", "ERROR: <input>:1:3: macro 'all' takes 2 arguments, found 1"),
        ("x.map(i, i, i, i)", "ERROR: <input>:1:3: macro 'map' takes 2 or 3 arguments, found 4"),
        ("x.all(1, true)", "ERROR: <input>:1:3: argument must be a simple name"),
        ("has(x)", "ERROR: <input>:1:1: invalid argument to has() macro"),
        ("x.all(i, j > 0)", "ERROR: <input>:1:10: undeclared reference to 'j' (in container '')"),
        ("if", "ERROR: <input>:1:1: Syntax error: reserved identifier: if"),
        ("1 # 2", "ERROR: <input>:1:3: Syntax error: token recognition error at: '#'"),
        ("x.\n  1", "ERROR: <input>:2:3: Syntax error: expected a field or method name after '.', found a literal"),
        ("true ? false ? 1 : 2 : 3", "ERROR: <input>:1:14: Syntax error: expected ':', found '?'"),
        ("Foo{a: 1}", "ERROR: <input>:1:4: Syntax error: message construction is not supported"),
        (String(repeating: "(", count: 200) + "1" + String(repeating: ")", count: 200),
         "ERROR: <input>:1:101: Syntax error: expression recursion limit exceeded: 100"),
    ]

    @Test(arguments: Self.compileErrors)
    func refuses(_ source: String, _ message: String) {
        do {
            _ = try CELProgram(source, variables: ["x"])
            Issue.record("\(source) compiled")
        } catch {
            #expect(error.description == message, "\(source)")
        }
    }

    @Test func reportsTheSourceLineUnderTheError() {
        do {
            _ = try CELProgram("self.a +", variables: ["self"])
        } catch {
            #expect(error.report(source: "self.a +") == "ERROR: <input>:1:9: Syntax error: unexpected input <EOF>\n | self.a +\n | ........^")
        }
    }

    @Test func collectsReferencedVariables() throws {
        #expect(try CELProgram("self == oldSelf", variables: ["self", "oldSelf"]).referencedVariables == ["self", "oldSelf"])
        #expect(try CELProgram("self.all(oldSelf, oldSelf > 0)", variables: ["self", "oldSelf"]).referencedVariables == ["self"])
        #expect(try CELProgram("self.all(i, i > size(oldSelf))", variables: ["self", "oldSelf"]).referencedVariables == ["self", "oldSelf"])
    }

    @Test func reservedWordsMayBeFieldNamesButNotVariables() throws {
        let x: CELValue = .map([CELMapEntry(key: .string("namespace"), value: .string("default"))])
        #expect(try CELProgram("x.namespace == 'default'", variables: ["x"]).evaluate(["x": x]).celEquals(.bool(true)))
        #expect(throws: CELError.syntax(message: "Syntax error: reserved identifier: namespace", line: 1, column: 6)) {
            try CELProgram("x == namespace", variables: ["x"])
        }
    }

    @Test func listsTheFieldsSelectedOnAVariable() throws {
        let selected = try CELProgram("variables.a + variables['b'] > 0 && variables.a.c", variables: ["variables"])
        #expect(selected.selectedFields(of: "variables") == ["a", "b"])
        #expect(try CELProgram("size(variables) > 0", variables: ["variables"]).selectedFields(of: "variables") == nil)
    }

    @Test func unboundVariableFailsOnlyWhenReached() throws {
        let program = try CELProgram("true || oldSelf", variables: ["oldSelf"])
        #expect(try program.evaluate([:]).celEquals(.bool(true)))
        #expect(throws: CELError.unboundVariable("oldSelf")) { try CELProgram("oldSelf", variables: ["oldSelf"]).evaluate([:]) }
    }

    @Test func sharesABudgetAcrossEvaluations() throws {
        let program = try CELProgram("[1, 2, 3].all(i, i > 0)", variables: [])
        var budget = 20
        #expect(try program.evaluate([:], budget: &budget).celEquals(.bool(true)))
        #expect(budget > 0 && budget < 20)
        let left = budget
        #expect(throws: CELError.costLimitExceeded(limit: left)) { try program.evaluate([:], budget: &budget) }
        #expect(budget < 0)
    }

    @Test func stopsAtTheCostLimit() throws {
        let program = try CELProgram("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].all(a, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].all(b, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].all(c, true)))", variables: [])
        #expect(try program.evaluate([:]).celEquals(.bool(true)))
        #expect(throws: CELError.costLimitExceeded(limit: 1000)) { try program.evaluate([:], costLimit: 1000) }
        let doubling = try CELProgram("[1,2,3,4,5,6,7,8,9,10].map(a, [1,2,3,4,5,6,7,8,9,10].map(b, [1,2,3,4,5,6,7,8,9,10].map(c, [1,2,3,4,5,6,7,8,9,10].map(d, [1,2,3,4,5,6,7,8,9,10].map(e, [1,2,3,4,5,6,7,8,9,10].map(f, 'x'))))))", variables: [])
        #expect(throws: CELError.costLimitExceeded(limit: CELProgram.defaultCostLimit)) { try doubling.evaluate([:]) }
    }
}
