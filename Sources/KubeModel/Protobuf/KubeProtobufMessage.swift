/// One message of the schema: its fields in Go declaration order, which is the order Go's JSON
/// writes them in.
struct KubeProtobufMessage: Sendable {
    /// The fully qualified proto name, e.g. `k8s.io.api.core.v1.Pod`.
    var name: String
    var fields: [KubeProtobufField] = []
    /// The same fields by number, the order gogo writes them in.
    var fieldsInWireOrder: [KubeProtobufField] = []
    /// A kind: the Go struct embeds `TypeMeta`, so objects of it travel on their own.
    var isKind = false
    /// A Go slice type (such as `ExtraValue`) whose JSON is the array of its single `items` field.
    var isList = false
    /// Set for the messages whose JSON is not the object of their fields.
    var customJSON: KubeProtobufCustomJSON?
}
