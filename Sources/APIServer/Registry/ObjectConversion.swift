import KubeModel

/// How the objects of one resource change version: Kubernetes' conversions for built-in kinds,
/// and for custom resources their CRD's `spec.conversion.strategy`: `None` changes `apiVersion`
/// only, `Webhook` asks the CRD's conversion webhook. Only the webhook suspends.
enum ObjectConversion: Sendable {
    /// Kubernetes' conversions between built-in versions that share a storage location.
    case builtin(VersionConversions)
    /// A CRD's `None` strategy.
    case apiVersionOnly
    /// A CRD's `Webhook` strategy.
    case webhook(ConversionWebhook)

    /// The conversion of `definition`'s objects.
    init(_ definition: ResourceDefinition, conversions: VersionConversions) {
        if let custom = definition.customResource {
            self = custom.conversionWebhook.map { .webhook(ConversionWebhook(webhook: $0)) } ?? .apiVersionOnly
        } else {
            self = .builtin(conversions)
        }
    }

    /// `objects`, none of `kind`'s version, as `kind`'s version, in one batch (one webhook call).
    func convert(_ objects: [JSONValue], to kind: GroupVersionKind) async throws(StatusError) -> [JSONValue] {
        switch self {
        case .builtin(let conversions):
            return objects.map { conversions.convert($0, to: kind) }
        case .apiVersionOnly:
            let apiVersion = kind.groupVersion.apiVersion
            return objects.map { object in
                var converted = object
                converted.apiVersion = apiVersion
                return converted
            }
        case .webhook(let webhook):
            return try await webhook.convert(objects, to: kind.groupVersion)
        }
    }
}
