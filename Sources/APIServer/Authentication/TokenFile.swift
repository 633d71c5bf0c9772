import Foundation

/// Static bearer tokens read from a CSV file in kube-apiserver's `--token-auth-file` format:
/// `token,user,uid,"group1,group2"` per line (groups optional; lines starting with `#` ignored).
public struct TokenFile: Sendable {
    /// The users by token.
    public private(set) var users: [String: UserInfo]

    /// Creates a token table directly.
    public init(users: [String: UserInfo]) {
        self.users = users
    }

    /// Reads and parses a token file.
    ///
    /// - Throws: ``TokenFileError`` when the file cannot be read or a line is malformed.
    public init(path: String) throws(TokenFileError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .unreadable(path: path, reason: "\(error)")
        }
        try self.init(parsing: text, path: path)
    }

    /// Parses the text of a token file.
    public init(parsing text: String, path: String = "") throws(TokenFileError) {
        var users: [String: UserInfo] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = Self.csvFields(line)
            guard fields.count >= 3, !fields[0].isEmpty, !fields[1].isEmpty else {
                throw .malformedLine(path: path, line: index + 1)
            }
            let groups = fields.count > 3 ? fields[3].split(separator: ",").map(String.init) : []
            users[fields[0]] = UserInfo(name: fields[1], uid: fields[2], groups: groups)
        }
        self.users = users
    }

    /// Splits one CSV line, honouring double quotes (`""` inside quotes is a quote).
    private static func csvFields(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var characters = Array(line)[...]
        while let character = characters.popFirst() {
            switch character {
            case "\"" where quoted && characters.first == "\"":
                current.append("\"")
                characters.removeFirst()
            case "\"":
                quoted.toggle()
            case "," where !quoted:
                fields.append(current)
                current = ""
            default:
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}
