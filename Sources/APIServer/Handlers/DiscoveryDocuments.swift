import KubeModel

/// The discovery documents of a resource catalog: legacy (`APIVersions`, `APIGroupList`, `APIGroup`,
/// `APIResourceList`) and aggregated (`APIGroupDiscoveryList`, apidiscovery.k8s.io v2 and v2beta1).
struct DiscoveryDocuments {
    let served: ServedResources

    private var catalog: ResourceCatalog { self.served.catalog }

    /// `/api`.
    func coreVersions(serverAddress: String) -> JSONValue {
        [
            "kind": "APIVersions",
            "versions": .array(self.catalog.groupVersions.filter { $0.group.isEmpty }.map { .string($0.version) }),
            "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": .string(serverAddress)]],
        ]
    }

    /// `/apis`.
    func groupList() -> JSONValue {
        ["kind": "APIGroupList", "apiVersion": "v1", "groups": .array(self.catalog.groups.map(Self.group))]
    }

    /// `/apis/<group>`, or `nil` when the group is not served.
    func group(_ name: String) -> JSONValue? {
        guard let group = self.catalog.groups.first(where: { $0.name == name }) else { return nil }
        var document = Self.group(group)
        document["kind"] = "APIGroup"
        document["apiVersion"] = "v1"
        return document
    }

    private static func group(_ group: (name: String, versions: [String])) -> JSONValue {
        let versions: [JSONValue] = group.versions.map {
            ["groupVersion": .string("\(group.name)/\($0)"), "version": .string($0)]
        }
        return ["name": .string(group.name), "versions": .array(versions), "preferredVersion": versions.first ?? nil]
    }

    /// `/api/v1` or `/apis/<group>/<version>`, or `nil` when not served.
    func resourceList(_ groupVersion: GroupVersion) -> JSONValue? {
        let definitions = self.catalog.definitions(in: groupVersion)
        guard !definitions.isEmpty else { return nil }
        var resources: [JSONValue] = []
        for definition in definitions {
            var resource: JSONObject = [
                "name": .string(definition.resource.resource),
                "singularName": .string(definition.singularName),
                "namespaced": .bool(definition.namespaced),
                "kind": .string(definition.kind),
                "verbs": .array(definition.verbs.map(JSONValue.string)),
            ]
            if !definition.shortNames.isEmpty { resource["shortNames"] = .array(definition.shortNames.map(JSONValue.string)) }
            if !definition.categories.isEmpty { resource["categories"] = .array(definition.categories.map(JSONValue.string)) }
            resources.append(.object(resource))
            for subresource in definition.subresources {
                let kind = subresource == "scale" ? "Scale" : definition.kind
                var entry: JSONObject = [
                    "name": .string("\(definition.resource.resource)/\(subresource)"),
                    "singularName": "",
                    "namespaced": .bool(definition.namespaced),
                    "kind": .string(kind),
                    "verbs": .array(ResourceDefinition.subresourceVerbs(subresource).map(JSONValue.string)),
                ]
                if subresource == "scale" {
                    entry["group"] = "autoscaling"
                    entry["version"] = "v1"
                }
                resources.append(.object(entry))
            }
        }
        return [
            "kind": "APIResourceList", "apiVersion": "v1", "groupVersion": .string(groupVersion.apiVersion),
            "resources": .array(resources),
        ]
    }

    /// The aggregated document for `/api` (core group only) or `/apis` (every other group).
    ///
    /// - Parameter apiVersion: `apidiscovery.k8s.io/v2` or `apidiscovery.k8s.io/v2beta1`.
    func aggregated(core: Bool, apiVersion: String) -> JSONValue {
        var items: [JSONValue] = []
        if core {
            items.append(self.aggregatedGroup(name: "", versions: ["v1"]))
        } else {
            for group in self.catalog.groups {
                items.append(self.aggregatedGroup(name: group.name, versions: group.versions))
            }
        }
        return ["kind": "APIGroupDiscoveryList", "apiVersion": .string(apiVersion), "metadata": [:], "items": .array(items)]
    }

    private func aggregatedGroup(name: String, versions: [String]) -> JSONValue {
        let versionDocuments: [JSONValue] = versions.map { version in
            let groupVersion = GroupVersion(group: name, version: version)
            let resources: [JSONValue] = self.catalog.definitions(in: groupVersion).map { definition in
                var resource: JSONObject = [
                    "resource": .string(definition.resource.resource),
                    "responseKind": ["group": .string(name), "version": .string(version), "kind": .string(definition.kind)],
                    "scope": definition.namespaced ? "Namespaced" : "Cluster",
                    "singularResource": .string(definition.singularName),
                    "verbs": .array(definition.verbs.map(JSONValue.string)),
                ]
                if !definition.shortNames.isEmpty { resource["shortNames"] = .array(definition.shortNames.map(JSONValue.string)) }
                if !definition.categories.isEmpty { resource["categories"] = .array(definition.categories.map(JSONValue.string)) }
                if !definition.subresources.isEmpty {
                    resource["subresources"] = .array(definition.subresources.map { subresource in
                        let kind: JSONValue = subresource == "scale"
                            ? ["group": "autoscaling", "version": "v1", "kind": "Scale"]
                            : ["group": .string(name), "version": .string(version), "kind": .string(definition.kind)]
                        let verbs = ResourceDefinition.subresourceVerbs(subresource).map(JSONValue.string)
                        return ["subresource": .string(subresource), "responseKind": kind, "verbs": .array(verbs)]
                    })
                }
                return .object(resource)
            }
            return ["version": .string(version), "resources": .array(resources), "freshness": "Current"]
        }
        var metadata = JSONObject()
        if !name.isEmpty { metadata["name"] = .string(name) }
        return ["metadata": .object(metadata), "versions": .array(versionDocuments)]
    }
}
