import Foundation
import KubeModel
import Yams

/// Request bodies in YAML (`application/yaml`), read into the same ``JSONValue`` a JSON body gives,
/// with YAML's scalar types resolved as Kubernetes' YAML decoder resolves them (integers stay exact).
/// Aliases expand to copies of their anchor's node; a body that expands past ``maximumNodes``
/// (the "billion laughs" attack) is refused.
enum YAMLBody {
    /// The most nodes one body may hold.
    static let maximumNodes = 1_000_000

    /// Parses one YAML document.
    ///
    /// - Throws: ``StatusError`` `400` with the parser's message.
    static func parse(_ bytes: [UInt8]) throws(StatusError) -> JSONValue {
        let node: Node?
        do {
            node = try Yams.compose(yaml: String(decoding: bytes, as: UTF8.self))
        } catch {
            throw .badRequest("error converting YAML to JSON: \(error)")
        }
        guard let node else { throw .badRequest("error converting YAML to JSON: the body is empty") }
        var budget = Self.maximumNodes
        return try Self.value(node, budget: &budget)
    }

    private static func value(_ node: Node, budget: inout Int) throws(StatusError) -> JSONValue {
        budget -= 1
        guard budget >= 0 else { throw .badRequest("error converting YAML to JSON: the document is too large") }
        switch node {
        case .scalar(let scalar):
            switch node.tag.rawValue {
            case Tag.Name.null.rawValue: return .null
            case Tag.Name.bool.rawValue: return node.bool.map(JSONValue.bool) ?? .string(scalar.string)
            case Tag.Name.int.rawValue: return node.int.map { .integer(Int64($0)) } ?? .string(scalar.string)
            case Tag.Name.float.rawValue: return node.float.map(JSONValue.double) ?? .string(scalar.string)
            default: return .string(scalar.string)
            }
        case .mapping(let mapping):
            var object = JSONObject()
            for (key, child) in mapping {
                let name = key.string ?? (try? Self.value(key, budget: &budget).jsonText) ?? ""
                object[name] = try Self.value(child, budget: &budget)
            }
            return .object(object)
        case .sequence(let sequence):
            var elements: [JSONValue] = []
            for child in sequence {
                elements.append(try Self.value(child, budget: &budget))
            }
            return .array(elements)
        case .alias:
            throw .badRequest("error converting YAML to JSON: YAML aliases are not supported")
        }
    }
}
