import Foundation

/// Server-side apply and field ownership (`metadata.managedFields`), as kube-apiserver keeps them:
/// every write records which fields its manager set, an apply merges the applied configuration into
/// the live object by the schema's list and map types, removes the fields the manager applied before
/// and no longer does (unless another manager owns them), and refuses to change a field another
/// manager owns unless forced.
public enum ServerSideApply {
    /// Metadata members that identify or describe an object rather than configure it; nobody owns them.
    static let unownedMetadata: Set<String> = [
        "name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp",
        "deletionGracePeriodSeconds", "managedFields", "selfLink",
    ]

    // MARK: Field sets

    /// The fields an applied configuration sets: every leaf, every list item (with `.`), atomic
    /// values and empty objects as leaves.
    public static func appliedFields(_ object: JSONValue, schema: JSONValue?) -> FieldSet {
        Self.fields(of: object, schema: StructureSchema(schema), isRoot: true, marking: .none)
    }

    /// Every field of an object, each node marked as present.
    static func existingFields(_ object: JSONValue, schema: JSONValue?) -> FieldSet {
        Self.fields(of: object, schema: StructureSchema(schema), isRoot: true, marking: .all)
    }

    /// Which objects and lists count as fields themselves (`.`), beyond leaves and list items.
    private enum ContainerMarking {
        /// None: an applied configuration owns what is in it.
        case none
        /// Maps, not structs: what an update that created them owns, as kube-apiserver records it.
        case maps
        /// All: every node of an object that exists.
        case all
    }

    private static func fields(of value: JSONValue, schema: StructureSchema, isRoot: Bool, marking: ContainerMarking) -> FieldSet {
        var set = FieldSet()
        switch value {
        case .object(let object) where !object.isEmpty && !schema.isAtomicObject:
            set.includesSelf = marking == .all || (marking == .maps && !schema.isStruct)
            for member in object where !Self.isSkipped(member.key, isRoot: isRoot) {
                var child = Self.fields(of: member.value, schema: schema.member(member.key), isRoot: false, marking: marking)
                if member.key == "metadata" && isRoot { child.children = child.children.filter { !Self.isUnownedMetadata($0.key) } }
                if !child.isEmpty { set.children[.field(member.key)] = child }
            }
            if set.children.isEmpty { set.includesSelf = true }
        case .array(let items) where !items.isEmpty && !Self.isAtomic(schema.listType):
            set.includesSelf = marking == .all
            for (index, item) in items.enumerated() {
                var child = Self.fields(of: item, schema: schema.items, isRoot: false, marking: marking)
                child.includesSelf = true
                if case .set = schema.listType { child.children = [:] }
                set.children[schema.element(of: item, at: index)] = child
            }
        default:
            set.includesSelf = true
        }
        return set
    }

    private static func isSkipped(_ key: String, isRoot: Bool) -> Bool {
        isRoot && (key == "apiVersion" || key == "kind")
    }

    private static func isUnownedMetadata(_ element: FieldSet.Element) -> Bool {
        if case .field(let name) = element { return Self.unownedMetadata.contains(name) }
        return false
    }

    private static func isAtomic(_ type: StructureSchema.ListType) -> Bool {
        if case .atomic = type { return true }
        return false
    }

    /// The fields an update changed: values that differ or are new (new maps and list items with
    /// `.`, as kube-apiserver records them for `Update` operations).
    public static func changedFields(from old: JSONValue?, to new: JSONValue, schema: JSONValue?) -> FieldSet {
        var set = Self.changed(from: old, to: new, schema: StructureSchema(schema), isRoot: true)
        if var metadata = set.children[.field("metadata")] {
            metadata.children = metadata.children.filter { !Self.isUnownedMetadata($0.key) }
            set.children[.field("metadata")] = metadata.isEmpty ? nil : metadata
        }
        return set
    }

