/// A CustomResourceDefinition (apiextensions.k8s.io/v1) read into what the API server needs to
/// serve its resource: names, scope and, per version, the schema, subresources and printer columns.
///
/// ```swift
/// let crd = try CustomResourceDefinition(object)          // 422 causes when the CRD is invalid
/// let served = crd.resourceDefinitions()                  // one ResourceDefinition per served version
/// ```
public struct CustomResourceDefinition: Sendable, Equatable {
    /// The names a CRD gives its resource (`spec.names`), with kube-apiserver's defaults filled in.
    public struct Names: Sendable, Equatable {
        public var plural: String
        public var singular: String
        public var kind: String
        public var listKind: String
        public var shortNames: [String]
        public var categories: [String]

        /// The names as a CRD's `status.acceptedNames`.
        public var json: JSONValue {
            var object: JSONObject = [
                "plural": .string(self.plural), "singular": .string(self.singular), "kind": .string(self.kind),
                "listKind": .string(self.listKind),
            ]
            if !self.shortNames.isEmpty { object["shortNames"] = .array(self.shortNames.map(JSONValue.string)) }
            if !self.categories.isEmpty { object["categories"] = .array(self.categories.map(JSONValue.string)) }
            return .object(object)
        }
    }

    /// One entry of `spec.versions`.
    public struct Version: Sendable, Equatable {
        public var name: String
        public var served: Bool
        public var storage: Bool
        public var schema: CustomResourceSchema?
        public var hasStatus: Bool
        public var scale: CustomResourceScale?
        public var printerColumns: [CustomResourceColumn]
    }

    /// `metadata.name`: `<plural>.<group>`.
    public var name: String
    /// `spec.group`.
    public var group: String
    /// `spec.names`, defaulted.
    public var names: Names
    /// Whether `spec.scope` is `Namespaced`.
    public var namespaced: Bool
    /// `spec.versions`, in the CRD's order.
    public var versions: [Version]
    /// `spec.conversion.webhook` under the `Webhook` strategy; `nil` under `None`.
    public var conversionWebhook: CustomResourceConversionWebhook?

    /// The version objects are stored in (the one marked `storage`).
    public var storageVersion: String {
        self.versions.first(where: \.storage)?.name ?? self.versions.first?.name ?? ""
    }

    /// The kind of a CRD.
    public static let kind = GroupVersionKind(group: "apiextensions.k8s.io", version: "v1", kind: "CustomResourceDefinition")

    /// The finalizer kube-apiserver puts on an established CRD; removed once its objects are gone.
    public static let cleanupFinalizer = "customresourcecleanup.apiextensions.k8s.io"

    /// Reads a CRD object, refusing one kube-apiserver would refuse with its causes (`422`).
    public init(_ object: JSONValue) throws(StatusError) {
        let spec = object["spec"] ?? .null
        let names = spec["names"] ?? .null
        let kind = names["kind"]?.stringValue ?? ""
        self.name = object.name
        self.group = spec["group"]?.stringValue ?? ""
        self.names = Names(
            plural: names["plural"]?.stringValue ?? "",
            singular: names["singular"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? kind.lowercased(),
            kind: kind,
            listKind: names["listKind"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? "\(kind)List",
            shortNames: (names["shortNames"]?.arrayValue ?? []).compactMap(\.stringValue),
            categories: (names["categories"]?.arrayValue ?? []).compactMap(\.stringValue)
        )
        self.namespaced = spec["scope"]?.stringValue == "Namespaced"
        self.versions = (spec["versions"]?.arrayValue ?? []).map(Self.version)
        self.conversionWebhook = CustomResourceConversionWebhook(conversion: spec["conversion"])
        let problems = Self.validationProblems(object)
        guard problems.isEmpty else {
            throw .invalid(kind: Self.kind, name: object.name, causes: problems)
        }
    }

    private static func version(_ entry: JSONValue) -> Version {
        let subresources = entry["subresources"] ?? .null
        let scale = subresources["scale"].flatMap { scale -> CustomResourceScale? in
            guard let spec = scale["specReplicasPath"]?.stringValue, let status = scale["statusReplicasPath"]?.stringValue else {
                return nil
            }
            return CustomResourceScale(
                specReplicasPath: spec, statusReplicasPath: status, labelSelectorPath: scale["labelSelectorPath"]?.stringValue
            )
        }
        return Version(
            name: entry["name"]?.stringValue ?? "",
            served: entry["served"]?.boolValue ?? false,
            storage: entry["storage"]?.boolValue ?? false,
            schema: entry["schema"]?["openAPIV3Schema"].map(CustomResourceSchema.init),
            hasStatus: subresources["status"] != nil,
            scale: scale,
            printerColumns: (entry["additionalPrinterColumns"]?.arrayValue ?? []).map(CustomResourceColumn.init)
        )
    }

    /// Where objects of this resource live under the store prefix: `<group>/<plural>`, as in
    /// kube-apiserver.
    public var storagePath: String { "\(self.group)/\(self.names.plural)" }

    /// The resources this CRD serves: one definition per served version.
    public func resourceDefinitions() -> [ResourceDefinition] {
        self.versions.filter(\.served).map { version in
            var subresources: [String] = []
            if version.hasStatus { subresources.append("status") }
            if version.scale != nil { subresources.append("scale") }
            var definition = ResourceDefinition(
                resource: GroupVersionResource(group: self.group, version: version.name, resource: self.names.plural),
                kind: self.names.kind, singularName: self.names.singular, namespaced: self.namespaced,
                shortNames: self.names.shortNames, categories: self.names.categories, subresources: subresources,
                storagePath: self.storagePath
            )
            definition.customResource = CustomResourceVersion(
                definitionName: self.name, storageVersion: self.storageVersion,
                versionCount: self.versions.count, conversionWebhook: self.conversionWebhook, schema: version.schema,
                scale: version.scale, printerColumns: version.printerColumns
            )
            return definition
        }
    }
}

/// What a custom resource's definition adds to a served version (``ResourceDefinition/customResource``).
public struct CustomResourceVersion: Sendable, Hashable {
    /// The CRD's name (`<plural>.<group>`).
    public var definitionName: String
    /// The version objects are stored in.
    public var storageVersion: String
    /// How many versions the CRD has, served or not.
    public var versionCount: Int
    /// Where objects convert between versions (the `Webhook` strategy); `nil` converts by changing
    /// `apiVersion` only (`None`).
    public var conversionWebhook: CustomResourceConversionWebhook?
    /// The version's schema; `nil` keeps whatever a client sends.
    public var schema: CustomResourceSchema?
    /// The `scale` subresource's paths, if it has one.
    public var scale: CustomResourceScale?
    /// `additionalPrinterColumns`.
    public var printerColumns: [CustomResourceColumn]

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.definitionName == rhs.definitionName && lhs.storageVersion == rhs.storageVersion
            && lhs.versionCount == rhs.versionCount && lhs.conversionWebhook == rhs.conversionWebhook && lhs.schema == rhs.schema && lhs.scale == rhs.scale
            && lhs.printerColumns == rhs.printerColumns
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.definitionName)
        hasher.combine(self.storageVersion)
    }
}

/// The JSON paths of a custom resource's `scale` subresource.
public struct CustomResourceScale: Sendable, Equatable {
    /// Where the desired replicas are (`.spec.replicas`).
    public var specReplicasPath: String
    /// Where the observed replicas are (`.status.replicas`).
    public var statusReplicasPath: String
    /// Where the selector string is, if anywhere.
    public var labelSelectorPath: String?
}
