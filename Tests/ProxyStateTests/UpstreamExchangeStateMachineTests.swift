import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing
@testable import Proxy

@Suite struct UpstreamExchangeStateMachineTests {
    let downstream = EmbeddedChannel()

    @Test func aResponseStreamsAndTheConnectionGoesBackToThePool() {
        var machine = UpstreamExchangeStateMachine()
        let calls = Fixtures.Calls()
        machine.begin(Fixtures.exchange(Fixtures.request(), downstream: downstream, calls: calls))
        #expect(machine.awaitingHead)
        var head = HTTPResponseHead(version: .http1_0, status: .ok)
        head.headers.add(name: "Connection", value: "keep-alive")
        head.headers.add(name: "Keep-Alive", value: "timeout=5")
        guard case .forward(let forwarded, _) = machine.responseHead(head) else { Issue.record("head not forwarded"); return }
        #expect(forwarded.version == .http1_1 && forwarded.headers["Server"] == [ProxyServer.serverName])
        #expect(forwarded.headers["Connection"].isEmpty && forwarded.headers["Keep-Alive"].isEmpty, "hop-by-hop headers are the proxy's own")
        #expect(machine.responseBody() != nil && !machine.awaitingHead)
        guard case .finish(_, _, let closeClient, let reuse) = machine.responseEnd(nil, requestWritten: { _ in true }) else { Issue.record("not finished"); return }
        #expect(!closeClient && reuse)
        #expect(machine.exchange == nil, "idle again: the pool may hand it out")
    }

    @Test func aResponseThatOvertakesItsRequestBodyClosesBothConnections() {
        var machine = UpstreamExchangeStateMachine()
        machine.begin(Fixtures.exchange(Fixtures.request(receivedEnd: false), downstream: downstream, calls: Fixtures.Calls()))
        guard case .forward(let forwarded, _) = machine.responseHead(HTTPResponseHead(version: .http1_1, status: .payloadTooLarge)) else { return }
        #expect(forwarded.headers["Connection"] == ["close"])
        guard case .finish(_, _, let closeClient, let reuse) = machine.responseEnd(nil, requestWritten: { $0.request.receivedEnd }) else { return }
        #expect(closeClient && !reuse)
    }

    @Test func noHeadBeforeTheDeadlineIs504AndOnlyOnce() {
        var machine = UpstreamExchangeStateMachine()
        machine.begin(Fixtures.exchange(Fixtures.request(), downstream: downstream, calls: Fixtures.Calls()))
        guard case .answer(_, let status, let message) = machine.timedOut(after: .seconds(30)) else { Issue.record("no answer"); return }
        #expect(status == .gatewayTimeout && message == "the backend did not answer within 30 s")
        guard case .none = machine.connectionClosed() else { Issue.record("answered twice"); return }
    }

    @Test func aPooledConnectionClosedBeforeAnsweringIsRetriedWhenTheRequestCanBeReplayed() {
        var machine = UpstreamExchangeStateMachine()
        machine.begin(Fixtures.exchange(Fixtures.request(), downstream: downstream, calls: Fixtures.Calls(), retry: {}))
        guard case .retry = machine.connectionClosed() else { Issue.record("not retried"); return }
    }

    @Test func aBackendThatClosesMidResponseCutsTheClient() {
        var machine = UpstreamExchangeStateMachine()
        machine.begin(Fixtures.exchange(Fixtures.request(), downstream: downstream, calls: Fixtures.Calls(), retry: {}))
        _ = machine.responseHead(HTTPResponseHead(version: .http1_1, status: .ok))
        guard case .cutClient = machine.connectionClosed() else { Issue.record("the client was not cut"); return }
    }

    @Test func whatComesAfterAnAbandonedExchangeIsDropped() {
        var machine = UpstreamExchangeStateMachine()
        machine.begin(Fixtures.exchange(Fixtures.request(), downstream: downstream, calls: Fixtures.Calls()))
        machine.abandoned()
        guard case .drop = machine.responseHead(HTTPResponseHead(version: .http1_1, status: .ok)) else { Issue.record("not dropped"); return }
        #expect(machine.responseBody() == nil)
        guard case .none = machine.connectionClosed() else { Issue.record("answered after abandon"); return }
    }
}
