import Foundation

/// A parsed label selector in Kubernetes' string syntax: `a=b`, `a==b`, `a!=b`, `a in (x,y)`,
/// `a notin (x,y)`, `a`, `!a`, `a>1`, `a<1`, joined by commas (all must hold).
public struct LabelSelector: Sendable, Equatable {
    /// One requirement of a selector.
    public enum Requirement: Sendable, Equatable {
        case equals(String, String)
        case notEquals(String, String)
        case `in`(String, Set<String>)
        case notIn(String, Set<String>)
        case exists(String)
        case doesNotExist(String)
        case greaterThan(String, Int64)
        case lessThan(String, Int64)
    }

    /// The requirements, all of which must hold.
    public var requirements: [Requirement]

    /// Whether the selector selects everything.
    public var isEmpty: Bool { self.requirements.isEmpty }

    /// Parses a selector string; the empty string selects everything.
    ///
    /// - Throws: ``StatusError`` `400` with Kubernetes' wording for a malformed selector.
    public init(parsing text: String) throws(StatusError) {
        var requirements: [Requirement] = []
        for clause in Self.clauses(text) {
            requirements.append(try Self.requirement(clause, selector: text))
        }
        self.requirements = requirements
    }

    /// Whether `labels` satisfy every requirement.
    public func matches(_ labels: [String: String]) -> Bool {
        self.requirements.allSatisfy { requirement in
            switch requirement {
            case .equals(let key, let value): return labels[key] == value
            case .notEquals(let key, let value): return labels[key] != value
            case .in(let key, let values): return labels[key].map(values.contains) ?? false
            case .notIn(let key, let values): return !(labels[key].map(values.contains) ?? false)
            case .exists(let key): return labels[key] != nil
            case .doesNotExist(let key): return labels[key] == nil
            case .greaterThan(let key, let bound): return labels[key].flatMap { Int64($0) }.map { $0 > bound } ?? false
            case .lessThan(let key, let bound): return labels[key].flatMap { Int64($0) }.map { $0 < bound } ?? false
            }
        }
    }

    /// Splits on commas outside parentheses.
    private static func clauses(_ text: String) -> [String] {
        var clauses: [String] = []
        var current = ""
        var depth = 0
        for character in text {
            switch character {
            case "(": depth += 1; current.append(character)
            case ")": depth -= 1; current.append(character)
            case "," where depth == 0: clauses.append(current); current = ""
            default: current.append(character)
            }
        }
        clauses.append(current)
        return clauses.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private static func requirement(_ clause: String, selector: String) throws(StatusError) -> Requirement {
        func invalid(_ reason: String) -> StatusError {
            .badRequest("unable to parse requirement: \(reason)")
        }
        func key(_ text: Substring) throws(StatusError) -> String {
            let key = String(text).trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || "-_./".contains($0) }) else {
                throw invalid("invalid label key \"\(key)\"")
            }
            return key
        }
        if clause.hasPrefix("!") {
            return .doesNotExist(try key(clause.dropFirst()))
        }
        for (op, make) in [("!=", Requirement.notEquals), ("==", Requirement.equals), ("=", Requirement.equals)] {
            if let range = clause.range(of: op) {
                let value = String(clause[range.upperBound...]).trimmingCharacters(in: .whitespaces)
                return make(try key(clause[..<range.lowerBound]), value)
            }
        }
        for (op, isGreater) in [(">", true), ("<", false)] {
            if let range = clause.range(of: op) {
                let text = String(clause[range.upperBound...]).trimmingCharacters(in: .whitespaces)
                guard let bound = Int64(text) else { throw invalid("for 'Gt', 'Lt' operators, the value must be an integer") }
                let name = try key(clause[..<range.lowerBound])
                return isGreater ? .greaterThan(name, bound) : .lessThan(name, bound)
            }
        }
        for (word, isIn) in [(" notin ", false), (" in ", true)] {
            if let range = clause.range(of: word) {
                let rest = String(clause[range.upperBound...]).trimmingCharacters(in: .whitespaces)
                guard rest.hasPrefix("("), rest.hasSuffix(")") else {
                    throw invalid("found '\(rest)', expected: '('")
                }
                let values = Set(rest.dropFirst().dropLast().split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) })
                let name = try key(clause[..<range.lowerBound])
                return isIn ? .in(name, values) : .notIn(name, values)
            }
        }
        return .exists(try key(Substring(clause)))
    }
}
