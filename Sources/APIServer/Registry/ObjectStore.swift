public import Foundation
public import KubeModel
public import StoreCore
import CoreMetrics

/// Kubernetes objects in an etcd v3 store, under kube-apiserver's key layout
/// (`<prefix>/<storagePath>/<namespace>/<name>`), stored as JSON without `metadata.resourceVersion`;
/// reads fill it in from the key's modification revision.
///
/// Objects are stored in their resource's storage version (see ``ServedVersion``): reads answer
/// that version, whichever version wrote the object, and writes take it.
///
/// Every write is one transaction guarded by a revision compare, so two writers never silently
/// overwrite each other.
public struct ObjectStore: Sendable {
    /// The key-value store (brain in-process, or an etcd client).
    public let store: any KeyValueStore
    /// The key prefix, `/registry` by default (kube-apiserver's `--etcd-prefix`).
    public let prefix: String
    /// The conversions between versions that share a storage location.
    public let conversions: VersionConversions

    /// Creates an object store.
    public init(store: any KeyValueStore, prefix: String = "/registry", conversions: VersionConversions = .builtin) {
        self.store = store
        self.prefix = prefix.hasSuffix("/") ? String(prefix.dropLast()) : prefix
        self.conversions = conversions
    }

    /// How `definition`'s version reads and writes the resource's storage version.
    public func version(of definition: ResourceDefinition) -> ServedVersion {
        ServedVersion(definition, conversions: self.conversions)
    }

    /// The key of one object.
    public func key(_ definition: ResourceDefinition, namespace: String, name: String) -> Data {
        let path = definition.storagePath ?? definition.resource.resource
        if definition.namespaced {
            return Data("\(self.prefix)/\(path)/\(namespace)/\(name)".utf8)
        }
        return Data("\(self.prefix)/\(path)/\(name)".utf8)
    }

    /// The key prefix of a collection: all namespaces when `namespace` is empty.
    public func collectionPrefix(_ definition: ResourceDefinition, namespace: String) -> Data {
        let path = definition.storagePath ?? definition.resource.resource
        if definition.namespaced && !namespace.isEmpty {
            return Data("\(self.prefix)/\(path)/\(namespace)/".utf8)
        }
        return Data("\(self.prefix)/\(path)/".utf8)
    }

    /// Decodes a stored value and fills in `metadata.resourceVersion`.
    public static func decode(_ kv: KeyValue) throws(StatusError) -> JSONValue {
        var object: JSONValue
        do {
            object = try JSONParser.parse(kv.value)
        } catch {
            throw .internalError("stored object \(String(decoding: kv.key, as: UTF8.self)) is not valid JSON: \(error)")
        }
        object.setMetadataString("resourceVersion", String(kv.modRevision))
        return object
    }

    /// Decodes a stored value as the resource's storage version, with its `resourceVersion`.
    public func decode(_ kv: KeyValue, for definition: ResourceDefinition) async throws(StatusError) -> JSONValue {
        try await self.version(of: definition).stored(try Self.decode(kv))
    }

    /// The stored form of an object: everything but `metadata.resourceVersion`.
    static func encode(_ object: JSONValue) -> Data {
        var stored = object
        stored.setMetadataString("resourceVersion", "")
        return Data(stored.serialized())
    }

    /// Reads one object, in the resource's storage version.
    ///
    /// - Throws: ``StatusError`` `404` when it does not exist.
    public func get(_ definition: ResourceDefinition, namespace: String, name: String) async throws(StatusError)
        -> JSONValue
    {
        try await self.version(of: definition).stored(try await self.read(definition, namespace: namespace, name: name))
    }

    /// Reads one object as stored: in the storage version, or in the one that was the storage
    /// version when it was written.
    ///
    /// - Throws: ``StatusError`` `404` when it does not exist.
    public func read(_ definition: ResourceDefinition, namespace: String, name: String) async throws(StatusError)
        -> JSONValue
    {
        let response = try await self.run("get") {
            try await self.store.range(RangeRequest(range: KeyRange(key: self.key(definition, namespace: namespace, name: name))))
        }
        guard let kv = response.kvs.first else {
            throw .notFound(definition.resource, name: name)
        }
        return try Self.decode(kv)
    }

