import Testing
@testable import Proxy

@Suite struct ClientConnectionStateMachineTests {
    @Test func aRoutedRequestForwardsItsPartsUntilItsExchangeFinishes() {
        var machine = ClientConnectionStateMachine(maxBodyBytes: 100)
        let request = Fixtures.request(receivedEnd: false)
        machine.headReceived()
        machine.routed(request)
        guard case .forward(let forwarded) = machine.bodyReceived(bytes: 60) else { Issue.record("body not forwarded"); return }
        #expect(forwarded === request && request.bodyBytes == 60)
        guard case .forwardEnd = machine.endReceived() else { Issue.record("end not forwarded"); return }
        #expect(request.receivedEnd)
        let wasCurrent = machine.exchangeFinished(request)
        #expect(wasCurrent)
        #expect(machine.current == nil)
    }

    @Test func aBodyOverTheLimitIsRefusedAndItsRestDropped() {
        var machine = ClientConnectionStateMachine(maxBodyBytes: 100)
        let request = Fixtures.request(receivedEnd: false)
        machine.routed(request)
        _ = machine.bodyReceived(bytes: 60)
        guard case .refuseOversized = machine.bodyReceived(bytes: 60) else { Issue.record("not refused"); return }
        guard case .drop = machine.bodyReceived(bytes: 10) else { Issue.record("rest not dropped"); return }
        guard case .none = machine.endReceived() else { Issue.record("end forwarded"); return }
        guard case .idle = machine.state else { Issue.record("not idle after the dropped request"); return }
    }

    @Test func whatTheProxyAnsweredItselfIsDroppedUntilTheNextHead() {
        var machine = ClientConnectionStateMachine(maxBodyBytes: 100)
        machine.answered()
        guard case .drop = machine.bodyReceived(bytes: 10) else { Issue.record("body forwarded"); return }
        machine.headReceived()
        guard case .idle = machine.state else { Issue.record("still dropping"); return }
    }

    @Test func aFailedExchangeDropsTheRestOfItsRequest() {
        var machine = ClientConnectionStateMachine(maxBodyBytes: 100)
        let request = Fixtures.request(receivedEnd: false)
        machine.routed(request)
        machine.exchangeFinished(request)
        machine.exchangeFailed(request)
        guard case .drop = machine.bodyReceived(bytes: 10) else { Issue.record("body forwarded after a 502"); return }
    }

    @Test func anOlderExchangeFinishingLeavesTheCurrentOneAlone() {
        var machine = ClientConnectionStateMachine(maxBodyBytes: 100)
        let old = Fixtures.request()
        let current = Fixtures.request()
        machine.routed(current)
        let oldWasCurrent = machine.exchangeFinished(old)
        #expect(!oldWasCurrent)
        #expect(machine.current === current)
    }

    @Test func aClosedConnectionHandsBackTheRequestInFlight() {
        var machine = ClientConnectionStateMachine(maxBodyBytes: 100)
        let request = Fixtures.request()
        machine.routed(request)
        let inFlight = machine.connectionClosed()
        #expect(inFlight === request)
        machine.routed(Fixtures.request())
        #expect(machine.current == nil, "nothing is routed on a closed connection")
    }
}
