import Foundation
import NIOHTTP1
import KubeModel

/// Content negotiation for aggregated discovery: kubectl 1.27+ asks `/api` and `/apis` for an
/// `APIGroupDiscoveryList` (apidiscovery.k8s.io v2, or v2beta1 before 1.30) and falls back to the
/// legacy documents when the answer is not one.
enum AggregatedDiscovery {
    /// The apidiscovery version the `Accept` header asks for first, if any.
    static func requestedVersion(accept: String) -> String? {
        for mediaType in accept.split(separator: ",") {
            let parameters = mediaType.split(separator: ";").map { String($0).trimmingCharacters(in: .whitespaces) }
            guard parameters.contains("g=apidiscovery.k8s.io"), parameters.contains("as=APIGroupDiscoveryList") else {
                if parameters.first == "application/json" && parameters.count == 1 { return nil }
                continue
            }
            if parameters.contains("v=v2") { return "apidiscovery.k8s.io/v2" }
            if parameters.contains("v=v2beta1") { return "apidiscovery.k8s.io/v2beta1" }
        }
        return nil
    }

    /// The response with the content type clients check to know they got the aggregated form.
    static func response(_ document: JSONValue, version: String) -> APIResponse {
        let shortVersion = version.split(separator: "/").last.map(String.init) ?? "v2"
        return APIResponse(
            status: .ok,
            headers: [
                "Content-Type": "application/json;g=apidiscovery.k8s.io;v=\(shortVersion);as=APIGroupDiscoveryList",
                "Vary": "Accept",
            ],
            body: .bytes(document.serialized())
        )
    }
}
