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

    /// The objects decoded in the resource's storage version (custom resources: as stored), each
    /// with its `resourceVersion`.
    public func objects() throws(StatusError) -> [JSONValue] {
        try self.items.map { item throws(StatusError) in try item.object() }
    }

    /// The objects as the request's version serves them, each with its `resourceVersion`.
    public func servedObjects() throws(StatusError) -> [JSONValue] {
        try self.items.map { item throws(StatusError) in try item.servedObject() }
    }
}

/// One listed object: its stored bytes, and the decoded forms the list needed: the storage version
/// (custom resources: as stored) when a selector read it or the object is stored in another
/// version, and the served version when the object is stored in another one.
public struct ListedObject: Sendable {
    /// The stored key and value.
    public let stored: KeyValue
    /// The object in the storage version (custom resources: as stored), when a selector decoded it
    /// or it is stored in another version.
    private let decoded: JSONValue?
    /// The object in the request's version, when it is stored in another version.
    private let served: JSONValue?

    init(stored: KeyValue, decoded: JSONValue?, served: JSONValue? = nil) {
        self.stored = stored
        self.decoded = decoded
        self.served = served
    }

    /// A page of stored objects (each with its storage version when a selector decoded it) as
    /// `version` lists them: the objects stored in another version than the served one are
    /// converted to it together (one webhook call for the page under a CRD's `Webhook` strategy),
    /// and, for built-in kinds, those stored in another version than the storage one likewise to that.
    static func page(_ entries: [(stored: KeyValue, decoded: JSONValue?)], as version: ServedVersion)
        async throws(StatusError) -> [ListedObject]
    {
        guard version.converts else {
            return entries.map { ListedObject(stored: $0.stored, decoded: $0.decoded) }
        }
        let servedVersion = version.servedKind.groupVersion.apiVersion
        let storageVersion = version.storageKind.groupVersion.apiVersion
        var toServe: [Int] = []
        var toStore: [Int] = []
        var raw: [Int: JSONValue] = [:]
        for (index, entry) in entries.enumerated() {
            let serve = !Self.isStored(entry.stored, as: servedVersion)
            let store = version.readsStorageVersion && entry.decoded == nil && !Self.isStored(entry.stored, as: storageVersion)
            if serve { toServe.append(index) }
            if store { toStore.append(index) }
            if serve || store { raw[index] = try ObjectStore.decode(entry.stored) }
        }
        let served = try await version.served(toServe.map { raw[$0] ?? .null })
        let stored = try await version.stored(toStore.map { raw[$0] ?? .null })
        var servedByIndex: [Int: JSONValue] = [:]
        for (position, index) in toServe.enumerated() { servedByIndex[index] = served[position] }
        var storedByIndex: [Int: JSONValue] = [:]
        for (position, index) in toStore.enumerated() { storedByIndex[index] = stored[position] }
        return entries.enumerated().map { index, entry in
            ListedObject(stored: entry.stored, decoded: entry.decoded ?? storedByIndex[index], served: servedByIndex[index])
        }
    }

    /// The object in the resource's storage version (custom resources: as stored), with its `resourceVersion`.
    public func object() throws(StatusError) -> JSONValue {
        if let decoded { return decoded }
        return try ObjectStore.decode(self.stored)
    }

    /// The object as the request's version serves it, with its `resourceVersion`.
    public func servedObject() throws(StatusError) -> JSONValue {
        if let served { return served }
        return try ObjectStore.decode(self.stored)
    }

    /// Appends the JSON text of the object as the request's version serves it, with its
    /// `resourceVersion` filled in.
    ///
    /// When the stored object already is in the served version, the stored text is copied with
    /// only the `resourceVersion` written in place, which is what makes a LIST of thousands of
    /// objects cheap; an object stored in another version (converted when the page was read), or a
    /// value the locator cannot follow, is serialized instead.
    public func writeJSON(to output: inout [UInt8]) throws(StatusError) {
        if let served {
            served.write(to: &output)
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

    /// Whether a stored text's `apiVersion` is `apiVersion`, read without decoding the object.
    private static func isStored(_ stored: KeyValue, as apiVersion: String) -> Bool {
        let expected = Array("\"\(apiVersion)\"".utf8)
        return stored.value.withUnsafeBytes { raw -> Bool in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard case .value(let range) = JSONMemberLocator.locate(["apiVersion"], in: bytes) else { return false }
            return bytes[range].elementsEqual(expected)
        }
    }
}
