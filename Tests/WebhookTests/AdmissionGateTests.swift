import Testing
@testable import Webhook

@Suite struct AdmissionGateTests {
    @Test func entersAtOnceBelowTheLimit() async {
        let gate = AdmissionGate(limit: 2)
        #expect(await gate.enter(before: .now + .seconds(1)))
        #expect(await gate.enter(before: .now + .seconds(1)))
        #expect(gate.holders == 2)
    }

    @Test func aWaiterIsLetInWhenAHolderLeaves() async {
        let gate = AdmissionGate(limit: 1)
        #expect(await gate.enter(before: .now + .seconds(1)))
        let waiter = Task { await gate.enter(before: .now + .seconds(60)) }
        // The waiter is in line once the gate still has one holder and the task has not finished.
        try? await Task.sleep(for: .milliseconds(50))
        gate.leave()
        #expect(await waiter.value)
        #expect(gate.holders == 1)
        gate.leave()
        #expect(gate.holders == 0)
    }

    @Test func aWaiterPastItsDeadlineIsRefusedAndLeavesTheLine() async {
        let gate = AdmissionGate(limit: 1)
        #expect(await gate.enter(before: .now + .seconds(1)))
        // The holder stays until after: returning at all is the deadline's refusal.
        #expect(await gate.enter(before: .now + .milliseconds(100)) == false)
        // The refused waiter is gone: the next leave frees the slot instead of granting it.
        gate.leave()
        #expect(gate.holders == 0)
    }

    @Test func waitersAreLetInInArrivalOrder() async {
        let gate = AdmissionGate(limit: 1)
        #expect(await gate.enter(before: .now + .seconds(1)))
        let order = OrderLog()
        var tasks: [Task<Void, Never>] = []
        for number in 0..<5 {
            tasks.append(Task {
                if await gate.enter(before: .now + .seconds(60)) {
                    await order.append(number)
                    gate.leave()
                }
            })
            try? await Task.sleep(for: .milliseconds(20))
        }
        gate.leave()
        for task in tasks { await task.value }
        #expect(await order.numbers == [0, 1, 2, 3, 4])
        #expect(gate.holders == 0)
    }

    @Test func aDeadlineAlreadyPastIsRefusedWhenFull() async {
        let gate = AdmissionGate(limit: 1)
        #expect(await gate.enter(before: .now + .seconds(1)))
        #expect(await gate.enter(before: .now - .seconds(1)) == false)
    }
}

actor OrderLog {
    var numbers: [Int] = []
    func append(_ number: Int) { numbers.append(number) }
}
