/// YAML 1.1 typing of scalars, as sigs.k8s.io/yaml (go-yaml v2) applies it, on the scalar's bytes:
/// it runs once per scalar while the tree is built, so it makes no string and calls no Foundation.
enum ScalarResolution {
    static let stringTag = "tag:yaml.org,2002:str"

    static func type(of bytes: UnsafeBufferPointer<UInt8>, isExplicitString: Bool, tag: String?) -> ResolvedType {
        if isExplicitString { return .string }
        if let tag {
            switch tag {
            case "tag:yaml.org,2002:int": return .integer
            case "tag:yaml.org,2002:float": return .float
            case "tag:yaml.org,2002:bool": return .boolean
            case "tag:yaml.org,2002:null": return .null
            default: return .string
            }
        }
        return plain(bytes)
    }

    /// YAML 1.1's nulls: "", "~", null, Null, NULL.
    static func isNull(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // Every scalar of every document passes here, most of them names: the first byte and the
        // length rule nearly all out before a word is compared.
        guard let first = bytes.first else { return true }
        switch first {
        case UInt8(ascii: "~"): return bytes.count == 1
        case UInt8(ascii: "n"): return equals(bytes, "null")
        case UInt8(ascii: "N"): return equals(bytes, "Null") || equals(bytes, "NULL")
        default: return false
        }
    }

    /// YAML 1.1's booleans: y/n, yes/no, true/false, on/off, each lower case, capitalised or upper case.
    static func isBoolean(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, bytes.count <= 5 else { return false }
        switch first {
        case UInt8(ascii: "y"): return bytes.count == 1 || equals(bytes, "yes")
        case UInt8(ascii: "Y"): return bytes.count == 1 || equals(bytes, "Yes") || equals(bytes, "YES")
        case UInt8(ascii: "n"): return bytes.count == 1 || equals(bytes, "no")
        case UInt8(ascii: "N"): return bytes.count == 1 || equals(bytes, "No") || equals(bytes, "NO")
        case UInt8(ascii: "t"): return equals(bytes, "true")
        case UInt8(ascii: "T"): return equals(bytes, "True") || equals(bytes, "TRUE")
        case UInt8(ascii: "f"): return equals(bytes, "false")
        case UInt8(ascii: "F"): return equals(bytes, "False") || equals(bytes, "FALSE")
        case UInt8(ascii: "o"): return equals(bytes, "on") || equals(bytes, "off")
        case UInt8(ascii: "O"): return equals(bytes, "On") || equals(bytes, "ON") || equals(bytes, "Off") || equals(bytes, "OFF")
        default: return false
        }
    }

    private static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        guard bytes.count == word.utf8CodeUnitCount else { return false }
        let letters = word.utf8Start
        for index in 0..<bytes.count where bytes[index] != letters[index] { return false }
        return true
    }

    private static let specialFloats: [[UInt8]] = [".inf", "-.inf", "+.inf", ".nan"].map { Array($0.utf8) }

    static func plain(_ bytes: UnsafeBufferPointer<UInt8>) -> ResolvedType {
        guard let first = bytes.first else { return .null }
        if isNull(bytes) { return .null }
        // Only text that can start a number or a boolean needs a closer look.
        switch first {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."):
            if integer(bytes) != nil { return .integer }
            if isFloat(bytes) { return .float }
            return .string
        default:
            if isBoolean(bytes) { return .boolean }
            return .string
        }
    }

    /// go-yaml v2's integers: a sign, then decimal, `0x` hex, `0b` binary, `0o` or leading-zero
    /// octal, with `_` anywhere after the sign ignored; nil on overflow.
    static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var rest = bytes[...]
        var negative = false
        if let sign = rest.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            rest = rest.dropFirst()
        }
        guard !rest.isEmpty else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: rest.count) { buffer -> Int? in
            var count = 0
            for byte in rest where byte != UInt8(ascii: "_") {
                // One sign only (`-0-001…` once overflowed into a trap; found by FuzzYAML).
                if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") { return nil }
                buffer[count] = byte
                count += 1
            }
            let digits = UnsafeBufferPointer(rebasing: buffer[0..<count])
            guard !digits.isEmpty else { return nil }
            let value: Int?
            if digits.count >= 2, digits[0] == UInt8(ascii: "0"), digits[1] == UInt8(ascii: "x") {
                value = accumulate(digits.dropFirst(2), radix: 16)
            } else if digits.count >= 2, digits[0] == UInt8(ascii: "0"), digits[1] == UInt8(ascii: "b") {
                value = accumulate(digits.dropFirst(2), radix: 2)
            } else if digits.count >= 2, digits[0] == UInt8(ascii: "0"), digits[1] == UInt8(ascii: "o") {
                value = accumulate(digits.dropFirst(2), radix: 8)
            } else if digits.count > 1, digits[0] == UInt8(ascii: "0") {
                value = accumulate(digits.dropFirst(), radix: 8)
            } else {
                value = accumulate(digits[...], radix: 10)
            }
            guard let value else { return nil }
            guard negative else { return value }
            let (negated, overflow) = value.multipliedReportingOverflow(by: -1)
            return overflow ? nil : negated
        }
    }

    private static func accumulate(_ digits: Slice<UnsafeBufferPointer<UInt8>>, radix: Int) -> Int? {
        guard !digits.isEmpty else { return nil }
        var value = 0
        for byte in digits {
            let digit: Int
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = Int(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): digit = Int(byte - UInt8(ascii: "a")) + 10
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): digit = Int(byte - UInt8(ascii: "A")) + 10
            default: return nil
            }
            guard digit < radix else { return nil }
            let (shifted, overflow) = value.multipliedReportingOverflow(by: radix)
            let (sum, carry) = shifted.addingReportingOverflow(digit)
            guard !overflow, !carry else { return nil }
            value = sum
        }
        return value
    }

    static func isFloat(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if bytes.count <= 5, specialFloats.contains(where: { special in
            special.count == bytes.count && zip(special, bytes).allSatisfy { $0 == ($1.isLetter ? $1 | 0x20 : $1) }
        }) { return true }
        var sawDigit = false
        var sawDot = false
        var sawExponent = false
        var previous = UInt8(ascii: " ")
        for (index, byte) in bytes.enumerated() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigit = true
            case UInt8(ascii: "_"): break
            case UInt8(ascii: "-"), UInt8(ascii: "+"):
                guard index == 0 || previous == UInt8(ascii: "e") || previous == UInt8(ascii: "E") else { return false }
            case UInt8(ascii: "."):
                guard !sawDot, !sawExponent else { return false }
                sawDot = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                guard sawDigit, !sawExponent else { return false }
                sawExponent = true
            default: return false
            }
            previous = byte
        }
        return sawDigit && (sawDot || sawExponent) && previous != UInt8(ascii: "e") && previous != UInt8(ascii: "E")
    }
}

private extension UInt8 {
    var isLetter: Bool { (self | 0x20) >= UInt8(ascii: "a") && (self | 0x20) <= UInt8(ascii: "z") }
}
