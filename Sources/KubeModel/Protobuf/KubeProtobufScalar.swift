/// A protobuf scalar type, spelled as in `.proto` files and in ``KubeProtobufSchema/text``.
enum KubeProtobufScalar: String, Sendable {
    case string, bytes, bool
    case int32, int64, uint32, uint64, sint32, sint64
    case fixed32, fixed64, sfixed32, sfixed64
    case float, double
}
