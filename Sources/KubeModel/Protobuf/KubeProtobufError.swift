/// Why a body could not be read as a Kubernetes protobuf object.
///
/// ``KubeProtobuf/decodeObject(_:)`` throws these instead of trapping, whatever the input.
public enum KubeProtobufError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The body does not start with the four bytes `k8s\0` of Kubernetes' protobuf encoding.
    case notProtobuf
    /// No built-in type of the stable API groups has this `apiVersion` and `kind`.
    case unknownKind(apiVersion: String, kind: String)
    /// The envelope's `contentEncoding` or `contentType` names a form this decoder does not read,
    /// such as a compressed object.
    case unsupportedEnvelope(String)
    /// A field of `message` runs past the end of its bytes; `field` is 0 when its key is cut short.
    case truncated(message: String, field: Int)
    /// Field `field` of `message` holds what its type cannot: a wrong wire type, an overlong varint,
    /// an impossible value or embedded JSON that does not parse.
    case malformed(message: String, field: Int, reason: String)
    /// Messages nest deeper than ``KubeProtobuf/maximumDepth``.
    case nestingTooDeep(limit: Int)

    public var description: String {
        switch self {
        case .notProtobuf:
            return "body is not a Kubernetes protobuf object: it does not start with \"k8s\\x00\""
        case .unknownKind(let apiVersion, let kind):
            return "no kind \"\(kind)\" is registered for version \"\(apiVersion)\""
        case .unsupportedEnvelope(let reason):
            return "unsupported protobuf envelope: \(reason)"
        case .truncated(let message, 0):
            return "truncated field key in \(message)"
        case .truncated(let message, let field):
            return "truncated field \(field) of \(message)"
        case .malformed(let message, let field, let reason):
            return "malformed field \(field) of \(message): \(reason)"
        case .nestingTooDeep(let limit):
            return "protobuf messages nest deeper than \(limit) levels"
        }
    }
}
