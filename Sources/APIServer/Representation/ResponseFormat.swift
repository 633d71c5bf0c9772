import Foundation
import KubeModel

/// How a response is written: its ``Representation``, in JSON or in Kubernetes' protobuf,
/// negotiated from the `Accept` header as kube-apiserver negotiates it.
///
/// Media ranges are tried by `q` (highest first, `q=0` never), then in the client's order.
/// `application/json`, `application/*` and `*/*` mean JSON; `application/vnd.kubernetes.protobuf`
/// means protobuf where the object has a protobuf form. Tables have none; `PartialObjectMetadata`
/// always has one.
struct ResponseFormat: Equatable {
    var representation: Representation
    /// Kubernetes' protobuf (`application/vnd.kubernetes.protobuf`) rather than JSON.
    var isProtobuf: Bool

    /// The plain object in JSON: what an empty or unmatched `Accept` gets.
    static let json = ResponseFormat(representation: .object, isProtobuf: false)
}

extension ResponseFormat {
    /// The most preferred acceptable format, or `nil` when the client accepts protobuf only and
    /// the object has no protobuf form (kube-apiserver answers `406 Not Acceptable`).
    ///
    /// - Parameters:
    ///   - accept: The `Accept` header (several headers joined with commas).
    ///   - protobuf: Whether the served kind has a protobuf form (built-in kinds do, custom
    ///     resources do not).
    init?(accept: String, protobuf: Bool) {
        if accept.isEmpty || accept == "application/json" || accept == "*/*" {
            self = .json
            return
        }
        var refusedProtobuf = false
        for range in Self.mediaRanges(accept) {
            guard let representation = Representation(parameters: range.parameters) else { continue }
            switch range.type {
            case "application/json", "application/*", "*/*":
                self.init(representation: representation, isProtobuf: false)
                return
            case KubeProtobuf.contentType where representation != .table:
                guard protobuf || representation == .partialObjectMetadata else {
                    refusedProtobuf = true
                    continue
                }
                self.init(representation: representation, isProtobuf: true)
                return
            default:
                continue
            }
        }
        if refusedProtobuf { return nil }
        self = .json
    }

    /// The media ranges of an `Accept` header, most preferred first, without those of `q=0`.
    private static func mediaRanges(_ accept: String) -> [(type: String, parameters: [String: String])] {
        var ranges: [(type: String, parameters: [String: String], quality: Double)] = []
        for mediaRange in accept.split(separator: ",") {
            let parts = mediaRange.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let type = parts.first?.lowercased(), !type.isEmpty else { continue }
            var parameters: [String: String] = [:]
            for part in parts.dropFirst() {
                let pair = part.split(separator: "=", maxSplits: 1)
                guard pair.count == 2 else { continue }
                let name = pair[0].lowercased()
                if parameters[name] == nil { parameters[name] = String(pair[1]) }
            }
            let quality = parameters.removeValue(forKey: "q").flatMap(Double.init) ?? 1
            if quality > 0 { ranges.append((type, parameters, quality)) }
        }
        // Sorting by (quality, position) keeps equal qualities in the client's order.
        let order = ranges.indices.sorted { (-ranges[$0].quality, $0) < (-ranges[$1].quality, $1) }
        return order.map { (ranges[$0].type, ranges[$0].parameters) }
    }
}
