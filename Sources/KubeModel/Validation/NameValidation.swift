/// Kubernetes' object-name rules (RFC 1123 subdomains and labels), with its exact messages.
public enum NameValidation {
    /// Problems with a DNS-1123 subdomain name (most resources): at most 253 characters of lower-case
    /// alphanumerics, `-` and `.`, starting and ending alphanumeric. Empty when valid.
    public static func subdomainProblems(_ name: String) -> [String] {
        var problems: [String] = []
        if name.utf8.count > 253 {
            problems.append("must be no more than 253 characters")
        }
        let labelsValid = name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { Self.isLabel($0) }
        if !labelsValid {
            problems.append(
                "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and "
                    + "must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation "
                    + "is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
            )
        }
        return problems
    }

    /// Problems with a DNS-1123 label name (namespaces, services): at most 63 characters of lower-case
    /// alphanumerics and `-`, starting and ending alphanumeric. Empty when valid.
    public static func labelProblems(_ name: String) -> [String] {
        var problems: [String] = []
        if name.utf8.count > 63 {
            problems.append("must be no more than 63 characters")
        }
        if !Self.isLabel(Substring(name)) {
            problems.append(
                "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must "
                    + "start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for "
                    + "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
            )
        }
        return problems
    }

    /// Problems that make a name unusable in a URL path segment (`.`, `..`, `/`, `%`).
    public static func pathSegmentProblems(_ name: String) -> [String] {
        if name == "." || name == ".." {
            return ["may not be '\(name)'"]
        }
        for forbidden in ["/", "%"] where name.contains(forbidden) {
            return ["may not contain '\(forbidden)'"]
        }
        return []
    }

    private static func isLabel(_ label: Substring) -> Bool {
        Self.consists(of: label, edges: Self.isLowerAlphanumeric) { $0 == UInt8(ascii: "-") }
    }

    /// Whether `text` is not empty, starts and ends with bytes `edges` accepts, and has only bytes
    /// that `edges` or `inner` accept in between.
    static func consists(of text: Substring, edges: (UInt8) -> Bool, inner: (UInt8) -> Bool) -> Bool {
        let bytes = text.utf8
        guard let first = bytes.first, let last = bytes.last, edges(first), edges(last) else { return false }
        return bytes.allSatisfy { edges($0) || inner($0) }
    }

    /// `a-z0-9`.
    static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// `A-Za-z0-9`.
    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        Self.isLowerAlphanumeric(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }
}
