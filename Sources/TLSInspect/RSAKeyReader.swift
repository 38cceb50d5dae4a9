import SwiftASN1

/// RSA public keys read from their DER structure, whatever their size. BoringSSL (behind
/// swift-crypto and swift-certificates) refuses moduli under 1024 or 2048 bits and over 8192,
/// while controllers load keys up to 16384 bits (OpenSSL's and Go's limit): a valid RSA-16384 pair
/// must not read as "invalid", and a weak one must still be measured.
enum RSAKeyReader {
    static let rsaEncryption: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 1, 1]

    /// Modulus and public exponent, big-endian without leading zeros.
    struct PublicNumbers: Equatable {
        var modulus: ArraySlice<UInt8>
        var exponent: ArraySlice<UInt8>

        var bits: Int {
            guard let first = modulus.first else { return 0 }
            return (modulus.count - 1) * 8 + (8 - first.leadingZeroBitCount)
        }

        /// An odd modulus and an odd exponent of at least 3 (Go's and OpenSSL's checks).
        var isWellFormed: Bool {
            guard let lastModulus = modulus.last, let lastExponent = exponent.last, lastModulus & 1 == 1, lastExponent & 1 == 1 else { return false }
            return exponent.count > 1 || lastExponent >= 3
        }

        /// The SubjectPublicKeyInfo as BoringSSL and swift-certificates encode it (rsaEncryption
        /// with NULL parameters), so that keys from every path compare byte for byte.
        var subjectPublicKeyInfo: [UInt8] {
            let rsaPublicKey = DERBytes.sequence(DERBytes.unsignedInteger(modulus) + DERBytes.unsignedInteger(exponent))
            return DERBytes.sequence(RSAKeyReader.algorithmIdentifier + DERBytes.tlv(0x03, [0x00] + rsaPublicKey))
        }
    }

    /// The sizes BoringSSL loads itself; only keys outside them are read here, so that BoringSSL's
    /// own checks still judge every key it can load.
    static let boringSSLSizes = 2048...8192

    /// From a SubjectPublicKeyInfo of a size BoringSSL refuses; nil for any other key, and for an
    /// RSA key that is not well formed (parameters other than NULL, an even modulus, an exponent
    /// that is even or under 3), as Go's and OpenSSL's parsers refuse those too.
    static func unsupportedPublicNumbers(subjectPublicKeyInfo der: ArraySlice<UInt8>) -> PublicNumbers? {
        guard let root = try? DER.parse(der), case .constructed(let parts) = root.content else { return nil }
        let elements = Array(parts)
        guard elements.count == 2, Array(elements[0].encodedBytes) == algorithmIdentifier,
            let bits = try? ASN1BitString(derEncoded: elements[1]), bits.paddingBits == 0,
            let numbers = publicNumbers(rsaPublicKey: bits.bytes), numbers.isWellFormed, !boringSSLSizes.contains(numbers.bits)
        else { return nil }
        return numbers
    }

    /// From PKCS#1 `RSAPublicKey` (n, e).
    static func publicNumbers(rsaPublicKey der: ArraySlice<UInt8>) -> PublicNumbers? {
        guard let root = try? DER.parse(der), case .constructed(let parts) = root.content else { return nil }
        let integers = Array(parts)
        guard integers.count == 2, let modulus = positiveInteger(integers[0]), let exponent = positiveInteger(integers[1]) else { return nil }
        return PublicNumbers(modulus: modulus, exponent: exponent)
    }

    /// From a private key block of a size BoringSSL refuses: PKCS#1 `RSAPrivateKey` (version 0
    /// with two primes, or 1 with more), or PKCS#8 wrapping one (unwrapped once, never nested).
    /// The modulus must be the product of the primes: a key that does not hold together is
    /// not read, as BoringSSL would not read it.
    static func unsupportedPublicNumbers(privateKey der: [UInt8]) -> PublicNumbers? {
        guard let root = try? DER.parse(der), case .constructed(let parts) = root.content else { return nil }
        let elements = Array(parts)
        if elements.count == 3 || elements.count == 4, Array(elements[1].encodedBytes) == algorithmIdentifier {
            // PKCS#8: version, AlgorithmIdentifier, OCTET STRING holding the PKCS#1 key[, attributes].
            guard let inner = try? ASN1OctetString(derEncoded: elements[2]) else { return nil }
            return pkcs1(Array(inner.bytes))
        }
        return pkcs1(der)
    }

    private static func pkcs1(_ der: [UInt8]) -> PublicNumbers? {
        guard let root = try? DER.parse(der), case .constructed(let parts) = root.content else { return nil }
        let elements = Array(parts)
        guard elements.count == 9 || elements.count == 10, elements.prefix(9).allSatisfy({ $0.identifier == .integer }),
            let version = elements.first, case .primitive(let versionBytes) = version.content,
            Array(versionBytes) == (elements.count == 9 ? [0] : [1]),
            let modulus = positiveInteger(elements[1]), let exponent = positiveInteger(elements[2]),
            var product = positiveInteger(elements[4]).map(Array.init), let q = positiveInteger(elements[5])
        else { return nil }
        product = multiply(product, Array(q))
        if elements.count == 10 {
            // otherPrimeInfos: SEQUENCE OF (prime, exponent, coefficient).
            guard case .constructed(let others) = elements[9].content else { return nil }
            for info in others {
                guard case .constructed(let fields) = info.content, let prime = Array(fields).first.flatMap(positiveInteger) else { return nil }
                product = multiply(product, Array(prime))
            }
        }
        let numbers = PublicNumbers(modulus: modulus, exponent: exponent)
        guard product.drop(while: { $0 == 0 }).elementsEqual(modulus), numbers.isWellFormed, !boringSSLSizes.contains(numbers.bits) else { return nil }
        return numbers
    }

    /// rsaEncryption with NULL parameters, as every RSA SubjectPublicKeyInfo and PKCS#8 key has it.
    static let algorithmIdentifier: [UInt8] = [0x30, 0x0D, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01, 0x05, 0x00]

    /// Big-endian magnitudes multiplied (schoolbook; keys have at most a few thousand bytes).
    static func multiply(_ lhs: [UInt8], _ rhs: [UInt8]) -> [UInt8] {
        guard !lhs.isEmpty, !rhs.isEmpty else { return [] }
        var result = [UInt32](repeating: 0, count: lhs.count + rhs.count)
        for (i, a) in lhs.reversed().enumerated() where a != 0 {
            var carry: UInt32 = 0
            for (j, b) in rhs.reversed().enumerated() {
                let sum = result[i + j] + UInt32(a) * UInt32(b) + carry
                result[i + j] = sum & 0xFF
                carry = sum >> 8
            }
            var k = i + rhs.count
            while carry > 0 {
                let sum = result[k] + carry
                result[k] = sum & 0xFF
                carry = sum >> 8
                k += 1
            }
        }
        return result.reversed().map { UInt8($0) }
    }

    private static func positiveInteger(_ node: ASN1Node) -> ArraySlice<UInt8>? {
        guard node.identifier == .integer, case .primitive(var bytes) = node.content, let first = bytes.first, first & 0x80 == 0 else { return nil }
        while bytes.first == 0 { bytes = bytes.dropFirst() }
        return bytes.isEmpty ? nil : bytes
    }
}

/// The few DER encodings this module writes itself.
enum DERBytes {
    static func length(_ count: Int) -> [UInt8] {
        if count < 0x80 { return [UInt8(count)] }
        var bytes: [UInt8] = []
        var remaining = count
        while remaining > 0 {
            bytes.insert(UInt8(remaining & 0xFF), at: 0)
            remaining >>= 8
        }
        return [0x80 | UInt8(bytes.count)] + bytes
    }

    static func tlv(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] { [tag] + length(content.count) + content }
    static func sequence(_ content: [UInt8]) -> [UInt8] { tlv(0x30, content) }

    /// A non-negative INTEGER: a leading zero byte when the high bit is set.
    static func unsignedInteger(_ magnitude: ArraySlice<UInt8>) -> [UInt8] {
        let body = (magnitude.first.map { $0 & 0x80 != 0 } ?? true) ? [0x00] + magnitude : Array(magnitude)
        return tlv(0x02, body)
    }
}
