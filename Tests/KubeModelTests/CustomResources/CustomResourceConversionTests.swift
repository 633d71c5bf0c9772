import Foundation
import KubeModel
import Testing

/// `spec.conversion` as kube-apiserver validates and reads it: the `None` and `Webhook` strategies,
/// the webhook's client config and review versions.
@Suite struct CustomResourceConversionTests {
    /// A PEM certificate block, base64-encoded as `caBundle` is.
    private static let certificate = Data(
        "-----BEGIN CERTIFICATE-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END CERTIFICATE-----\n".utf8
    ).base64EncodedString()

    /// A valid CRD but for `conversion`.
    private static func definition(conversion: String) throws -> JSONValue {
        try JSONParser.parse(Array("""
            {"metadata": {"name": "widgets.example.com"}, "spec": {"group": "example.com", "scope": "Namespaced",
              "names": {"plural": "widgets", "kind": "Widget"},
              "versions": [
                {"name": "v1", "served": true, "storage": true, "schema": {"openAPIV3Schema": {"type": "object"}}},
                {"name": "v2", "served": true, "storage": false, "schema": {"openAPIV3Schema": {"type": "object"}}}],
              "conversion": \(conversion)}}
            """.utf8))
    }

    private static func problems(_ conversion: String) throws -> Set<String> {
        Set(CustomResourceDefinition.validationProblems(try Self.definition(conversion: conversion)).map { "\($0.field): \($0.message)" })
    }

    @Test(arguments: [
        #"{"strategy": "None"}"#,
        #"{"strategy": "Webhook", "webhook": {"conversionReviewVersions": ["v1"], "clientConfig": {"url": "https://convert.example.com/c"}}}"#,
        #"{"strategy": "Webhook", "webhook": {"conversionReviewVersions": ["v2", "v1beta1"], "clientConfig": {"service": {"namespace": "ns", "name": "svc", "path": "/convert", "port": 8443}}}}"#,
    ])
    func acceptsWhatKubernetesAccepts(conversion: String) throws {
        #expect(try Self.problems(conversion).isEmpty)
        _ = try CustomResourceDefinition(Self.definition(conversion: conversion))
    }

    @Test(arguments: [
        (#"{"strategy": "Webhook"}"#, [
            "spec.conversion.webhookClientConfig: Required value: required when strategy is set to Webhook",
            "spec.conversion.conversionReviewVersions: Required value",
        ]),
        (#"{"strategy": "Other"}"#, [#"spec.conversion.strategy: Unsupported value: "Other": supported values: "None", "Webhook""#]),
        (#"{"strategy": "None", "webhook": {"conversionReviewVersions": ["v1"], "clientConfig": {"url": "https://a.example.com"}}}"#, [
            "spec.conversion.webhookClientConfig: Forbidden: should not be set when strategy is not set to Webhook",
            "spec.conversion.conversionReviewVersions: Forbidden: should not be set when strategy is not set to Webhook",
        ]),
        (#"{"strategy": "Webhook", "webhook": {"conversionReviewVersions": ["v3", "v3"], "clientConfig": {"url": "http://a.example.com/c?x=1"}}}"#, [
            #"spec.conversion.webhookClientConfig.url: Invalid value: "http": 'https' is the only allowed URL scheme; desired format: https://host[/path]"#,
            #"spec.conversion.webhookClientConfig.url: Invalid value: "x=1": query parameters are not permitted in the URL"#,
            #"spec.conversion.conversionReviewVersions[1]: Invalid value: "v3": duplicate version"#,
            #"spec.conversion.conversionReviewVersions: Invalid value: []string{"v3", "v3"}: must include at least one of v1, v1beta1"#,
        ]),
        (#"{"strategy": "Webhook", "webhook": {"conversionReviewVersions": ["v1"], "clientConfig": {"url": "https://a.example.com", "service": {"namespace": "ns", "name": "svc"}}}}"#, [
            "spec.conversion.webhookClientConfig: Required value: exactly one of url or service is required",
        ]),
        (#"{"strategy": "Webhook", "webhook": {"conversionReviewVersions": ["v1"], "clientConfig": {"service": {"path": "convert", "port": 0}, "caBundle": "bm90IGEgY2VydGlmaWNhdGU="}}}"#, [
            "spec.conversion.webhookClientConfig.service.name: Required value: service name is required",
            "spec.conversion.webhookClientConfig.service.namespace: Required value: service namespace is required",
            "spec.conversion.webhookClientConfig.service.port: Invalid value: 0: port is not valid: must be between 1 and 65535, inclusive",
            #"spec.conversion.webhookClientConfig.service.path: Invalid value: "convert": must start with a '/'"#,
            #"spec.conversion.webhookClientConfig.caBundle: Invalid value: "bm90IGEgY2VydGlmaWNhdGU=": data does not contain any valid RSA or ECDSA certificates"#,
        ]),
    ])
    func refusesWhatKubernetesRefuses(conversion: String, expected: [String]) throws {
        #expect(try Self.problems(conversion) == Set(expected))
        let error = try #require(throws: StatusError.self) { try CustomResourceDefinition(Self.definition(conversion: conversion)) }
        #expect(error.code == 422)
    }

    @Test func readsTheWebhookIntoEachServedVersion() throws {
        let crd = try CustomResourceDefinition(Self.definition(conversion: """
            {"strategy": "Webhook", "webhook": {"conversionReviewVersions": ["v9", "v1beta1", "v1"],
              "clientConfig": {"service": {"namespace": "tools", "name": "converter", "path": "/convert"}}}}
            """))
        let webhook = try #require(crd.resourceDefinitions().last?.customResource?.conversionWebhook)
        #expect(webhook.reviewVersion == "v1beta1")
        #expect(webhook.clientConfig.target == "https://converter.tools.svc:443/convert")
        let none = try CustomResourceDefinition(Self.definition(conversion: #"{"strategy": "None"}"#))
        #expect(none.resourceDefinitions().allSatisfy { $0.customResource?.conversionWebhook == nil })
    }

    @Test func caBundlesMustHoldACertificate() throws {
        let config = WebhookClientConfig(try JSONParser.parse(Array(#"{"url": "https://a.example.com", "caBundle": "\#(Self.certificate)"}"#.utf8)))
        #expect(config.problems(at: "clientConfig").isEmpty)
        #expect(String(decoding: config.caBundle, as: UTF8.self).hasPrefix("-----BEGIN CERTIFICATE-----"))
    }
}
