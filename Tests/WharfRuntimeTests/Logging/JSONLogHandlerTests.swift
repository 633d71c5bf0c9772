import Foundation
import Logging
import Synchronization
import Testing
import WharfRuntime

@Suite struct JSONLogHandlerTests {
    /// Collects the lines a handler writes.
    final class Lines: Sendable {
        private let storage = Mutex<[String]>([])
        var all: [String] { self.storage.withLock { $0 } }
        func append(_ line: String) { self.storage.withLock { $0.append(line) } }
    }

    private func makeLogger(
        _ lines: Lines,
        level: Logger.Level = .info,
        provider: Logger.MetadataProvider? = nil
    ) -> Logger {
        Logger(label: "wharf.test") { label in
            var handler = JSONLogHandler(label: label, metadataProvider: provider, write: lines.append)
            handler.logLevel = level
            return handler
        }
    }

    private func parse(_ line: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
        return try #require(object as? [String: Any])
    }

    @Test func writesOneJSONObjectPerLineWithFlattenedMetadata() throws {
        let lines = Lines()
        var logger = self.makeLogger(lines)
        logger[metadataKey: "component"] = "brain"
        logger.info(
            "compacted",
            metadata: [
                "etcd.revision": "42",
                "count": .stringConvertible(7),
                "keys": ["a", "b"],
                "range": ["start": "a", "end": "z"],
            ]
        )

        #expect(lines.all.count == 1)
        let line = try #require(lines.all.first)
        #expect(line.hasSuffix("}\n"))
        #expect(line.dropLast().contains("\n") == false)
        let object = try self.parse(line)
        #expect(object["level"] as? String == "info")
        #expect(object["label"] as? String == "wharf.test")
        #expect(object["message"] as? String == "compacted")
        #expect(object["component"] as? String == "brain")
        #expect(object["etcd.revision"] as? String == "42")
        #expect(object["count"] as? String == "7")
        #expect(object["keys"] as? [String] == ["a", "b"])
        #expect(object["range"] as? [String: String] == ["start": "a", "end": "z"])
        #expect(object["source"] as? String == "WharfRuntimeTests")
        let time = try #require(object["time"] as? String)
        #expect(time.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z/) != nil)
    }

    @Test func keyOrderIsFixed() throws {
        let lines = Lines()
        self.makeLogger(lines).notice("hello", metadata: ["zeta": "1", "alpha": "2"])
        let line = try #require(lines.all.first)
        let withoutTime = line.replacing(/"time":"[^"]*",/, with: "")
        #expect(
            withoutTime
                == #"{"level":"notice","label":"wharf.test","message":"hello","alpha":"2","zeta":"1","source":"WharfRuntimeTests"}"#
                + "\n"
        )
    }

    @Test func escapesStringsAndRenamesReservedKeys() throws {
        let lines = Lines()
        self.makeLogger(lines).error(
            "quote \" backslash \\ newline \n tab \t bell \u{07} snow ☃",
            metadata: ["message": "shadow", "level": "shadow"]
        )
        let line = try #require(lines.all.first)
        #expect(line.contains(#"\u0007"#))
        let object = try self.parse(line)
        #expect(object["message"] as? String == "quote \" backslash \\ newline \n tab \t bell \u{07} snow ☃")
        #expect(object["level"] as? String == "error")
        #expect(object["metadata.message"] as? String == "shadow")
        #expect(object["metadata.level"] as? String == "shadow")
    }

    @Test func callSiteMetadataWinsOverProviderAndHandlerMetadata() throws {
        let lines = Lines()
        let provider = Logger.MetadataProvider { ["trace": "from-provider", "request": "from-provider"] }
        var logger = self.makeLogger(lines, provider: provider)
        logger[metadataKey: "request"] = "from-handler"
        logger[metadataKey: "trace"] = "from-handler"
        logger[metadataKey: "node"] = "from-handler"
        logger.info("x", metadata: ["request": "from-call"])
        let object = try self.parse(try #require(lines.all.first))
        #expect(object["node"] as? String == "from-handler")
        #expect(object["trace"] as? String == "from-provider")
        #expect(object["request"] as? String == "from-call")
    }

    @Test func respectsTheLogLevel() {
        let lines = Lines()
        let logger = self.makeLogger(lines, level: .warning)
        logger.info("dropped")
        logger.warning("kept")
        #expect(lines.all.count == 1)
    }

    @Test func bootstrapHelperMakesConfiguredHandlers() {
        let json = LoggingBootstrap.makeHandler(label: "a", format: .json, level: .debug)
        #expect(json is JSONLogHandler)
        #expect(json.logLevel == .debug)
        let text = LoggingBootstrap.makeHandler(label: "a", format: .text, level: .error)
        #expect(text is StreamLogHandler)
        #expect(text.logLevel == .error)
        #expect(LogFormat(rawValue: "json") == .json)
        #expect(LogFormat.allCases.map(\.rawValue) == ["text", "json"])
    }
}
