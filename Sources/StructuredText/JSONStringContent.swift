/// The text of a JSON string literal, from the bytes between its quotes, escapes decoded: one
/// decoder for the composer (documents) and the byte scanner (AdmissionReview fields).
enum JSONStringContent {
    /// Strict, for documents: an unknown escape, a raw control character, a lone surrogate or bad
    /// UTF-8 make it nil (the caller falls back to the YAML path, which reports it). Lenient, for
    /// the scanner's keys and few values: such escapes are kept as written and bad scalars replaced.
    static func decode(_ raw: ArraySlice<UInt8>, strict: Bool) -> String? {
        let backslash = UInt8(ascii: "\\")
        if !raw.contains(where: { $0 == backslash || (strict && $0 < 0x20) }) {
            return strict ? String(validating: raw, as: UTF8.self) : String(decoding: raw, as: UTF8.self)
        }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(raw.count)
        var position = raw.startIndex
        func hex(_ at: Int) -> UInt32? {
            guard at + 4 <= raw.endIndex else { return nil }
            return UInt32(String(decoding: raw[at..<(at + 4)], as: UTF8.self), radix: 16)
        }
        while position < raw.endIndex {
            let byte = raw[position]
            if strict && byte < 0x20 { return nil }
            guard byte == backslash, position + 1 < raw.endIndex else {
                if strict && byte == backslash { return nil }
                decoded.append(byte)
                position += 1
                continue
            }
            let escaped = raw[position + 1]
            position += 2
            switch escaped {
            case UInt8(ascii: "n"): decoded.append(0x0A)
            case UInt8(ascii: "t"): decoded.append(0x09)
            case UInt8(ascii: "r"): decoded.append(0x0D)
            case UInt8(ascii: "b"): decoded.append(0x08)
            case UInt8(ascii: "f"): decoded.append(0x0C)
            case UInt8(ascii: "\""), backslash, UInt8(ascii: "/"): decoded.append(escaped)
            case UInt8(ascii: "u"):
                guard var code = hex(position) else { return nil }
                position += 4
                // A surrogate pair spells one scalar in two escapes.
                if (0xD800..<0xDC00).contains(code) {
                    if position + 6 <= raw.endIndex, raw[position] == backslash, raw[position + 1] == UInt8(ascii: "u"),
                        let low = hex(position + 2), (0xDC00..<0xE000).contains(low) {
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        position += 6
                    } else if strict {
                        return nil
                    }
                }
                if let scalar = Unicode.Scalar(code) {
                    decoded += Array(String(Character(scalar)).utf8)
                } else if strict {
                    return nil
                } else {
                    decoded += Array("\u{FFFD}".utf8)
                }
            default:
                if strict { return nil }
                decoded.append(escaped)
            }
        }
        return strict ? String(validating: decoded, as: UTF8.self) : String(decoding: decoded, as: UTF8.self)
    }
}