    /// The keys under a prefix (values not read).
    func keys(withPrefix prefix: String) async throws(StatusError) -> Set<Data> {
        let response = try await self.run("list") {
            try await self.store.range(RangeRequest(range: .prefix(Data(prefix.utf8)), keysOnly: true))
        }
        return Set(response.kvs.map(\.key))
    }

    /// Reads the stored key-value of one object, or `nil`.
    func current(_ key: Data) async throws(StatusError) -> KeyValue? {
        try await self.run("get") { try await self.store.range(RangeRequest(range: KeyRange(key: key))) }.kvs.first
    }

    /// Creates an object (in the resource's storage version) that must not exist yet, together
    /// with reservation keys (allocated addresses) that must not exist either; all are written in
    /// one transaction.
    ///
    /// - Returns: The object as stored, with its `resourceVersion`.
    /// - Throws: ``StatusError`` `409 AlreadyExists`, or ``reservationTaken`` when another object
    ///   holds one of `reservations`.
    public func create(
        _ definition: ResourceDefinition, _ object: JSONValue, reserving reservations: [Data] = [], lease: LeaseID = 0
    ) async throws(StatusError) -> JSONValue {
        let key = self.key(definition, namespace: object.namespace, name: object.name)
        let stored = Self.encode(object)
        let mustNotExist = [key] + reservations
        let response = try await self.run("create") {
            try await self.store.txn(
                TxnRequest(
                    compare: mustNotExist.map { Compare(range: KeyRange(key: $0), target: .createRevision(0), result: .equal) },
                    success: [.put(PutRequest(key: key, value: stored, lease: lease))]
                        + reservations.map { .put(PutRequest(key: $0, value: key)) },
                    failure: [.range(RangeRequest(range: KeyRange(key: key), countOnly: true))]
                )
            )
        }
        guard response.succeeded else {
            if case .range(let existing)? = response.responses.first, existing.count == 0 {
                throw Self.reservationTaken
            }
            throw .alreadyExists(definition.resource, name: object.name)
        }
        var created = object
        created.setMetadataString("resourceVersion", String(response.revision))
        return created
    }

    /// Replaces an object if it is still at `modRevision`, keeping the key's lease (an event's TTL).
    ///
    /// - Returns: The stored object, or `nil` when the object changed (or vanished) meanwhile.
    func replace(key: Data, modRevision: Revision, with object: JSONValue) async throws(StatusError) -> JSONValue? {
        let stored = Self.encode(object)
        let response = try await self.run("update") {
            try await self.store.txn(
                TxnRequest(
                    compare: [Compare(range: KeyRange(key: key), target: .modRevision(modRevision), result: .equal)],
                    success: [.put(PutRequest(key: key, value: stored, ignoreLease: true))]
                )
            )
        }
        guard response.succeeded else { return nil }
        var updated = object
        updated.setMetadataString("resourceVersion", String(response.revision))
        return updated
    }

    /// The error of a create whose reservation key is held by another object.
    public static let reservationTaken = StatusError(code: 409, reason: "Conflict", message: "a reserved address is already allocated")

    /// Deletes an object if it is still at `modRevision`, with the reservation keys it held.
    ///
    /// - Returns: The deletion's revision, or `nil` when the object changed meanwhile.
    func remove(key: Data, modRevision: Revision, releasing reservations: [Data] = []) async throws(StatusError) -> Revision? {
        let response = try await self.run("delete") {
            try await self.store.txn(
                TxnRequest(
                    compare: [Compare(range: KeyRange(key: key), target: .modRevision(modRevision), result: .equal)],
                    success: ([key] + reservations).map { .deleteRange(DeleteRangeRequest(range: KeyRange(key: $0))) }
                )
            )
        }
        return response.succeeded ? response.revision : nil
    }

    /// Runs a store call, timing it as `etcd_request_duration_seconds{operation}` (kube-apiserver's
    /// metric) and turning store failures into `Status` errors.
    func run<Result: Sendable>(_ operation: String, _ body: () async throws -> Result) async throws(StatusError) -> Result {
        let start = ContinuousClock.now
        defer {
            MetricHandles.shared.timer("etcd_request_duration_seconds", [("operation", operation)]).record(ContinuousClock.now - start)
        }
        do {
            return try await body()
        } catch let error as StoreError {
            throw error.status
        } catch let error as StatusError {
            throw error
        } catch {
            throw .internalError("storage: \(error)")
        }
    }
}
