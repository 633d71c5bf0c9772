/// The messages whose Go types write their own JSON (`MarshalJSON`), so their JSON is not the
/// object of their fields.
enum KubeProtobufCustomJSON: Sendable {
    /// meta/v1 `Time`: `null` when zero, else RFC 3339 in UTC to the second.
    case time
    /// meta/v1 `MicroTime`: like `time` with six fraction digits.
    case microTime
    /// meta/v1 `FieldsV1` and runtime `RawExtension`: their `raw` bytes hold JSON (or, for a
    /// `RawExtension`, possibly a protobuf object).
    case rawJSON
    /// api/resource `Quantity` (and `QuantityValue`): the string of field 1.
    case quantity
    /// util/intstr `IntOrString`: a number or a string, by field 1.
    case intOrString

    /// The custom form of the message with this fully qualified name, if it has one.
    init?(messageName: String) {
        switch messageName {
        case "k8s.io.apimachinery.pkg.apis.meta.v1.Time": self = .time
        case "k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime": self = .microTime
        case "k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1", "k8s.io.apimachinery.pkg.runtime.RawExtension":
            self = .rawJSON
        case "k8s.io.apimachinery.pkg.api.resource.Quantity", "k8s.io.apimachinery.pkg.api.resource.QuantityValue":
            self = .quantity
        case "k8s.io.apimachinery.pkg.util.intstr.IntOrString": self = .intOrString
        default: return nil
        }
    }
}
