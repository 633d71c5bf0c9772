/// A CRD's conversion webhook (`spec.conversion.webhook` under the `Webhook` strategy): where the
/// API server sends `ConversionReview`s, and which review versions the webhook understands.
public struct CustomResourceConversionWebhook: Sendable, Equatable {
    /// `clientConfig`.
    public var clientConfig: WebhookClientConfig
    /// `conversionReviewVersions`, in the webhook's order of preference.
    public var conversionReviewVersions: [String]

    /// The `ConversionReview` versions this server sends: kube-apiserver's.
    public static let supportedReviewVersions = ["v1", "v1beta1"]

    /// The webhook of a CRD's `spec.conversion`, or `nil` under the `None` strategy.
    public init?(conversion: JSONValue?) {
        guard let conversion, conversion["strategy"]?.stringValue == "Webhook", let webhook = conversion["webhook"],
              let clientConfig = webhook["clientConfig"]
        else { return nil }
        self.clientConfig = WebhookClientConfig(clientConfig)
        self.conversionReviewVersions = (webhook["conversionReviewVersions"]?.arrayValue ?? []).compactMap(\.stringValue)
    }

    /// The review version to send: the webhook's first that this server supports.
    public var reviewVersion: String? {
        self.conversionReviewVersions.first(where: Self.supportedReviewVersions.contains)
    }
}
