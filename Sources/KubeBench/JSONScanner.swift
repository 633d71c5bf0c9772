/// Reads the few fields the benchmarks need (names, resource versions, list items, watch event
/// types) out of JSON without building the whole document: a strict enough walker over the bytes
/// that skips every value it is not asked for.
///
/// The load generator shares the machine with the server, so it parses at a few hundred MB/s
/// rather than through a general JSON decoder.
struct JSONScanner {
    private let bytes: UnsafeRawBufferPointer
    private var index = 0

    private init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// Runs `body` with a scanner over `bytes`.
    static func scan<Bytes: Collection<UInt8>, Result>(
        _ bytes: Bytes, _ body: (inout JSONScanner) throws(KubeBenchError) -> Result
    ) throws(KubeBenchError) -> Result {
        let outcome: Swift.Result<Result, KubeBenchError>? = bytes.withContiguousStorageIfAvailable { buffer in
            var scanner = JSONScanner(UnsafeRawBufferPointer(buffer))
            do throws(KubeBenchError) {
                return .success(try body(&scanner))
            } catch {
                return .failure(error)
            }
        }
        if let outcome { return try outcome.get() }
        return try Self.scan(Array(bytes), body)
    }

    // MARK: What the benchmarks read

    /// An object's `metadata.name` and `metadata.resourceVersion`.
    struct ObjectIdentity: Hashable, Sendable {
        var name: String
        var resourceVersion: String
    }

    /// The `metadata` of the object at the scanner's position (the whole object is consumed).
    mutating func objectIdentity() throws(KubeBenchError) -> ObjectIdentity {
        var identity = ObjectIdentity(name: "", resourceVersion: "")
        try self.members { scanner, key throws(KubeBenchError) in
            guard key == "metadata" else { return try scanner.skipValue() }
            try scanner.members { scanner, key throws(KubeBenchError) in
                switch key {
                case "name": identity.name = try scanner.string()
                case "resourceVersion": identity.resourceVersion = try scanner.string()
                default: try scanner.skipValue()
                }
            }
        }
        return identity
    }

    /// A watch event line: its `type` and its object's identity.
    mutating func watchEvent() throws(KubeBenchError) -> (type: String, object: ObjectIdentity) {
        var type = ""
        var object = ObjectIdentity(name: "", resourceVersion: "")
        try self.members { scanner, key throws(KubeBenchError) in
            switch key {
            case "type": type = try scanner.string()
            case "object": object = try scanner.objectIdentity()
            default: try scanner.skipValue()
            }
        }
        return (type, object)
    }

    /// A list: its items' names, and `metadata.resourceVersion` and `metadata.continue`.
    mutating func list() throws(KubeBenchError) -> (names: [String], resourceVersion: String, continueToken: String) {
        var names: [String] = []
        var resourceVersion = ""
        var continueToken = ""
        try self.members { scanner, key throws(KubeBenchError) in
            switch key {
            case "items":
                try scanner.elements { scanner throws(KubeBenchError) in names.append(try scanner.objectIdentity().name)
                }
            case "metadata":
                try scanner.members { scanner, key throws(KubeBenchError) in
                    switch key {
                    case "resourceVersion": resourceVersion = try scanner.string()
                    case "continue": continueToken = try scanner.string()
                    default: try scanner.skipValue()
                    }
                }
            default:
                try scanner.skipValue()
            }
        }
        return (names, resourceVersion, continueToken)
    }

    // MARK: Walking

    /// Calls `body` with each member's key; `body` must consume the member's value.
    mutating func members(_ body: (inout JSONScanner, String) throws(KubeBenchError) -> Void) throws(KubeBenchError) {
        try self.expect(UInt8(ascii: "{"))
        if try self.peek() == UInt8(ascii: "}") {
            self.index += 1
            return
        }
        while true {
            let key = try self.string()
            try self.expect(UInt8(ascii: ":"))
            try body(&self, key)
            switch try self.next() {
            case UInt8(ascii: ","): continue
            case UInt8(ascii: "}"): return
            default: throw self.error("expected , or } in an object")
            }
        }
    }