    private static func changed(from old: JSONValue?, to new: JSONValue, schema: StructureSchema, isRoot: Bool) -> FieldSet {
        if old == new { return FieldSet() }
        switch (old, new) {
        case (.object(let before)?, .object(let after)) where !schema.isAtomicObject && !after.isEmpty:
            var set = FieldSet()
            for member in after where !Self.isSkipped(member.key, isRoot: isRoot) {
                let child = Self.changed(from: before[member.key], to: member.value, schema: schema.member(member.key), isRoot: false)
                if !child.isEmpty { set.children[.field(member.key)] = child }
            }
            return set
        case (.array(let before), .array(let after)) where !Self.isAtomic(schema.listType) && !after.isEmpty:
            var set = FieldSet()
            let earlier = Dictionary(before.enumerated().map { (schema.element(of: $1, at: $0), $1) }, uniquingKeysWith: { first, _ in first })
            for (index, item) in after.enumerated() {
                let element = schema.element(of: item, at: index)
                guard let previous = earlier[element] else {
                    var added = Self.addedFields(item, schema: schema.items)
                    added.includesSelf = true
                    if case .set = schema.listType { added.children = [:] }
                    set.children[element] = added
                    continue
                }
                let child = Self.changed(from: previous, to: item, schema: schema.items, isRoot: false)
                if !child.isEmpty { set.children[element] = child }
            }
            return set
        default:
            return Self.addedFields(new, schema: schema)
        }
    }

    /// The fields of a value that did not exist before: its leaves, with maps and list items marked.
    private static func addedFields(_ value: JSONValue, schema: StructureSchema) -> FieldSet {
        Self.fields(of: value, schema: schema, isRoot: false, marking: .maps)
    }

    // MARK: Merging

    /// The live object with the applied configuration merged in: objects member by member, `map`
    /// lists item by item (by their keys), `set` lists as a union, everything else replaced.
    public static func merge(_ applied: JSONValue, into live: JSONValue, schema: JSONValue?) -> JSONValue {
        Self.merge(applied, into: live, schema: StructureSchema(schema))
    }

    private static func merge(_ applied: JSONValue, into live: JSONValue?, schema: StructureSchema) -> JSONValue {
        guard let live else { return applied }
        switch (applied, live) {
        case (.object(let patch), .object(var result)) where !schema.isAtomicObject:
            for member in patch {
                result[member.key] = Self.merge(member.value, into: result[member.key], schema: schema.member(member.key))
            }
            return .object(result)
        case (.array(let patch), .array(var result)):
            switch schema.listType {
            case .map:
                var positions: [FieldSet.Element: Int] = [:]
                for (index, item) in result.enumerated() { positions[schema.element(of: item, at: index)] = index }
                for (index, item) in patch.enumerated() {
                    if let position = positions[schema.element(of: item, at: index)] {
                        result[position] = Self.merge(item, into: result[position], schema: schema.items)
                    } else {
                        result.append(item)
                    }
                }
                return .array(result)
            case .set:
                for item in patch where !result.contains(item) { result.append(item) }
                return .array(result)
            case .atomic:
                return applied
            }
        default:
            return applied
        }
    }

    /// The object without the fields in `removed` (leaves and list items; nodes that are only
    /// parents stay).
    public static func remove(_ removed: FieldSet, from object: JSONValue, schema: JSONValue?) -> JSONValue {
        Self.remove(removed, from: object, schema: StructureSchema(schema))
    }

    private static func remove(_ removed: FieldSet, from value: JSONValue, schema: StructureSchema) -> JSONValue {
        switch value {
        case .object(var object):
            for (element, child) in removed.children {
                guard case .field(let name) = element, let member = object[name] else { continue }
                if child.includesSelf {
                    object[name] = nil
                    continue
                }
                let memberSchema = schema.member(name)
                let remaining = Self.remove(child, from: member, schema: memberSchema)
                // A list or map whose last entries went is left out, as Go's omitempty leaves them out.
                let emptied = remaining.arrayValue?.isEmpty == true || (remaining.objectValue?.isEmpty == true && !memberSchema.isStruct)
                object[name] = emptied ? JSONValue?.none : remaining
            }
            return .object(object)
        case .array(let items):
            var kept: [JSONValue] = []
            for (index, item) in items.enumerated() {
                let element = schema.element(of: item, at: index)
                guard let child = removed.children[element] else {
                    kept.append(item)
                    continue
                }
                if !child.includesSelf { kept.append(Self.remove(child, from: item, schema: schema.items)) }
            }
            return .array(kept)
        default:
            return value
        }
    }

    /// The value at `path`, if the object has one there.
    static func value(at path: FieldSet.Path, in object: JSONValue, schema: StructureSchema) -> JSONValue? {
        guard let first = path.first else { return object }
        let rest = Array(path.dropFirst())
        switch (first, object) {
        case (.field(let name), .object(let members)):
            return members[name].flatMap { Self.value(at: rest, in: $0, schema: schema.member(name)) }
        case (_, .array(let items)):
            for (index, item) in items.enumerated() where schema.element(of: item, at: index) == first {
                return Self.value(at: rest, in: item, schema: schema.items)
            }
            return nil
        default:
            return nil
        }
    }
}
