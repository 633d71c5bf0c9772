import Foundation
import KubeModel

/// Every stored object by uid with the edges of its `ownerReferences`, kept from the store
/// watch over the whole registry: the garbage collector's view of who depends on whom (kube's
/// `GraphBuilder` graph). Pure: each change answers which uids the garbage collector should look
/// at again and which terminating namespaces saw content change.
struct OwnerGraph: Sendable {
    /// What the graph keeps of one object.
    struct Node: Sendable, Hashable {
        var apiVersion: String
        var kind: String
        var namespace: String
        var name: String
        var uid: String
        var owners: [OwnerReference]
        var finalizers: [String]
        var beingDeleted: Bool

        /// Whether the object waits for its blocking dependents (foreground deletion).
        var deletingDependents: Bool {
            self.beingDeleted && self.finalizers.contains(PropagationPolicy.foregroundFinalizer)
        }

        /// The object's group, version and kind (its storage version).
        var groupVersionKind: GroupVersionKind? {
            OwnerReference.groupVersionKind(apiVersion: self.apiVersion, kind: self.kind)
        }

        /// Whether this is a core `v1` Namespace.
        var isNamespace: Bool { self.apiVersion == "v1" && self.kind == "Namespace" }

        /// The node of a stored object, or `nil` for a value that is no object with a uid.
        init?(_ object: JSONValue) {
            let uid = object.metadataString("uid")
            guard !uid.isEmpty else { return nil }
            self.init(
                apiVersion: object.apiVersion ?? "", kind: object.kind ?? "", namespace: object.namespace, name: object.name,
                uid: uid, owners: OwnerReference.all(of: object), finalizers: object.finalizers, beingDeleted: object.isBeingDeleted
            )
        }

        /// Creates a node.
        init(
            apiVersion: String, kind: String, namespace: String, name: String, uid: String, owners: [OwnerReference] = [],
            finalizers: [String] = [], beingDeleted: Bool = false
        ) {
            self.apiVersion = apiVersion
            self.kind = kind
            self.namespace = namespace
            self.name = name
            self.uid = uid
            self.owners = owners
            self.finalizers = finalizers
            self.beingDeleted = beingDeleted
        }
    }

    /// What a change asks the controllers to look at again.
    struct Changes: Sendable, Hashable {
        /// Objects whose garbage-collection state may have changed.
        var uids: Set<String> = []
        /// Terminating namespaces whose state or content changed.
        var namespaces: Set<String> = []
        /// The objects written or removed (as last seen), for controllers that keep objects of
        /// given names in every namespace.
        var objects: Set<Node> = []

        mutating func formUnion(_ other: Changes) {
            self.uids.formUnion(other.uids)
            self.namespaces.formUnion(other.namespaces)
            self.objects.formUnion(other.objects)
        }
    }

    private(set) var nodes: [String: Node] = [:]
    private var uidByKey: [Data: String] = [:]
    /// Owner uid → the uids of objects naming it; owners need not exist (yet, or any more).
    private var dependentsByOwner: [String: Set<String>] = [:]
    /// Namespaces with a `deletionTimestamp`.
    private(set) var terminatingNamespaces: Set<String> = []

    /// The objects that name `uid` as an owner.
    func dependents(of uid: String) -> [Node] {
        (self.dependentsByOwner[uid] ?? []).compactMap { self.nodes[$0] }
    }

    /// The dependents a foreground deletion of `uid` waits for: those whose reference to it sets
    /// `blockOwnerDeletion`.
    func blockingDependents(of uid: String) -> [Node] {
        self.dependents(of: uid).filter { node in node.owners.contains { $0.uid == uid && $0.blockOwnerDeletion } }
    }

    /// Records the object stored at `key`.
    mutating func put(key: Data, _ node: Node) -> Changes {
        var changes = Changes()
        if let previousUID = self.uidByKey[key], previousUID != node.uid {
            changes.formUnion(self.remove(key: key))
        }
        let previous = self.nodes[node.uid]
        self.uidByKey[key] = node.uid
        self.nodes[node.uid] = node
        for owner in previous?.owners ?? [] {
            self.dependentsByOwner[owner.uid]?.remove(node.uid)
            if self.dependentsByOwner[owner.uid]?.isEmpty == true { self.dependentsByOwner[owner.uid] = nil }
        }
        for owner in node.owners {
            self.dependentsByOwner[owner.uid, default: []].insert(node.uid)
        }
        changes.uids.insert(node.uid)
        changes.objects.insert(node)
        // Owners whose dependents changed re-check a waiting foreground deletion.
        for owner in Set((previous?.owners ?? []).map(\.uid)).union(node.owners.map(\.uid)) where self.nodes[owner] != nil {
            changes.uids.insert(owner)
        }
        // An owner that starts deleting (or whose deletion changes) has its dependents looked at.
        if previous == nil || previous?.beingDeleted != node.beingDeleted || (node.beingDeleted && previous?.finalizers != node.finalizers) {
            changes.uids.formUnion(self.dependentsByOwner[node.uid] ?? [])
        }
        if node.isNamespace {
            if node.beingDeleted {
                self.terminatingNamespaces.insert(node.name)
                changes.namespaces.insert(node.name)
            } else {
                self.terminatingNamespaces.remove(node.name)
            }
        } else if self.terminatingNamespaces.contains(node.namespace) {
            changes.namespaces.insert(node.namespace)
        }
        return changes
    }

    /// Forgets the object that was stored at `key`.
    mutating func remove(key: Data) -> Changes {
        var changes = Changes()
        guard let uid = self.uidByKey.removeValue(forKey: key), let node = self.nodes.removeValue(forKey: uid) else { return changes }
        changes.objects.insert(node)
        for owner in node.owners {
            self.dependentsByOwner[owner.uid]?.remove(uid)
            if self.dependentsByOwner[owner.uid]?.isEmpty == true { self.dependentsByOwner[owner.uid] = nil }
            if self.nodes[owner.uid] != nil { changes.uids.insert(owner.uid) }
        }
        // The dependents of a vanished owner are collected (their edges stay until they go).
        changes.uids.formUnion(self.dependentsByOwner[uid] ?? [])
        if node.isNamespace {
            self.terminatingNamespaces.remove(node.name)
        } else if self.terminatingNamespaces.contains(node.namespace) {
            changes.namespaces.insert(node.namespace)
        }
        return changes
    }

    /// Replaces the whole graph with a fresh listing (after a start or a compacted watch): what
    /// vanished counts as removed, what is listed as put.
    mutating func replaceAll(_ listed: [(key: Data, node: Node)]) -> Changes {
        var changes = Changes()
        let listedKeys = Set(listed.map(\.key))
        for key in self.uidByKey.keys where !listedKeys.contains(key) {
            changes.formUnion(self.remove(key: key))
        }
        for (key, node) in listed where self.nodes[node.uid] != node || self.uidByKey[key] != node.uid {
            changes.formUnion(self.put(key: key, node))
        }
        return changes
    }
}
