import ArgumentParser

/// `[HOST]:PORT` as every listening flag takes it (`--listen`, `--tls-listen`, `--metrics-listen`):
/// a host that is an IPv4 address, a DNS name or a bracketed IPv6 address, or none (the command's
/// default), and a port from 0 (any free port) to 65535. Anything else is refused with the flag's
/// name, never replaced by a default.
struct ListenAddress: Equatable {
    var host: String?
    var port: Int

    init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        let portText = text[text.index(after: colon)...]
        guard (1...5).contains(portText.count), portText.allSatisfy({ $0.isASCII && $0.isNumber }),
            let port = Int(portText), (0...65535).contains(port) else { return nil }
        var host = text[..<colon]
        if host.first == "[" || host.last == "]" {
            guard host.count > 2, host.first == "[", host.last == "]" else { return nil }
            host = host.dropFirst().dropLast()
            guard host.contains(":"), host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return nil }
        } else {
            guard !host.contains(":"), host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }) else { return nil }
        }
        self.host = host.isEmpty ? nil : String(host)
        self.port = port
    }

    /// Parses `text` for `flag`, or fails as a usage error naming both.
    static func parse(_ text: String, flag: String) throws -> ListenAddress {
        guard let address = ListenAddress(text) else {
            throw ValidationError("\(flag) takes [HOST]:PORT (a port from 0 to 65535), got \"\(text)\"")
        }
        return address
    }
}
