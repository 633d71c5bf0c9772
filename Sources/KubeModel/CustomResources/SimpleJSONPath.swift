import Foundation

/// The JSON paths CRD printer columns and scale subresources use: members (`.spec.replicas`),
/// indexes (`.items[0]`), wildcards (`[*]`) and equality filters
/// (`.status.conditions[?(@.type=="Ready")].status`).
public struct SimpleJSONPath: Sendable {
    private enum Step {
        case member(String)
        case index(Int)
        case all
        case filter(key: String, value: String)
    }

    private let steps: [Step]

    /// Parses a path; parts it cannot read are taken as member names.
    public init(_ path: String) {
        var steps: [Step] = []
        var rest = Substring(path.trimmingCharacters(in: CharacterSet(charactersIn: "{}")))
        while !rest.isEmpty {
            if rest.hasPrefix(".") {
                rest = rest.dropFirst()
                let name = rest.prefix { $0 != "." && $0 != "[" }
                if !name.isEmpty { steps.append(.member(String(name))) }
                rest = rest.dropFirst(name.count)
            } else if rest.hasPrefix("[") {
                guard let close = rest.firstIndex(of: "]") else { break }
                let inside = rest[rest.index(after: rest.startIndex)..<close]
                steps.append(Self.bracketStep(inside))
                rest = rest[rest.index(after: close)...]
            } else {
                let name = rest.prefix { $0 != "." && $0 != "[" }
                steps.append(.member(String(name)))
                rest = rest.dropFirst(name.count)
            }
        }
        self.steps = steps
    }

    private static func bracketStep(_ inside: Substring) -> Step {
        if inside == "*" { return .all }
        if let index = Int(inside) { return .index(index) }
        // ?(@.key=="value")
        let expression = inside.drop { $0 == "?" || $0 == "(" }.dropLast(inside.hasSuffix(")") ? 1 : 0)
        let parts = expression.components(separatedBy: "==")
        if parts.count == 2 {
            let key = parts[0].trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "@.", with: "")
            let value = parts[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            return .filter(key: key, value: value)
        }
        return .member(String(inside).trimmingCharacters(in: CharacterSet(charactersIn: "\"'")))
    }

    /// The first value the path reaches in `root`.
    public func firstValue(in root: JSONValue) -> JSONValue? {
        self.values(in: root).first
    }

    /// Every value the path reaches in `root`, in document order.
    public func values(in root: JSONValue) -> [JSONValue] {
        var current = [root]
        for step in self.steps {
            current = current.flatMap { value -> [JSONValue] in
                switch step {
                case .member(let name):
                    return value[name].map { [$0] } ?? []
                case .index(let index):
                    guard let elements = value.arrayValue else { return [] }
                    let position = index < 0 ? elements.count + index : index
                    return elements.indices.contains(position) ? [elements[position]] : []
                case .all:
                    return value.arrayValue ?? value.objectValue?.map(\.value) ?? []
                case .filter(let key, let expected):
                    return (value.arrayValue ?? []).filter { element in
                        let found = SimpleJSONPath("." + key).firstValue(in: element)
                        switch found {
                        case .string(let text)?: return text == expected
                        case .some(let other): return String(decoding: other.serialized(), as: UTF8.self) == expected
                        case nil: return false
                        }
                    }
                }
            }
        }
        return current
    }

    /// Sets the value at a path of members only (`.spec.replicas`), creating objects on the way.
    public static func set(_ value: JSONValue, at path: String, in root: inout JSONValue) {
        let names = path.split(separator: ".").map(String.init)
        guard !names.isEmpty else { return }
        func assign(_ target: inout JSONValue, _ remaining: ArraySlice<String>) {
            guard let first = remaining.first else { return }
            if remaining.count == 1 {
                target[first] = value
                return
            }
            var child = target[first] ?? .object(JSONObject())
            assign(&child, remaining.dropFirst())
            target[first] = child
        }
        assign(&root, names[...])
    }
}
