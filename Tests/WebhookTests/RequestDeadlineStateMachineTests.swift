import NIOCore
import Testing
@testable import Webhook

@Suite struct RequestDeadlineStateMachineTests {
    static let limits = RequestDeadlineStateMachine.Limits(headerTimeout: .seconds(10), requestTimeout: .seconds(4), minimumBodyRate: 1000)
    let start = NIODeadline.uptimeNanoseconds(1_000_000_000_000)

    @Test func aConnectionWithoutAWholeHeadIsClosedAtTheHeaderTimeout() {
        var machine = RequestDeadlineStateMachine(limits: Self.limits, now: start)
        #expect(machine.nextCheck == start + .seconds(10))
        #expect(machine.tick(now: start + .seconds(9)) == .none)
        guard case .close = machine.tick(now: start + .seconds(10)) else { Issue.record("not closed"); return }
        #expect(machine.nextCheck == nil)
    }

    @Test func aBodyThatTricklesIsClosedAfterTheFirstSlowSecond() {
        var machine = RequestDeadlineStateMachine(limits: Self.limits, now: start)
        machine.headRead(now: start)
        machine.bodyRead(bytes: 1)
        #expect(machine.nextCheck == start + .seconds(1))
        #expect(machine.tick(now: start + .seconds(1)) == .close("request body slower than 1000 bytes a second"))
    }

    @Test func aSteadyBodyIsStillCutAtTheRequestTimeout() {
        var machine = RequestDeadlineStateMachine(limits: Self.limits, now: start)
        machine.headRead(now: start)
        for second in 1...3 {
            machine.bodyRead(bytes: 5000)
            #expect(machine.tick(now: start + .seconds(Int64(second))) == .none)
        }
        machine.bodyRead(bytes: 5000)
        #expect(machine.nextCheck == start + .seconds(4))
        #expect(machine.tick(now: start + .seconds(4)) == .close("request body not read within 4 s"))
    }

    @Test func aWholeRequestStopsTheClockUntilItsAnswerIsSent() {
        var machine = RequestDeadlineStateMachine(limits: Self.limits, now: start)
        machine.headRead(now: start + .seconds(1))
        machine.bodyRead(bytes: 10)
        machine.endRead()
        #expect(machine.nextCheck == nil, "answering has the request's own deadline, not the connection's")
        #expect(machine.tick(now: start + .seconds(60)) == .none)
        machine.responseSent(now: start + .seconds(61))
        #expect(machine.nextCheck == start + .seconds(71), "the next request's head has the header timeout again")
    }

    @Test func aPipelinedHeadStartsTheNextRequest() {
        var machine = RequestDeadlineStateMachine(limits: Self.limits, now: start)
        machine.headRead(now: start)
        machine.endRead()
        machine.headRead(now: start + .milliseconds(5))
        #expect(machine.nextCheck == start + .milliseconds(5) + .seconds(1))
    }
}
