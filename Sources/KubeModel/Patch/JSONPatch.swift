import Foundation

/// JSON patch (RFC 6902): a list of `add`, `remove`, `replace`, `move`, `copy` and `test` operations
/// addressed by JSON pointers (RFC 6901).
public enum JSONPatch {
    /// Applies the operations in order; all or nothing.
    ///
    /// - Throws: ``JSONPatchError`` naming the first operation that cannot be applied.
    public static func apply(_ patch: JSONValue, to target: JSONValue) throws(JSONPatchError) -> JSONValue {
        guard case .array(let operations) = patch else {
            throw .malformed("a JSON patch must be an array of operations")
        }
        var document = target
        for operation in operations {
            guard let op = operation["op"]?.stringValue else {
                throw .malformed("missing \"op\" in \(operation.jsonText)")
            }
            guard let path = operation["path"]?.stringValue else {
                throw .malformed("missing \"path\" in \(operation.jsonText)")
            }
            let pointer = try Self.pointer(path)
            switch op {
            case "add":
                guard let value = operation["value"] else { throw .malformed("missing \"value\" for add") }
                document = try Self.add(value, at: pointer[...], in: document)
            case "remove":
                document = try Self.remove(at: pointer[...], in: document).document
            case "replace":
                guard let value = operation["value"] else { throw .malformed("missing \"value\" for replace") }
                document = try Self.remove(at: pointer[...], in: document).document
                document = try Self.add(value, at: pointer[...], in: document)
            case "move", "copy":
                guard let from = operation["from"]?.stringValue else { throw .malformed("missing \"from\" for \(op)") }
                let fromPointer = try Self.pointer(from)
                let value: JSONValue
                if op == "move" {
                    let removed = try Self.remove(at: fromPointer[...], in: document)
                    document = removed.document
                    value = removed.value
                } else {
                    value = try Self.value(at: fromPointer[...], in: document)
                }
                document = try Self.add(value, at: pointer[...], in: document)
            case "test":
                guard let expected = operation["value"] else { throw .malformed("missing \"value\" for test") }
                let actual = try Self.value(at: pointer[...], in: document)
                guard actual == expected else { throw .testFailed(path) }
            default:
                throw .malformed("unexpected op \"\(op)\"")
            }
        }
        return document
    }

    private static func pointer(_ path: String) throws(JSONPatchError) -> [String] {
        if path.isEmpty { return [] }
        guard path.hasPrefix("/") else { throw .malformed("JSON pointer \"\(path)\" must start with /") }
        return path.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    private static func index(_ token: String, count: Int, allowEnd: Bool) throws(JSONPatchError) -> Int {
        if allowEnd && token == "-" { return count }
        guard let index = Int(token), index >= 0, index < count + (allowEnd ? 1 : 0), String(index) == token else {
            throw .pathNotFound(token)
        }
        return index
    }

    private static func value(at pointer: ArraySlice<String>, in document: JSONValue) throws(JSONPatchError) -> JSONValue {
        guard let token = pointer.first else { return document }
        switch document {
        case .object(let object):
            guard let child = object[token] else { throw .pathNotFound(token) }
            return try Self.value(at: pointer.dropFirst(), in: child)
        case .array(let array):
            return try Self.value(at: pointer.dropFirst(), in: array[try Self.index(token, count: array.count, allowEnd: false)])
        default:
            throw .pathNotFound(token)
        }
    }

    private static func add(_ value: JSONValue, at pointer: ArraySlice<String>, in document: JSONValue)
        throws(JSONPatchError) -> JSONValue
    {
        guard let token = pointer.first else { return value }
        let last = pointer.count == 1
        switch document {
        case .object(var object):
            if last {
                object[token] = value
            } else {
                guard let child = object[token] else { throw .pathNotFound(token) }
                object[token] = try Self.add(value, at: pointer.dropFirst(), in: child)
            }
            return .object(object)
        case .array(var array):
            let index = try Self.index(token, count: array.count, allowEnd: last)
            if last {
                array.insert(value, at: index)
            } else {
                array[index] = try Self.add(value, at: pointer.dropFirst(), in: array[index])
            }
            return .array(array)
        default:
            throw .pathNotFound(token)
        }
    }

    private static func remove(at pointer: ArraySlice<String>, in document: JSONValue)
        throws(JSONPatchError) -> (document: JSONValue, value: JSONValue)
    {
        guard let token = pointer.first else { throw .malformed("cannot remove the whole document") }
        let last = pointer.count == 1
        switch document {
        case .object(var object):
            guard let child = object[token] else { throw .pathNotFound(token) }
            if last {
                object[token] = nil
                return (.object(object), child)
            }
            let removed = try Self.remove(at: pointer.dropFirst(), in: child)
            object[token] = removed.document
            return (.object(object), removed.value)
        case .array(var array):
            let index = try Self.index(token, count: array.count, allowEnd: false)
            if last {
                let value = array.remove(at: index)
                return (.array(array), value)
            }
            let removed = try Self.remove(at: pointer.dropFirst(), in: array[index])
            array[index] = removed.document
            return (.array(array), removed.value)
        default:
            throw .pathNotFound(token)
        }
    }
}
