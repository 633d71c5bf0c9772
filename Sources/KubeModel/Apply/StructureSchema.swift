/// The parts of an OpenAPI schema that decide how server-side apply merges and tracks a value: the
/// schema of a member or list item, a list's type (`atomic`, `set`, or `map` with its key fields),
/// and whether an object is a struct, a granular map or atomic. Built-in schemas (`$ref`s followed)
/// and CRD schemas are read alike; without a schema, objects are granular maps and lists atomic.
struct StructureSchema {
    /// The schema node, references resolved.
    let node: JSONValue?

    init(_ node: JSONValue?) {
        self.node = node.flatMap { BuiltinSchemas.resolve($0) ?? $0 }
    }

    /// The schema of a member of this object.
    func member(_ name: String) -> StructureSchema {
        StructureSchema(self.node?["properties"]?[name] ?? self.valueSchema)
    }

    private var valueSchema: JSONValue? {
        guard let values = self.node?["additionalProperties"], values.objectValue != nil else { return nil }
        return values
    }

    /// The schema of this list's items.
    var items: StructureSchema {
        StructureSchema(self.node?["items"])
    }

    /// How a list merges.
    enum ListType {
        case atomic
        case set
        case map(keys: [String])
    }

    var listType: ListType {
        switch self.node?["x-kubernetes-list-type"]?.stringValue {
        case "set":
            return .set
        case "map":
            return .map(keys: (self.node?["x-kubernetes-list-map-keys"]?.arrayValue ?? []).compactMap(\.stringValue))
        case "atomic":
            return .atomic
        default:
            if self.node?["x-kubernetes-patch-strategy"]?.stringValue?.contains("merge") == true,
               let key = self.node?["x-kubernetes-patch-merge-key"]?.stringValue {
                return .map(keys: [key])
            }
            return .atomic
        }
    }

    /// Whether this object is replaced as a whole (`x-kubernetes-map-type: atomic`).
    var isAtomicObject: Bool {
        self.node?["x-kubernetes-map-type"]?.stringValue == "atomic"
    }

    /// Whether this object is a struct (declared members) rather than a map of arbitrary keys.
    var isStruct: Bool {
        self.node?["properties"] != nil
    }

    /// Defaults of key fields the built-in schemas do not carry (kube-apiserver's OpenAPI does):
    /// a port's `protocol` is `TCP` when left out.
    private static let keyDefaults: [String: JSONValue] = ["protocol": "TCP"]

    /// The element of `item` in this list, by its type; key fields an item leaves out take their
    /// defaults, so an applied port without `protocol` is the stored port with `TCP`.
    func element(of item: JSONValue, at index: Int) -> FieldSet.Element {
        switch self.listType {
        case .map(let keys) where !keys.isEmpty:
            return .key(keys.compactMap { key in
                (item[key] ?? self.items.member(key).node?["default"] ?? Self.keyDefaults[key]).map { (key, $0) }
            })
        case .set:
            return .value(item)
        default:
            return .index(index)
        }
    }
}
