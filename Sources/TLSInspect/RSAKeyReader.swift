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

        /// The SubjectPublicKeyInfo as BoringSSL and swift-certificates encode it (rsaEncryption
        /// with NULL parameters), so that keys from every path compare byte for byte.
        var subjectPublicKeyInfo: [UInt8] {
            let rsaPublicKey = DERBytes.sequence(DERBytes.unsignedInteger(modulus) + DERBytes.unsignedInteger(exponent))
            let algorithm = DERBytes.sequence([0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01, 0x05, 0x00])
            return DERBytes.sequence(algorithm + DERBytes.tlv(0x03, [0x00] + rsaPublicKey))
        }
    }

    /// From a SubjectPublicKeyInfo; nil when it is not an RSA key.
    static func publicNumbers(subjectPublicKeyInfo der: ArraySlice<UInt8>) -> PublicNumbers? {
        guard let root = try? DER.parse(der), case .constructed(let parts) = root.content else { return nil }
        let elements = Array(parts)
        guard elements.count == 2, case .constructed(let algorithm) = elements[0].content,
            let oid = Array(algorithm).first.flatMap({ try? ASN1ObjectIdentifier(derEncoded: $0) }), oid == rsaEncryption,
            let bits = try? ASN1BitString(derEncoded: elements[1]), bits.paddingBits == 0
        else { return nil }
        return publicNumbers(rsaPublicKey: bits.bytes)
    }

    /// From PKCS#1 `RSAPublicKey` (n, e).
    static func publicNumbers(rsaPublicKey der: ArraySlice<UInt8>) -> PublicNumbers? {
        guard let root = try? DER.parse(der), case .constructed(let parts) = root.content else { return nil }
        let integers = Array(parts)
        guard integers.count == 2, let modulus = positiveInteger(integers[0]), let exponent = positiveInteger(integers[1]) else { return nil }
        return PublicNumbers(modulus: modulus, exponent: exponent)
    }

    /// From a private key block: PKCS#1 `RSAPrivateKey` (version, n, e, d, ...) or PKCS#8 wrapping it.
    static func publicNumbers(privateKey der: [UInt8]) -> PublicNumbers? {
        guard let root = try? DER.parse(der), case .constructed(let parts) = root.content else { return nil }
        let elements = Array(parts)
        if elements.count >= 3, case .constructed(let algorithm) = elements[1].content {
            // PKCS#8: version, AlgorithmIdentifier, OCTET STRING holding the PKCS#1 key.
            guard let oid = Array(algorithm).first.flatMap({ try? ASN1ObjectIdentifier(derEncoded: $0) }), oid == rsaEncryption,
                let inner = try? ASN1OctetString(derEncoded: elements[2])
            else { return nil }
            return publicNumbers(privateKey: Array(inner.bytes))
        }
        guard elements.count >= 9, let modulus = positiveInteger(elements[1]), let exponent = positiveInteger(elements[2]) else { return nil }
        return PublicNumbers(modulus: modulus, exponent: exponent)
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
