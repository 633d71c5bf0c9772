/// How Go's `encoding/json` writes one struct field.
enum GoField {
    /// No `omitempty`: written even when unset, as this zero value.
    case always(JSONValue)
    /// An `omitempty` string, number or boolean.
    case scalar
    /// An `omitempty` pointer.
    case pointer
    /// An `omitempty` slice or map.
    case collection
}
