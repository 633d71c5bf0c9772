import Testing

@testable import WharfRuntime

@Suite struct ServerStateMachineTests {
    typealias Machine = ServerStateMachine<String, String>

    @Test func servesConnectionsWhileRunningAndQuiescesThemOnShutdown() {
        var machine = Machine()
        let started = machine.startBinding()
        let startedAgain = machine.startBinding()
        #expect(started)
        #expect(!startedAgain)
        guard case .serve = machine.bound("listener") else { Issue.record("expected serve"); return }
        #expect(machine.listener == "listener")

        guard case .serve(let first) = machine.connectionOpened("a"),
            case .serve(let second) = machine.connectionOpened("b")
        else {
            Issue.record("expected serve")
            return
        }
        #expect(first != second)
        machine.connectionClosed(id: first)
        #expect(machine.connectionCount == 1)

        guard case .closeListener(let listener, let quiesce) = machine.shutdownRequested() else {
            Issue.record("expected closeListener")
            return
        }
        #expect(listener == "listener")
        #expect(quiesce == ["b"])
        #expect(machine.listener == nil)

        guard case .none = machine.shutdownRequested() else { Issue.record("shutdown twice"); return }
        guard case .close = machine.connectionOpened("late") else { Issue.record("late connection served"); return }
        machine.connectionClosed(id: second)
        #expect(machine.connectionCount == 0)
        machine.finished()
        let restarted = machine.startBinding()
        #expect(!restarted)
    }

    @Test func shutdownWhileBindingClosesTheListenerOnceBound() {
        var machine = Machine()
        let started = machine.startBinding()
        #expect(started)
        guard case .none = machine.shutdownRequested() else { Issue.record("expected none"); return }
        guard case .closeListener = machine.bound("listener") else { Issue.record("expected closeListener"); return }
        guard case .close = machine.connectionOpened("a") else { Issue.record("expected close"); return }
    }

    @Test func shutdownBeforeRunPreventsStarting() {
        var machine = Machine()
        guard case .none = machine.shutdownRequested() else { Issue.record("expected none"); return }
        let started = machine.startBinding()
        #expect(!started)
    }
}
