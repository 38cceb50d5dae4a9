import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Why an exchange with a server failed, worded for the user (the caller adds which server).
public enum HTTPTransportError: Error, CustomStringConvertible, Sendable {
    case connectTimeout
    case connectionRefused
    /// The TLS handshake or the certificate's verification failed.
    case tls(String)
    /// Nothing more could be sent or read: the connection closed or broke.
    case connectionClosed(String)
    case deadlineExceeded
    case bodyTooLarge(limit: Int)
    case other(String)

    public var description: String {
        switch self {
        case .connectTimeout: "connection timed out"
        case .connectionRefused: "connection refused"
        case .tls(let detail): "TLS failed (\(detail))"
        case .connectionClosed(let detail): "the connection closed before the answer was whole (\(detail))"
        case .deadlineExceeded: "no whole answer before the request's deadline"
        case .bodyTooLarge(let limit): "the answer's body is over \(limit) bytes"
        case .other(let detail): detail
        }
    }

    /// Sorts a NIO or NIOSSL error into the cases above by its type.
    static func classify(_ error: any Error) -> HTTPTransportError {
        if let known = error as? HTTPTransportError { return known }
        if let failures = error as? NIOConnectionError {
            // Every address of the host failed; one refusal or one timeout says enough.
            let causes = failures.connectionErrors.map { classify($0.error) }
            if let refused = causes.first(where: { if case .connectionRefused = $0 { true } else { false } }) { return refused }
            if let timeout = causes.first(where: { if case .connectTimeout = $0 { true } else { false } }) { return timeout }
            return .other(String(describing: error))
        }
        if let channel = error as? ChannelError, case .connectTimeout = channel { return .connectTimeout }
        if let io = error as? IOError, io.errnoCode == ECONNREFUSED { return .connectionRefused }
        if error is NIOSSLError || error is NIOSSLExtraError || error is BoringSSLError { return .tls(String(describing: error)) }
        return .other(String(describing: error))
    }
}
