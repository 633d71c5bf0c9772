import Foundation
import KubeModel
import NIOHTTP1
import Synchronization
public import Logging
public import ServiceLifecycle

/// The audit log: every request the policy selects becomes audit.k8s.io/v1 `Event`s (stage
/// `RequestReceived`, then `ResponseComplete`, or `ResponseStarted` for watches), written as JSON
/// lines to the log file and posted in batches (`EventList`) to the webhook backend.
///
/// Recording never waits for the backends: events are queued, and `run()` (a `Service`) writes them.
public final class AuditLog: Service, Sendable {
    private let configuration: AuditConfiguration
    private let events: AsyncStream<JSONValue>
    private let queue: AsyncStream<JSONValue>.Continuation
    private let logger: Logger

    /// Creates the log; nothing is written until ``run()``.
    public init(configuration: AuditConfiguration, logger: Logger) {
        self.configuration = configuration
        (self.events, self.queue) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(100_000))
        self.logger = logger
    }

    /// Records one answered request under the policy.
    func record(
        _ request: APIRequest, info: RequestInfo?, user: UserInfo?, impersonated: UserInfo?, response: APIResponse, received: Date
    ) {
        let verb = Self.verb(request, info: info)
        let decision = self.configuration.policy.decide(user: user, verb: verb, info: info, path: request.path)
        guard decision.level > .none else { return }
        var event: JSONObject = [
            "kind": "Event", "apiVersion": "audit.k8s.io/v1", "level": .string(decision.level.rawValue),
            "auditID": .string(request.headers.first(name: "Audit-ID") ?? UUID().uuidString.lowercased()),
            "stage": "RequestReceived", "requestURI": .string(Self.uri(request)), "verb": .string(verb),
            "user": Self.user(user),
        ]
        if let impersonated { event["impersonatedUser"] = Self.user(impersonated) }
        if let agent = request.headers.first(name: "User-Agent") { event["userAgent"] = .string(agent) }
        let responseObject = Self.object(response.jsonBody, omitManagedFields: self.configuration.policy.omitManagedFields)
        if case .resource(let resource)? = info {
            event["objectRef"] = Self.objectReference(resource, response: responseObject)
        }
        event["requestReceivedTimestamp"] = .string(Self.microTime(received))
        event["stageTimestamp"] = .string(Self.microTime(received))
        if !decision.omitStages.contains("RequestReceived") {
            self.queue.yield(.object(event))
        }
        let streaming = response.isStream
        let stage = streaming ? "ResponseStarted" : "ResponseComplete"
        guard !decision.omitStages.contains(stage) else { return }
        event["stage"] = .string(stage)
        event["responseStatus"] = Self.responseStatus(response, body: responseObject)
        if decision.level >= .request, let object = try? JSONParser.parse(request.body) {
            event["requestObject"] = Self.object(object, omitManagedFields: self.configuration.policy.omitManagedFields)
        }
        if decision.level >= .requestResponse, let responseObject {
            event["responseObject"] = responseObject
        }
        event["stageTimestamp"] = .string(Self.microTime(Date()))
        self.queue.yield(.object(event))
    }

    /// Writes queued events to the backends until graceful shutdown, then flushes what is queued.
    /// Webhook batches go when full, or once their first event waited `batchMaxWait`.
    public func run() async throws {
        var file: FileHandle?
        if let path = self.configuration.logPath {
            if path == "-" {
                file = FileHandle.standardOutput
            } else {
                if !FileManager.default.fileExists(atPath: path) { FileManager.default.createFile(atPath: path, contents: nil) }
                file = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
                _ = try file?.seekToEnd()
            }
        }
        let batch = PendingBatch()
        let webhook = self.configuration.webhook
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                if let webhook {
                    group.addTask {
                        while !Task.isCancelled {
                            try? await Task.sleep(for: .milliseconds(100))
                            let due = batch.state.withLock { pending -> [JSONValue] in
                                guard !pending.events.isEmpty, ContinuousClock.now - pending.started >= self.configuration.batchMaxWait else { return [] }
                                defer { pending.events = [] }
                                return pending.events
                            }
                            if !due.isEmpty { await self.post(due, to: webhook) }
                        }
                    }
                }
                for await event in self.events {
                    if let file { file.write(Data(event.serialized() + [UInt8(ascii: "\n")])) }
                    guard let webhook else { continue }
                    let full = batch.state.withLock { pending -> [JSONValue] in
                        if pending.events.isEmpty { pending.started = .now }
                        pending.events.append(event)
                        guard pending.events.count >= self.configuration.batchMaxSize else { return [] }
                        defer { pending.events = [] }
                        return pending.events
                    }
                    if !full.isEmpty { await self.post(full, to: webhook) }
                }
                group.cancelAll()
            }
        } onGracefulShutdown: {
            self.queue.finish()
        }
        let rest = batch.state.withLock { $0.events }
        if let webhook, !rest.isEmpty { await self.post(rest, to: webhook) }
        try? file?.synchronize()
    }

    /// The events waiting for the webhook, and when the first of them arrived.
    private final class PendingBatch: Sendable {
        let state = Mutex<(events: [JSONValue], started: ContinuousClock.Instant)>(([], .now))
    }

    private func post(_ batch: [JSONValue], to webhook: AuditConfiguration.Webhook) async {
        let list: JSONValue = ["kind": "EventList", "apiVersion": "audit.k8s.io/v1", "metadata": [:], "items": .array(batch)]
        do {
            _ = try await WebhookClient.post(list.serialized(), to: webhook.url, caBundle: webhook.caBundle, timeout: .seconds(30))
        } catch {
            self.logger.warning("audit webhook failed; events lost", metadata: ["events": "\(batch.count)", "error": "\(error)"])
        }
    }

    // MARK: Event parts

    private static func verb(_ request: APIRequest, info: RequestInfo?) -> String {
        if case .resource(let resource)? = info { return resource.verb }
        return request.method.rawValue.lowercased()
    }

    private static func uri(_ request: APIRequest) -> String {
        var query: [String] = []
        for (name, values) in request.query.sorted(by: { $0.key < $1.key }) {
            for value in values {
                let encoded = value.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? value
                query.append("\(name)=\(encoded)")
            }
        }
        return query.isEmpty ? request.path : request.path + "?" + query.joined(separator: "&")
    }

    private static func user(_ user: UserInfo?) -> JSONValue {
        var object: JSONObject = ["username": .string(user?.name ?? "system:anonymous")]
        if let uid = user?.uid, !uid.isEmpty { object["uid"] = .string(uid) }
        object["groups"] = .array((user?.groups ?? ["system:unauthenticated"]).map(JSONValue.string))
        return .object(object)
    }

    private static func objectReference(_ resource: RequestInfo.ResourceRequest, response: JSONValue?) -> JSONValue {
        var reference: JSONObject = ["resource": .string(resource.resource)]
        if !resource.namespace.isEmpty { reference["namespace"] = .string(resource.namespace) }
        let name = resource.name.isEmpty && resource.verb == "create" ? (response?.name ?? "") : resource.name
        if !name.isEmpty { reference["name"] = .string(name) }
        if !resource.groupVersion.group.isEmpty { reference["apiGroup"] = .string(resource.groupVersion.group) }
        reference["apiVersion"] = .string(resource.groupVersion.version)
        if !resource.subresource.isEmpty { reference["subresource"] = .string(resource.subresource) }
        return .object(reference)
    }

    private static func responseStatus(_ response: APIResponse, body: JSONValue?) -> JSONValue {
        var status: JSONObject = ["metadata": [:], "code": .integer(Int64(response.status.code))]
        if response.status.code >= 400, let body, body.kind == "Status" {
            for field in ["status", "message", "reason"] { status[field] = body[field] }
        }
        return .object(status)
    }

    private static func object(_ object: JSONValue?, omitManagedFields: Bool) -> JSONValue? {
        guard var object, omitManagedFields else { return object }
        object["metadata"]?["managedFields"] = nil
        return object
    }

    /// A `MicroTime`: RFC 3339 with microseconds, in UTC.
    private static func microTime(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(secondsFromGMT: 0)!))
    }
}
