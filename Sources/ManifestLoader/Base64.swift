/// Go's `base64.StdEncoding` as the API server decodes a Secret's `data`: the standard alphabet,
/// padding required, CR and LF ignored anywhere, nothing after the padding. On the bytes, in one
/// pass: every TLS Secret of a large input comes through here.
enum Base64 {
    static func decode(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { decode($0) }
    }

    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, symbol) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(symbol)] = UInt8(value)
        }
        return table
    }()

    static func decode(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(input.count / 4 * 3)
        var group: UInt32 = 0
        var filled = 0
        var padding = 0
        var finished = false
        for byte in input {
            if byte == 0x0A || byte == 0x0D { continue }
            guard !finished else { return nil }
            if byte == UInt8(ascii: "=") {
                // Padding fills the last one or two places of the last group only.
                guard filled >= 2 else { return nil }
                padding += 1
                group <<= 6
            } else {
                let value = values[Int(byte)]
                guard padding == 0, value != 0xFF else { return nil }
                group = group << 6 | UInt32(value)
            }
            filled += 1
            guard filled == 4 else { continue }
            output.append(UInt8(truncatingIfNeeded: group >> 16))
            if padding < 2 { output.append(UInt8(truncatingIfNeeded: group >> 8)) }
            if padding < 1 { output.append(UInt8(truncatingIfNeeded: group)) }
            finished = padding > 0
            group = 0
            filled = 0
            padding = 0
        }
        return filled == 0 ? output : nil
    }
}
