import Foundation

/// The form a client asked for in its `Accept` header: the object itself, a `Table`, or
/// `PartialObjectMetadata` (a list asks for the `…List` forms the same way).
enum Representation: Equatable {
    case object
    case table
    case partialObjectMetadata

    /// Picks the first acceptable form, in the client's order (kubectl asks for a Table first and
    /// falls back to JSON).
    init(accept: String) {
        if accept.isEmpty || accept == "application/json" || accept == "*/*" {
            self = .object
            return
        }
        for mediaType in accept.split(separator: ",") {
            let parameters = mediaType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let type = parameters.first, type == "application/json" || type == "*/*" || type == "application/*" else {
                continue
            }
            let values = Dictionary(
                parameters.dropFirst().compactMap { parameter -> (String, String)? in
                    let pair = parameter.split(separator: "=", maxSplits: 1)
                    return pair.count == 2 ? (String(pair[0]), String(pair[1])) : nil
                },
                uniquingKeysWith: { first, _ in first }
            )
            switch values["as"] {
            case nil:
                self = .object
                return
            case "Table" where values["g"] == "meta.k8s.io" && (values["v"] == "v1" || values["v"] == "v1beta1"):
                self = .table
                return
            case "PartialObjectMetadata", "PartialObjectMetadataList":
                if values["g"] == "meta.k8s.io" {
                    self = .partialObjectMetadata
                    return
                }
            default:
                continue
            }
        }
        self = .object
    }
}
