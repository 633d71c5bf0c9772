import Logging

/// Builds one JSON object on one line, field by field, with keys in the order they are added.
///
/// Hand-written rather than `JSONEncoder` so that key order is fixed, nothing is allocated per field
/// beyond the output string, and Foundation is not needed on the logging path.
struct JSONLineEncoder {
    /// The keys ``JSONLogHandler`` writes itself; metadata with these names is renamed.
    static let reservedKeys: Set<String> = ["time", "level", "label", "message", "error", "source"]

    private var output = "{"
    private var isFirst = true

    init() {
        self.output.reserveCapacity(256)
    }

    mutating func field(_ key: String, string: String) {
        self.beginField(key)
        Self.appendString(string, to: &self.output)
    }

    mutating func field(_ key: String, value: Logger.Metadata.Value) {
        self.beginField(key)
        Self.appendValue(value, to: &self.output)
    }

    /// Closes the object and returns it with a trailing newline.
    mutating func finish() -> String {
        self.output.append("}\n")
        return self.output
    }

    private mutating func beginField(_ key: String) {
        if self.isFirst {
            self.isFirst = false
        } else {
            self.output.append(",")
        }
        Self.appendString(key, to: &self.output)
        self.output.append(":")
    }

    static func appendValue(_ value: Logger.Metadata.Value, to output: inout String) {
        switch value {
        case .string(let string):
            Self.appendString(string, to: &output)
        case .stringConvertible(let convertible):
            Self.appendString(convertible.description, to: &output)
        case .array(let values):
            output.append("[")
            for (index, element) in values.enumerated() {
                if index > 0 { output.append(",") }
                Self.appendValue(element, to: &output)
            }
            output.append("]")
        case .dictionary(let dictionary):
            output.append("{")
            for (index, key) in dictionary.keys.sorted().enumerated() {
                if index > 0 { output.append(",") }
                Self.appendString(key, to: &output)
                output.append(":")
                Self.appendValue(dictionary[key]!, to: &output)
            }
            output.append("}")
        }
    }

    /// Appends `string` as a JSON string literal, escaping quotes, backslashes and control characters.
    static func appendString(_ string: String, to output: inout String) {
        output.append("\"")
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output.append("\\\"")
            case "\\": output.append("\\\\")
            case "\n": output.append("\\n")
            case "\r": output.append("\\r")
            case "\t": output.append("\\t")
            case "\u{08}": output.append("\\b")
            case "\u{0C}": output.append("\\f")
            case "\u{00}"..."\u{1F}", "\u{7F}", "\u{2028}", "\u{2029}":
                output.append("\\u")
                let hex = String(scalar.value, radix: 16)
                output.append(String(repeating: "0", count: 4 - hex.count))
                output.append(hex)
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        output.append("\"")
    }
}
