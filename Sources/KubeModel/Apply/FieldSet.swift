/// A set of field paths in an object, shaped as the `fieldsV1` of a `managedFields` entry: a tree
/// whose keys are path elements (`f:spec`, `k:{"name":"web"}`, `v:"a"`, `i:0`) and where a node
/// is itself in the set when it is a leaf or carries the `.` member.
///
/// ```swift
/// let owned = FieldSet(fieldsV1: entry["fieldsV1"]!)
/// owned.contains([.field("spec"), .field("replicas")])
/// ```
public struct FieldSet: Sendable, Equatable {
    /// One step of a path: a member of an object, an item of an associative list (by the JSON
    /// object of its key fields, keys sorted), a value of a set list (as JSON), or a position in
    /// another list.
    public enum Element: Sendable, Hashable, Comparable {
        case field(String)
        case key(String)
        case value(String)
        case index(Int)

        /// The element of the associative-list item with these key fields.
        public static func key(_ fields: [(String, JSONValue)]) -> Element {
            let object = JSONObject(fields.sorted { $0.0 < $1.0 })
            return .key(String(decoding: JSONValue.object(object).serialized(), as: UTF8.self))
        }

        /// The element of a set-list item.
        public static func value(_ value: JSONValue) -> Element {
            .value(String(decoding: value.serialized(), as: UTF8.self))
        }

        /// The element as a `fieldsV1` key.
        public var encoded: String {
            switch self {
            case .field(let name): "f:" + name
            case .key(let keys): "k:" + keys
            case .value(let value): "v:" + value
            case .index(let index): "i:\(index)"
            }
        }

        /// Reads a `fieldsV1` key; `nil` for `.` and for keys of no known kind.
        init?(encoded: String) {
            let body = String(encoded.dropFirst(2))
            switch encoded.prefix(2) {
            case "f:": self = .field(body)
            case "k:": self = .key(body)
            case "v:": self = .value(body)
            case "i:": guard let index = Int(body) else { return nil }; self = .index(index)
            default: return nil
            }
        }

        /// The element as kube-apiserver prints it in conflict messages (`.spec`, `[name="web"]`).
        var printed: String {
            switch self {
            case .field(let name):
                return "." + name
            case .key(let keys):
                let object = (try? JSONParser.parse(Array(keys.utf8)))?.objectValue ?? JSONObject()
                let pairs = object.map { "\($0.key)=\(String(decoding: $0.value.serialized(), as: UTF8.self))" }
                return "[" + pairs.joined(separator: ",") + "]"
            case .value(let value):
                return "[=" + value + "]"
            case .index(let index):
                return "[\(index)]"
            }
        }

        public static func < (lhs: Element, rhs: Element) -> Bool {
            lhs.encoded < rhs.encoded
        }
    }

    /// A path from the object's root.
    public typealias Path = [Element]

    /// Whether this node itself is in the set.
    public var includesSelf: Bool
    /// The nodes below, by element.
    public var children: [Element: FieldSet]

    /// The empty set.
    public init() {
        self.includesSelf = false
        self.children = [:]
    }

    /// Reads a `fieldsV1` tree; keys it does not understand are skipped.
    public init(fieldsV1: JSONValue) {
        self.init()
        for member in fieldsV1.objectValue ?? JSONObject() {
            if member.key == "." {
                self.includesSelf = true
            } else if let element = Element(encoded: member.key) {
                var child = FieldSet(fieldsV1: member.value)
                if child.children.isEmpty { child.includesSelf = true }
                self.children[element] = child
            }
        }
    }

    /// The set as a `fieldsV1` tree, members in a stable order.
    public var fieldsV1: JSONValue {
        var object = JSONObject()
        if self.includesSelf && !self.children.isEmpty { object["."] = .object(JSONObject()) }
        for element in self.children.keys.sorted() {
            object[element.encoded] = self.children[element]!.fieldsV1
        }
        return .object(object)
    }

    /// Whether nothing is in the set.
    public var isEmpty: Bool {
        !self.includesSelf && self.children.values.allSatisfy(\.isEmpty)
    }

    /// Whether `path` is in the set.
    public func contains(_ path: Path) -> Bool {
        guard let first = path.first else { return self.includesSelf }
        return self.children[first]?.contains(Array(path.dropFirst())) ?? false
    }

    /// Adds `path`.
    public mutating func insert(_ path: Path) {
        guard let first = path.first else {
            self.includesSelf = true
            return
        }
        var child = self.children[first] ?? FieldSet()
        child.insert(Array(path.dropFirst()))
        self.children[first] = child
    }

    /// Every path in the set, parents before children.
    public var paths: [Path] {
        var result: [Path] = self.includesSelf ? [[]] : []
        for element in self.children.keys.sorted() {
            result += self.children[element]!.paths.map { [element] + $0 }
        }
        return result
    }

    /// The paths of the nodes that are in the set and have nothing below them.
    public var leaves: [Path] {
        if self.children.isEmpty { return self.includesSelf ? [[]] : [] }
        return self.children.keys.sorted().flatMap { element in self.children[element]!.leaves.map { [element] + $0 } }
    }

    /// The paths in either set.
    public func union(_ other: FieldSet) -> FieldSet {
        var result = self
        result.includesSelf = self.includesSelf || other.includesSelf
        for (element, child) in other.children {
            result.children[element] = result.children[element].map { $0.union(child) } ?? child
        }
        return result
    }

    /// The paths of this set that are not in `other`.
    public func subtracting(_ other: FieldSet) -> FieldSet {
        var result = FieldSet()
        result.includesSelf = self.includesSelf && !other.includesSelf
        for (element, child) in self.children {
            let remaining = other.children[element].map { child.subtracting($0) } ?? child
            if !remaining.isEmpty { result.children[element] = remaining }
        }
        return result
    }

    /// The paths in both sets.
    public func intersection(_ other: FieldSet) -> FieldSet {
        var result = FieldSet()
        result.includesSelf = self.includesSelf && other.includesSelf
        for (element, child) in self.children {
            guard let match = other.children[element] else { continue }
            let common = child.intersection(match)
            if !common.isEmpty { result.children[element] = common }
        }
        return result
    }

    /// A path as kube-apiserver prints it (`.spec.template.spec.containers[name="web"].image`).
    public static func describe(_ path: Path) -> String {
        path.map(\.printed).joined()
    }
}
