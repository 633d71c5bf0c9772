/// One field of a message, with the wire facts of its `.proto` and the JSON facts of its Go struct
/// field.
struct KubeProtobufField: Sendable {
    /// The protobuf field number.
    var number: Int
    /// The member name in JSON (for an inline field, the proto name; it is not written).
    var jsonName: String
    var type: KubeProtobufFieldType
    /// A `repeated` field (a Go slice). Maps are not flagged; their type says so.
    var isRepeated = false
    /// The Go tag says `omitempty`.
    var omitsEmpty = false
    /// A Go pointer: set exactly when present on the wire, and then written even when zero.
    var isPointer = false
    /// An embedded Go struct tagged `json:",inline"`: its members are written into the parent.
    var isInline = false
}
