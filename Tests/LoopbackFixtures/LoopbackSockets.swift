#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public struct LoopbackSocketError: Error, CustomStringConvertible {
    public let description: String
}

/// A TCP listener on loopback that accepts connections (the kernel completes them into its
/// backlog) and never answers.
public final class SilentListener: Sendable {
    public let port: Int
    private let descriptor: Int32

    public init() throws {
        (descriptor, port) = try bindLoopback()
        guard listen(descriptor, 16) == 0 else {
            close(descriptor)
            throw LoopbackSocketError(description: "cannot listen on 127.0.0.1:\(port) (errno \(errno))")
        }
    }

    deinit { close(descriptor) }
}

/// A loopback port that refuses every connection, for as long as the test process lives.
///
/// A port that was free a moment ago is not enough: tests run in parallel, and the next listener
/// bound to port 0 may be given the same port, so a test that expected "connection refused" met
/// another test's server (seen in CI). A socket that is bound and never listens keeps the port
/// from every other socket while the kernel answers each connection with a reset. Its descriptor
/// is left open on purpose until the process exits: a handful per test run.
public enum RefusingPort {
    public static func reserve() throws -> Int {
        try bindLoopback().port
    }

    /// The kubeconfig with its loopback server moved to a refusing port: a cluster that is down,
    /// whose port no other test's server can take over.
    public static func kubeconfig(_ text: String) throws -> String {
        let server = /server: https:\/\/127\.0\.0\.1:[0-9]+/
        guard text.contains(server) else {
            throw LoopbackSocketError(description: "the kubeconfig names no loopback server: \(text)")
        }
        return text.replacing(server, with: "server: https://127.0.0.1:\(try reserve())")
    }
}

private func bindLoopback() throws -> (descriptor: Int32, port: Int) {
    #if canImport(Glibc)
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
    let descriptor = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard descriptor >= 0 else { throw LoopbackSocketError(description: "cannot open a socket (errno \(errno))") }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let named = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
    }
    guard bound == 0, named == 0 else {
        close(descriptor)
        throw LoopbackSocketError(description: "cannot bind a loopback port (errno \(errno))")
    }
    return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
}
