/// Reads and writes Kubernetes' protobuf encoding (`application/vnd.kubernetes.protobuf`), which
/// kubectl 1.32 and later send for typed requests such as `kubectl create configmap`, and which
/// clients such as client-go's protobuf clients ask for in responses.
///
/// ``decodeObject(_:)`` turns a body into the same ``JSONValue`` the JSON body of an older kubectl
/// parses to, for every built-in type of the stable API groups (core/v1, apps/v1, batch/v1, …) and
/// the meta/v1 kinds. Fields follow Go's `encoding/json` rules for the Go types (which come from the
/// descriptors and type information in a kubectl binary, see `scripts/generate-kube-protobuf.py`):
/// a field absent from the wire holds its Go zero value, `omitempty` fields are left out when empty,
/// pointer fields are written whenever present, even when zero.
///
/// ``encodeObject(_:)`` is its inverse: it writes the bytes kube-apiserver writes for the object
/// Go reads from the JSON, and ``encodeWatchEvent(type:object:)`` writes one frame of a watch.
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

    /// The media type of a watch stream in protobuf: length-prefixed `WatchEvent` frames.
    public static let watchContentType = "application/vnd.kubernetes.protobuf;stream=watch"

    /// The bytes every object starts with: `k8s\0`.
    static let magic: [UInt8] = [0x6B, 0x38, 0x73, 0x00]

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

    /// Whether objects of `kind` in `apiVersion` have a protobuf form: the kinds of the stable
    /// built-in groups and of meta/v1 (`Status`, `PartialObjectMetadata`, …).
    public static func canEncode(apiVersion: String, kind: String) -> Bool {
        KubeProtobufSchema.builtin.kind(apiVersion: apiVersion, kind: kind) != nil
    }

    /// Encodes one object (or list) whose `apiVersion` and `kind` name a built-in kind: the magic
    /// `k8s\0` and a `runtime.Unknown` envelope around the object's message, as kube-apiserver
    /// writes it.
    ///
    /// - Parameter object: The object's JSON, as Wharf serves it.
    /// - Returns: The response body.
    /// - Throws: ``KubeProtobufError/unknownKind(apiVersion:kind:)`` for a kind without a schema,
    ///   ``KubeProtobufError/malformed(message:field:reason:)`` for a member whose JSON type does
    ///   not fit its field.
    public static func encodeObject(_ object: JSONValue) throws(KubeProtobufError) -> [UInt8] {
        try KubeProtobufEncoder(schema: .builtin).object(object, depth: 0)
    }

    /// Encodes one watch event as kube-apiserver frames it: a four-byte big-endian length, then a
    /// meta/v1 `WatchEvent` (without magic or envelope) whose `object` holds the encoded object.
    ///
    /// - Parameters:
    ///   - type: `ADDED`, `MODIFIED`, `DELETED`, `BOOKMARK` or `ERROR`.
    ///   - object: The object (a `Status` for `ERROR`).
    /// - Returns: The frame.
    /// - Throws: As ``encodeObject(_:)``.
    public static func encodeWatchEvent(type: String, object: JSONValue) throws(KubeProtobufError) -> [UInt8] {
        var rawExtension = ProtobufWireWriter()
        rawExtension.lengthDelimited(1, try Self.encodeObject(object))
        var event = ProtobufWireWriter()
        event.lengthDelimited(1, type.utf8)
        event.lengthDelimited(2, rawExtension.bytes)
        let length = UInt32(event.bytes.count)
        return [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: length >> $0) } + event.bytes
    }

    /// Refuses messages nested deeper than ``maximumDepth``.
    static func checkDepth(_ depth: Int) throws(KubeProtobufError) {
        guard depth <= Self.maximumDepth else { throw .nestingTooDeep(limit: Self.maximumDepth) }
    }
}
