/// The lifecycle of an HTTP listener (``ObservabilityServer``, the Kubernetes API server) as a pure state machine: each event returns what the server
/// must do, and the server only carries it out. Generic over the listener and connection types so it is
/// tested without sockets.
///
/// States: `idle` → `binding` → `running` → `draining` → `finished`. A graceful shutdown that arrives
/// while binding is remembered and honoured as soon as the listener exists. While draining, the listener
/// is closed, tracked connections have been asked to quiesce (finish the current response, then close),
/// and any connection accepted in the race is closed at once.
public struct ServerStateMachine<Listener, Connection> {
    public enum State {
        case idle
        case binding(shutdownRequested: Bool)
        case running(listener: Listener, connections: [Int: Connection], nextID: Int)
        case draining(connections: [Int: Connection])
        case finished
    }

    /// What to do with a freshly bound listener.
    public enum BoundAction {
        /// Publish the address and accept connections.
        case serve
        /// Shutdown was requested while binding: close the listener and stop.
        case closeListener
    }

    /// What to do with a freshly accepted connection.
    public enum ConnectionAction {
        /// Serve it; report its end with ``connectionClosed(id:)``.
        case serve(id: Int)
        /// The server is shutting down: close it without reading.
        case close
    }

    /// What to do when graceful shutdown is requested.
    public enum ShutdownAction {
        /// Nothing (not yet bound, or already shutting down).
        case none
        /// Close the listener and ask each connection to quiesce.
        case closeListener(Listener, quiesce: [Connection])
    }

    public private(set) var state: State = .idle

    /// Creates a machine in the idle state.
    public init() {}

    /// `run()` was called. Returns `false` if the server was already started, which is an error.
    public mutating func startBinding() -> Bool {
        guard case .idle = self.state else { return false }
        self.state = .binding(shutdownRequested: false)
        return true
    }

    public mutating func bound(_ listener: Listener) -> BoundAction {
        guard case .binding(let shutdownRequested) = self.state else {
            preconditionFailure("bound(_:) outside binding: \(self.state)")
        }
        if shutdownRequested {
            self.state = .finished
            return .closeListener
        }
        self.state = .running(listener: listener, connections: [:], nextID: 0)
        return .serve
    }

    public mutating func connectionOpened(_ connection: Connection) -> ConnectionAction {
        guard case .running(let listener, var connections, let nextID) = self.state else {
            return .close
        }
        connections[nextID] = connection
        self.state = .running(listener: listener, connections: connections, nextID: nextID + 1)
        return .serve(id: nextID)
    }

    public mutating func connectionClosed(id: Int) {
        switch self.state {
        case .running(let listener, var connections, let nextID):
            connections[id] = nil
            self.state = .running(listener: listener, connections: connections, nextID: nextID)
        case .draining(var connections):
            connections[id] = nil
            self.state = .draining(connections: connections)
        case .idle, .binding, .finished:
            break
        }
    }

    public mutating func shutdownRequested() -> ShutdownAction {
        switch self.state {
        case .idle:
            self.state = .finished
            return .none
        case .binding:
            self.state = .binding(shutdownRequested: true)
            return .none
        case .running(let listener, let connections, _):
            self.state = .draining(connections: connections)
            return .closeListener(listener, quiesce: connections.keys.sorted().map { connections[$0]! })
        case .draining, .finished:
            return .none
        }
    }

    /// The accept loop and every connection have ended, or binding failed.
    public mutating func finished() {
        self.state = .finished
    }

    /// The listener while accepting connections.
    public var listener: Listener? {
        guard case .running(let listener, _, _) = self.state else { return nil }
        return listener
    }

    /// The number of connections being served.
    public var connectionCount: Int {
        switch self.state {
        case .running(_, let connections, _), .draining(let connections): connections.count
        case .idle, .binding, .finished: 0
        }
    }
}
