import Foundation
import KubeModel

/// A CRD's conversion webhook (the `Webhook` strategy), called as kube-apiserver calls it: one
/// `ConversionReview` per batch of objects (a whole list page, one watch event, one object) sent
/// with ``WebhookClient``, its answer checked (the request's `uid`, `Success`, one converted object
/// per object sent, each of the desired version and kind, with name, namespace and UID unchanged)
/// and each converted object given back its original metadata but for labels and annotations.
///
/// Failures are kube-apiserver's `500` whose message starts `conversion webhook for <group>/<version>,
/// Kind=<kind> failed: …`.
struct ConversionWebhook: Sendable {
    /// The CRD's `spec.conversion.webhook`.
    let webhook: CustomResourceConversionWebhook

    /// kube-apiserver's timeout for a conversion webhook call.
    static let timeout: Duration = .seconds(30)

    /// `objects`, each of some version of the resource and none of `version`, as `version`'s objects.
    func convert(_ objects: [JSONValue], to version: GroupVersion) async throws(StatusError) -> [JSONValue] {
        guard let first = objects.first else { return [] }
        let source = "\(first.apiVersion ?? ""), Kind=\(first.kind ?? "")"
        let failed = { (detail: String) in StatusError(code: 500, reason: "", message: "conversion webhook for \(source) \(detail)") }
        guard let target = self.webhook.clientConfig.target, let reviewVersion = self.webhook.reviewVersion else {
            throw failed("failed: the CRD names no webhook this server can call")
        }
        let uid = UUID().uuidString.lowercased()
        let review: JSONValue = [
            "apiVersion": .string("apiextensions.k8s.io/\(reviewVersion)"), "kind": "ConversionReview",
            "request": ["uid": .string(uid), "desiredAPIVersion": .string(version.apiVersion), "objects": .array(objects)],
        ]
        // kube-apiserver's REST client tells the webhook its timeout in the query.
        let url = "\(target)?timeout=\(Self.timeout.components.seconds)s"
        let converted: [JSONValue]
        do {
            let body = try await WebhookClient.post(
                review.serialized(), to: url, caBundle: self.webhook.clientConfig.caBundle, timeout: Self.timeout
            )
            converted = try Self.convertedObjects(body, uid: uid)
        } catch let failure as ResponseFailure {
            throw failed("failed: \(failure.detail)")
        } catch {
            throw failed("failed: Post \"\(url)\": \(error)")
        }
        guard converted.count == objects.count else {
            throw failed("returned \(converted.count) objects, expected \(objects.count)")
        }
        var results: [JSONValue] = []
        results.reserveCapacity(objects.count)
        for (index, original) in objects.enumerated() {
            do {
                results.append(try Self.checked(converted[index], original: original, version: version))
            } catch {
                throw failed("returned invalid converted object at index \(index): \(error.detail)")
            }
        }
        return results
    }

    /// Why a response is refused, worded as kube-apiserver words it.
    struct ResponseFailure: Error {
        let detail: String
    }

    /// The `convertedObjects` of a review response, when it answers `uid` with success.
    static func convertedObjects(_ body: [UInt8], uid: String) throws(ResponseFailure) -> [JSONValue] {
        let review: JSONValue
        do {
            review = try JSONParser.parse(body)
        } catch {
            throw ResponseFailure(detail: "the response is not JSON: \(error)")
        }
        guard let response = review["response"] else {
            throw ResponseFailure(detail: "no response provided")
        }
        let answered = response["uid"]?.stringValue ?? ""
        guard answered == uid else {
            throw ResponseFailure(detail: "expected response.uid=\"\(uid)\", got \"\(answered)\"")
        }
        let result = response["result"] ?? .null
        let status = result["status"]?.stringValue ?? ""
        guard status == "Success" else {
            let message = result["message"]?.stringValue ?? ""
            throw ResponseFailure(detail: message.isEmpty ? "response.result.status was '\(status)', not 'Success'" : message)
        }
        return response["convertedObjects"]?.arrayValue ?? []
    }

    /// A converted object checked against the one sent, with the original's metadata but for the
    /// converted labels and annotations.
    static func checked(_ converted: JSONValue, original: JSONValue, version: GroupVersion) throws(ResponseFailure)
        -> JSONValue
    {
        let received: String = converted.apiVersion ?? ""
        guard received == version.apiVersion else {
            throw ResponseFailure(detail: "invalid groupVersion (expected \(version.apiVersion), received \(received))")
        }
        let kind: String = converted.kind ?? ""
        let expectedKind: String = original.kind ?? ""
        guard kind == expectedKind else {
            throw ResponseFailure(detail: "invalid kind (expected \(expectedKind), received \(kind))")
        }
        for field in ["name", "namespace", "uid"] {
            let before = original.metadataString(field)
            let after = converted.metadataString(field)
            if before != after {
                let name = field == "uid" ? "UID" : field
                throw ResponseFailure(detail: "must have the same \(name): \(before) != \(after)")
            }
        }
        guard case .object(let convertedMetadata)? = converted["metadata"] else {
            throw ResponseFailure(detail: "missing metadata in converted object")
        }
        var metadata = original["metadata"]?.objectValue ?? JSONObject()
        for field in ["labels", "annotations"] {
            let value: JSONValue? = convertedMetadata[field]
            if let value, case .object(let map) = value {
                guard map.allSatisfy({ $0.value.stringValue != nil }) else {
                    throw ResponseFailure(detail: "metadata.\(field) must hold strings only in converted object")
                }
                metadata[field] = value
            } else {
                metadata[field] = nil
            }
        }
        var result = converted
        result["metadata"] = .object(metadata)
        return result
    }
}
