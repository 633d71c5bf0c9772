public import KubeModel
public import StoreCore
import Foundation

/// One page of a collection.
public struct ListResult: Sendable {
    /// The objects, in key order.
    public var items: [ListedObject]
    /// The revision the page was read at (the list's `resourceVersion`).
    public var revision: Revision
    /// The token for the next page, or `nil` on the last page.
    public var continueToken: String?
    /// How many objects follow this page, when known (no filter).
    public var remainingItemCount: Int64?

    /// The objects decoded in the resource's storage version, each with its `resourceVersion`.
    public func objects() throws(StatusError) -> [JSONValue] {
        var objects: [JSONValue] = []
        objects.reserveCapacity(self.items.count)
        for item in self.items {
            objects.append(try item.object())
        }
        return objects
    }
}

/// One listed object: its stored bytes, and the decoded object when a selector needed it.
public struct ListedObject: Sendable {
    /// The stored key and value.
    public let stored: KeyValue
    /// The object in the storage version, when a selector decoded it.
    private let decoded: JSONValue?
    /// The request's version, when it shares the storage with another (objects may need converting).
    private let version: ServedVersion?

    init(stored: KeyValue, decoded: JSONValue?, version: ServedVersion? = nil) {
        self.stored = stored
        self.decoded = decoded
        self.version = version
    }

    /// The object in the resource's storage version, with its `resourceVersion`.
    public func object() throws(StatusError) -> JSONValue {
        if let decoded { return decoded }
        let object = try ObjectStore.decode(self.stored)
        return self.version?.stored(object) ?? object
    }

    /// The object as the request's version serves it, with its `resourceVersion`.
    public func servedObject() throws(StatusError) -> JSONValue {
        let object = try self.object()
        return self.version?.served(object) ?? object
    }

    /// Appends the JSON text of the object as the request's version serves it, with its
    /// `resourceVersion` filled in.
    ///
    /// When the stored object already is in the served version, the stored text is copied with
    /// only the `resourceVersion` written in place, which is what makes a LIST of thousands of
    /// objects cheap; an object stored in another version, or a value the locator cannot follow,
    /// is decoded (and converted) and serialized instead.
    public func writeJSON(to output: inout [UInt8]) throws(StatusError) {
        if let version, !self.isStored(as: version.servedKind) {
            try self.servedObject().write(to: &output)
            return
        }
        let revision = "\"\(self.stored.modRevision)\""
        let spliced = self.stored.value.withUnsafeBytes { raw -> Bool in
            let bytes = raw.bindMemory(to: UInt8.self)
            switch JSONMemberLocator.locate(["metadata", "resourceVersion"], in: bytes) {
            case .value(let range):
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[..<range.lowerBound]))
                output.append(contentsOf: revision.utf8)
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[range.upperBound...]))
            case .insertion(let offset, let objectIsEmpty):
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[..<offset]))
                output.append(contentsOf: "\"resourceVersion\":\(revision)\(objectIsEmpty ? "" : ",")".utf8)
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[offset...]))
            case nil:
                return false
            }
            return true
        }
        if !spliced {
            try self.servedObject().write(to: &output)
        }
    }

    /// Whether the stored text's `apiVersion` is `kind`'s, read without decoding the object.
    private func isStored(as kind: GroupVersionKind) -> Bool {
        let expected = Array("\"\(kind.groupVersion.apiVersion)\"".utf8)
        return self.stored.value.withUnsafeBytes { raw -> Bool in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard case .value(let range) = JSONMemberLocator.locate(["apiVersion"], in: bytes) else { return false }
            return bytes[range].elementsEqual(expected)
        }
    }
}
