import NIOConcurrencyHelpers

/// Both ports, reported once both listeners are up.
final class PortReport: Sendable {
    private let ports = NIOLockedValueBox<(webhook: Int?, metrics: Int?)>((nil, nil))
    private let report: @Sendable (Int, Int) -> Void

    init(_ report: @escaping @Sendable (Int, Int) -> Void) {
        self.report = report
    }

    func webhook(_ port: Int) { update { $0.webhook = port } }
    func metrics(_ port: Int) { update { $0.metrics = port } }

    private func update(_ change: (inout (webhook: Int?, metrics: Int?)) -> Void) {
        let both = ports.withLockedValue { value -> (Int, Int)? in
            change(&value)
            guard let webhook = value.webhook, let metrics = value.metrics else { return nil }
            return (webhook, metrics)
        }
        if let both { report(both.0, both.1) }
    }
}
