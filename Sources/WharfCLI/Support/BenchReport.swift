import BenchSupport
import Foundation

/// How `wharf bench` commands print: results on standard output (text, or one JSON object for
/// scripts), progress on standard error.
enum BenchReport {
    /// Prints `result` as one JSON object with sorted keys, or `text` for people.
    static func print(_ result: some Encodable, json: Bool, text: String) throws {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            Swift.print(String(decoding: try encoder.encode(result), as: UTF8.self))
        } else {
            Swift.print(text)
        }
    }

    /// Writes a progress line to standard error, so standard output holds only the result.
    @Sendable static func progress(_ line: String) {
        FileHandle.standardError.write(Data("\(line)\n".utf8))
    }
}