    /// Calls `body` for each element of an array; `body` must consume the element.
    mutating func elements(_ body: (inout JSONScanner) throws(KubeBenchError) -> Void) throws(KubeBenchError) {
        try self.expect(UInt8(ascii: "["))
        if try self.peek() == UInt8(ascii: "]") {
            self.index += 1
            return
        }
        while true {
            try body(&self)
            switch try self.next() {
            case UInt8(ascii: ","): continue
            case UInt8(ascii: "]"): return
            default: throw self.error("expected , or ] in an array")
            }
        }
    }

    /// Reads a string value, escapes decoded (a `\u` surrogate pair becomes two U+FFFD).
    mutating func string() throws(KubeBenchError) -> String {
        try self.expect(UInt8(ascii: "\""))
        let start = self.index
        var escaped = false
        while self.index < self.bytes.count {
            let byte = self.bytes[self.index]
            if byte == UInt8(ascii: "\"") {
                let raw = UnsafeRawBufferPointer(rebasing: self.bytes[start..<self.index])
                self.index += 1
                return escaped ? Self.unescape(raw) : String(decoding: raw, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                self.index += 1
            }
            self.index += 1
        }
        throw self.error("unterminated string")
    }

    /// Skips one value of any kind.
    mutating func skipValue() throws(KubeBenchError) {
        switch try self.peek() {
        case UInt8(ascii: "{"):
            try self.members { scanner, _ throws(KubeBenchError) in try scanner.skipValue() }
        case UInt8(ascii: "["):
            try self.elements { scanner throws(KubeBenchError) in try scanner.skipValue() }
        case UInt8(ascii: "\""):
            _ = try self.string()
        default:
            // A number, true, false or null: up to the next delimiter.
            let start = self.index
            while self.index < self.bytes.count {
                let byte = self.bytes[self.index]
                if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]")
                    || Self.isSpace(byte)
                {
                    break
                }
                self.index += 1
            }
            if self.index == start { throw self.error("expected a value") }
        }
    }

    private mutating func peek() throws(KubeBenchError) -> UInt8 {
        while self.index < self.bytes.count, Self.isSpace(self.bytes[self.index]) { self.index += 1 }
        guard self.index < self.bytes.count else { throw self.error("unexpected end") }
        return self.bytes[self.index]
    }

    private mutating func next() throws(KubeBenchError) -> UInt8 {
        let byte = try self.peek()
        self.index += 1
        return byte
    }

    private mutating func expect(_ byte: UInt8) throws(KubeBenchError) {
        guard try self.next() == byte else { throw self.error("expected \(Character(Unicode.Scalar(byte)))") }
    }

    private func error(_ reason: String) -> KubeBenchError {
        KubeBenchError.malformedResponse("\(reason) at byte \(self.index) of \(self.bytes.count)")
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
            || byte == UInt8(ascii: "\t")
    }

    private static func unescape(_ raw: UnsafeRawBufferPointer) -> String {
        var output: [UInt8] = []
        var index = 0
        while index < raw.count {
            let byte = raw[index]
            index += 1
            guard byte == UInt8(ascii: "\\"), index < raw.count else {
                output.append(byte)
                continue
            }
            let escape = raw[index]
            index += 1
            switch escape {
            case UInt8(ascii: "n"): output.append(UInt8(ascii: "\n"))
            case UInt8(ascii: "t"): output.append(UInt8(ascii: "\t"))
            case UInt8(ascii: "r"): output.append(UInt8(ascii: "\r"))
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "u"):
                let hex = raw[index..<min(index + 4, raw.count)]
                index += 4
                let value = UInt32(String(decoding: hex, as: UTF8.self), radix: 16) ?? 0xFFFD
                output.append(contentsOf: String(Character(Unicode.Scalar(value) ?? "\u{FFFD}")).utf8)
            default: output.append(escape)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
