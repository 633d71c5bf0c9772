/// Reads Kubernetes' protobuf encoding (`application/vnd.kubernetes.protobuf`), which kubectl 1.32
/// and later send for typed requests such as `kubectl create configmap`.
///
/// ``decodeObject(_:)`` turns a body into the same ``JSONValue`` the JSON body of an older kubectl
/// parses to, for every built-in type of the stable API groups (core/v1, apps/v1, batch/v1, …) and
/// the meta/v1 kinds. Fields follow Go's `encoding/json` rules for the Go types (which come from the
/// descriptors and type information in a kubectl binary, see `scripts/generate-kube-protobuf.py`):
/// a field absent from the wire holds its Go zero value, `omitempty` fields are left out when empty,
/// pointer fields are written whenever present, even when zero.
///
/// ```swift
/// if contentType == KubeProtobuf.contentType {
///     let object = try KubeProtobuf.decodeObject(body)
///     print(object["metadata"]?["name"] ?? nil)
/// }
/// ```
public enum KubeProtobuf {
    /// The media type of Kubernetes' protobuf encoding.
    public static let contentType = "application/vnd.kubernetes.protobuf"

    /// The deepest nesting of messages accepted; an object inside a `RawExtension` nests further.
    public static let maximumDepth = 100

    /// Decodes one object: the magic `k8s\0`, then a `runtime.Unknown` envelope naming the
    /// `apiVersion` and `kind`, whose `raw` bytes are the object's message.
    ///
    /// The result has `kind` and `apiVersion` first, then the fields in Go declaration order (the
    /// order Go's JSON writes them in); map keys are sorted.
    ///
    /// - Parameter bytes: A request body.
    /// - Returns: The object as JSON.
    /// - Throws: ``KubeProtobufError`` for a body that is not protobuf, an unknown kind, or a
    ///   truncated or malformed field; never traps.
    public static func decodeObject(_ bytes: some Collection<UInt8>) throws(KubeProtobufError) -> JSONValue {
        let decoder = KubeProtobufDecoder(schema: .builtin, bytes: Array(bytes))
        return try decoder.object(in: decoder.bytes.indices, depth: 0)
    }
}
