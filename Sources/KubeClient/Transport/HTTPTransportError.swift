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

    /// Sorts a NIO or NIOSSL error into the cases above by what it is, not by its wording alone.
    static func classify(_ error: any Error) -> HTTPTransportError {
        if let known = error as? HTTPTransportError { return known }
        let text = String(describing: error)
        if text.contains("connectTimeout") { return .connectTimeout }
        if text.contains("Connection refused") || text.contains("connectionRefused") || text.contains("ECONNREFUSED") { return .connectionRefused }
        if text.contains("NIOSSL") || text.contains("handshake") || text.contains("certificate") { return .tls(text) }
        return .other(text)
    }
}
