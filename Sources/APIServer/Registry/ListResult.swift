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

    /// The objects decoded, each with its `resourceVersion`.
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
    private let decoded: JSONValue?

    init(stored: KeyValue, decoded: JSONValue?) {
        self.stored = stored
        self.decoded = decoded
    }

    /// The object with its `resourceVersion`.
    public func object() throws(StatusError) -> JSONValue {
        if let decoded { return decoded }
        return try ObjectStore.decode(self.stored)
    }

    /// Appends the object's JSON text with its `resourceVersion` filled in.
    ///
    /// The stored text is copied with only the `resourceVersion` written in place, which is what
    /// makes a LIST of thousands of objects cheap; a value the locator cannot follow is decoded
    /// and serialized instead.
    public func writeJSON(to output: inout [UInt8]) throws(StatusError) {
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
            try self.object().write(to: &output)
        }
    }
}
