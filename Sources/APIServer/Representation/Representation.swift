/// The form a client asked for in its `Accept` header: the object itself, a `Table`, or
/// `PartialObjectMetadata` (a list asks for the `…List` forms the same way). ``ResponseFormat``
/// picks it together with the encoding, in the client's order (kubectl asks for a Table first and
/// falls back to JSON).
enum Representation: Equatable {
    case object
    case table
    case partialObjectMetadata

    /// The form one media range's parameters ask for (`as`, `g`, `v`), or `nil` for one Wharf
    /// does not serve.
    init?(parameters: [String: String]) {
        switch parameters["as"] {
        case nil:
            self = .object
        case "Table" where parameters["g"] == "meta.k8s.io" && (parameters["v"] == "v1" || parameters["v"] == "v1beta1"):
            self = .table
        case "PartialObjectMetadata", "PartialObjectMetadataList":
            guard parameters["g"] == "meta.k8s.io" else { return nil }
            self = .partialObjectMetadata
        default:
            return nil
        }
    }
}
