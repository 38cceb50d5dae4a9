import Testing

/// Every listening flag takes `[HOST]:PORT` through one parser: a value it cannot read is exit 2
/// naming the flag and the value, never a silent fallback to a default address.
@Suite struct ListenFlagTests {
    static let refused = ["nonsense", "127.0.0.1", "127.0.0.1:", "127.0.0.1:99999", "127.0.0.1:8o80", "[::1:80", "a b:80", "host:80:81x", ":-1"]

    @Test(arguments: refused) func proxyRefusesAListenItCannotRead(value: String) throws {
        for flag in ["--listen", "--tls-listen"] {
            let outcome = try CLIRunner.run(["proxy", "examples/good", flag, value])
            #expect(outcome.status == 2, "\(flag) \(value): \(outcome.stderr)")
            #expect(outcome.stderr.contains("\(flag) takes [HOST]:PORT") && outcome.stderr.contains("\"\(value)\""), "\(outcome.stderr)")
        }
    }

    @Test(arguments: refused) func webhookRefusesAListenItCannotRead(value: String) throws {
        for flag in ["--listen", "--metrics-listen"] {
            let outcome = try CLIRunner.run(["webhook", "--tls-cert", "c", "--tls-key", "k", flag, value])
            #expect(outcome.status == 2, "\(flag) \(value): \(outcome.stderr)")
            #expect(outcome.stderr.contains("\(flag) takes [HOST]:PORT"), "\(outcome.stderr)")
        }
    }
}
