import FuzzDriver
import TLSInspect

@main enum FuzzPEMMain {
    static func main() { runFuzzer { fuzzPEM($0, $1) } }
}

/// `tls.crt` and `tls.key` from an untrusted Secret (the input split at its first NUL byte), and
/// a trust bundle: read without a crash, and no reason quotes a line of the key.
func fuzzPEM(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: start, count: count))
    let split = bytes.firstIndex(of: 0) ?? bytes.count
    let certificate = Array(bytes[..<split])
    let key = split < bytes.count ? Array(bytes[(split + 1)...]) : certificate
    let report = TLSInspector.inspect(certificatePEM: certificate, keyPEM: key)
    if case .invalid(let reason) = report.key {
        let keyLines = String(decoding: key, as: UTF8.self).split(whereSeparator: \.isNewline)
        for line in keyLines where line.count >= 24 && !line.hasPrefix("-----") && reason.contains(line) {
            fatalError("a key reading's reason quotes the key: \(reason)")
        }
    }
    _ = try? TrustAnchors.parse(pem: String(decoding: certificate, as: UTF8.self), file: "ca.pem")
    return 0
}
