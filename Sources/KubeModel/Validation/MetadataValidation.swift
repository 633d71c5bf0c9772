/// Kubernetes' rules for label and annotation keys and label values, with apimachinery's messages.
public enum MetadataValidation {
    /// The most bytes all of an object's annotations (keys and values) may take.
    public static let annotationSizeLimit = 256 * 1024

    /// The problems of `metadata.labels` and `metadata.annotations`, empty when they are valid.
    public static func problems(_ object: JSONValue) -> [StatusCause] {
        var problems: [StatusCause] = []
        for member in object["metadata"]?["labels"]?.objectValue ?? JSONObject() {
            for message in Self.qualifiedNameProblems(member.key) {
                problems.append(.invalid("metadata.labels", value: member.key, message))
            }
            let value = member.value.stringValue ?? ""
            for message in Self.labelValueProblems(value) {
                problems.append(.invalid("metadata.labels", value: value, message))
            }
        }
        var annotationBytes = 0
        for member in object["metadata"]?["annotations"]?.objectValue ?? JSONObject() {
            // Annotation keys are checked lower-cased, as kube-apiserver checks them.
            for message in Self.qualifiedNameProblems(member.key.lowercased()) {
                problems.append(.invalid("metadata.annotations", value: member.key, message))
            }
            annotationBytes += member.key.utf8.count + (member.value.stringValue?.utf8.count ?? 0)
        }
        if annotationBytes > Self.annotationSizeLimit {
            problems.append(
                StatusCause(
                    type: "FieldValueTooLong", message: "Too long: may not be more than \(Self.annotationSizeLimit) bytes",
                    field: "metadata.annotations"
                )
            )
        }
        return problems
    }

    private static let qualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
    private static let qualifiedNameMessage =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character "
        + "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '\(qualifiedNameFormat)')"

    /// Problems with a qualified name (`[prefix/]name`, the prefix a DNS subdomain).
    public static func qualifiedNameProblems(_ key: String) -> [String] {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        var problems: [String] = []
        let name: Substring
        switch parts.count {
        case 1:
            name = parts[0]
        case 2:
            name = parts[1]
            if parts[0].isEmpty {
                problems.append("prefix part must be non-empty")
            } else {
                problems += NameValidation.subdomainProblems(String(parts[0])).map { "prefix part " + $0 }
            }
        default:
            return [
                "a qualified name " + Self.qualifiedNameMessage
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
            ]
        }
        if name.isEmpty {
            problems.append("name part must be non-empty")
        } else if name.utf8.count > 63 {
            problems.append("name part must be no more than 63 characters")
        }
        if !Self.isQualifiedNamePart(name) {
            problems.append("name part " + Self.qualifiedNameMessage)
        }
        return problems
    }

    /// Problems with a label value: empty, or a qualified name part of at most 63 characters.
    public static func labelValueProblems(_ value: String) -> [String] {
        var problems: [String] = []
        if value.utf8.count > 63 {
            problems.append("must be no more than 63 characters")
        }
        if !value.isEmpty && !Self.isQualifiedNamePart(Substring(value)) {
            problems.append(
                "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must "
                    + "start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex "
                    + "used for validation is '(\(Self.qualifiedNameFormat))?')"
            )
        }
        return problems
    }

    /// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`.
    private static func isQualifiedNamePart(_ name: Substring) -> Bool {
        NameValidation.consists(of: name, edges: NameValidation.isAlphanumeric) {
            $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
        }
    }
}
