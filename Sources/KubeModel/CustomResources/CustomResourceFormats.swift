import Foundation

/// The string formats custom resource schemas may name (`format:`), checked as the apiextensions
/// validator checks them; formats it does not know accept any string.
enum CustomResourceFormats {
    /// Whether `text` is a valid value of `format`.
    static func accepts(_ text: String, format: String) -> Bool {
        switch format {
        case "date-time", "datetime":
            return (try? Date.ISO8601FormatStyle().parse(text)) != nil
                || (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)) != nil
        case "date":
            return Self.matches(text, #"^\d{4}-\d{2}-\d{2}$"#)
        case "byte":
            return Data(base64Encoded: text) != nil
        case "uuid":
            return UUID(uuidString: text) != nil
        case "int-or-string", "":
            return true
        case "ipv4":
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            return parts.count == 4 && parts.allSatisfy { UInt8($0) != nil }
        case "hostname":
            return NameValidation.subdomainProblems(text).isEmpty
        case "email":
            return Self.matches(text, #"^[^@\s]+@[^@\s]+$"#)
        default:
            return true
        }
    }

    private static func matches(_ text: String, _ pattern: String) -> Bool {
        text.range(of: pattern, options: .regularExpression) != nil
    }
}
