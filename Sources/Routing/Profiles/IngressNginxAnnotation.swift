import Foundation
import IngressModel
#if canImport(Glibc)
import Glibc
#endif

/// One annotation ingress-nginx reads, as its parser declares it: the risk level its
/// `annotations-risk-level` gate compares, the values its validator accepts, and what the
/// controller does with an invalid value. The table is `IngressNginxAnnotationTable.swift`.
public struct IngressNginxAnnotation: Sendable {
    /// `parser.AnnotationRisk`; the controller refuses an Ingress carrying an annotation above its
    /// `annotations-risk-level` (default High: only Critical ones are refused).
    public enum Risk: Int, Sendable, Comparable, CustomStringConvertible {
        case low, medium, high, critical

        public static func < (lhs: Risk, rhs: Risk) -> Bool { lhs.rawValue < rhs.rawValue }
        public var description: String {
            switch self {
            case .low: return "Low"
            case .medium: return "Medium"
            case .high: return "High"
            case .critical: return "Critical"
            }
        }
    }

    public enum Check: Sendable {
        case boolean
        case integer
        /// The whole value must match (ICU syntax, anchored).
        case pattern(String)
        case options([String], caseSensitive: Bool)
        /// Go's `net.ParseCIDR` or `net.ParseIP` for each comma-separated item.
        case cidrList
        case anything
    }

    /// What ingress-nginx does when the value fails its validator.
    public enum OnInvalid: Sendable {
        /// The parser returns a validation error: the admission webhook denies the Ingress (and
        /// without the webhook the controller skips it).
        case ingressRejected
        /// A warning in the controller's log; the default applies.
        case ignored
        /// The location answers 503.
        case locationDenied
        /// The whole group (all external-auth settings) is silently dropped.
        case groupDropped
    }

    public static let defaultRiskLevel = Risk.high

    public let name: String
    public let risk: Risk
    public let check: Check
    /// `ValidateRegex(re, true)`: spaces are removed before matching.
    public let stripsSpaces: Bool
    public let onInvalid: OnInvalid
    /// What a valid value looks like, for messages.
    public let expects: String
    /// The parser's file in kubernetes/ingress-nginx.
    public let source: String

    init(_ name: String, risk: Risk, check: Check, stripsSpaces: Bool, onInvalid: OnInvalid, expects: String, source: String) {
        self.name = name
        self.risk = risk
        self.check = check
        self.stripsSpaces = stripsSpaces
        self.onInvalid = onInvalid
        self.expects = expects
        self.source = source
    }

    private static let index: [String: IngressNginxAnnotation] = Dictionary(table.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

    /// The entry for a full key (`nginx.ingress.kubernetes.io/NAME`), if ingress-nginx reads it.
    public static func entry(forKey key: String) -> IngressNginxAnnotation? {
        guard key.hasPrefix(AnnotationCatalog.ingressNginxPrefix) else { return nil }
        return index[String(key.dropFirst(AnnotationCatalog.ingressNginxPrefix.count))]
    }

    /// Every name ingress-nginx reads, for suggestions.
    public static var names: [String] { table.map(\.name) }

    /// True when ingress-nginx accepts the value. Empty values are never validated by it.
    public func accepts(_ value: String) -> Bool {
        if value.isEmpty { return true }
        switch check {
        case .boolean:
            return GoBoolean.parse(value) != nil
        case .integer:
            return Self.isGoInteger(value)
        case .pattern(let pattern):
            // ValidateRegex refuses line breaks whatever the pattern (MaliciousRegex).
            // By bytes, as Go compares: Foundation's string search here was most of a check.
            if value.utf8.contains(where: { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) { return false }
            let subject = stripsSpaces && value.utf8.contains(UInt8(ascii: " "))
                ? String(decoding: value.utf8.filter { $0 != UInt8(ascii: " ") }, as: UTF8.self) : value
            return Self.wholeMatch(pattern, subject)
        case .options(let allowed, let caseSensitive):
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            return caseSensitive ? allowed.contains(trimmed) : allowed.contains(trimmed.lowercased())
        case .cidrList:
            return value.split(separator: ",", omittingEmptySubsequences: false).allSatisfy { item in
                Self.isCIDROrIP(item.trimmingCharacters(in: .whitespaces))
            }
        case .anything:
            return true
        }
    }

    /// Go's `strconv.Atoi`: an optional sign, ASCII digits, within 64 bits.
    static func isGoInteger(_ text: String) -> Bool {
        var digits = Substring(text)
        if digits.first == "+" || digits.first == "-" { digits = digits.dropFirst() }
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber } && Int64(text) != nil
    }

    static func isCIDROrIP(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = parts.first else { return false }
        let isV6 = address.contains(":")
        guard isV6 ? isIPv6(address) : isIPv4(address) else { return false }
        guard parts.count == 2 else { return true }
        guard let bits = Int(parts[1]), parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), parts[1].count <= 3 else { return false }
        return bits >= 0 && bits <= (isV6 ? 128 : 32)
    }

    /// Go's `net.ParseIP` for IPv4: four decimal octets, no leading zeros.
    static func isIPv4(_ text: Substring) -> Bool {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.allSatisfy { octet in
            guard let value = Int(octet), octet.allSatisfy({ $0.isASCII && $0.isNumber }), value <= 255 else { return false }
            return octet.count == 1 || octet.first != "0"
        }
    }

    static func isIPv6(_ text: Substring) -> Bool {
        guard !text.contains("%") else { return false }
        var address = in6_addr()
        return String(text).withCString { inet_pton(AF_INET6, $0, &address) } == 1
    }

    private static let compiled = CompiledPatterns()

    /// For the table's test: a pattern that does not compile would accept every value.
    static func compiles(_ pattern: String) -> Bool { compiled.expression(pattern) != nil }

    static func wholeMatch(_ pattern: String, _ subject: String) -> Bool {
        if let known = compiled.knownMatch(pattern, subject) { return known }
        guard let expression = compiled.expression(pattern) else { return true }
        let range = NSRange(subject.startIndex..., in: subject)
        let matches = expression.firstMatch(in: subject, options: [.anchored], range: range)?.range == range
        compiled.remember(pattern, subject, matches)
        return matches
    }
}

/// Each pattern compiled once, shared by every rule run (NSRegularExpression is thread-safe), and
/// the answers for recent values: a cluster's Ingresses repeat a few values (`8m`, `true`) by the
/// thousand, and a lookup costs a fraction of a match.
private final class CompiledPatterns: @unchecked Sendable {
    private let lock = NSLock()
    private var cache: [String: NSRegularExpression] = [:]
    /// The subject by its bytes: canonically equivalent spellings are equal strings, but not
    /// the same input to the expression.
    private struct Question: Hashable {
        var pattern: String
        var subject: ByteText
    }
    private var answers: [Question: Bool] = [:]
    /// Bounds the answers kept; values are free text, and a hostile set of them must not grow it.
    private static let answerLimit = 4096

    func knownMatch(_ pattern: String, _ subject: String) -> Bool? {
        lock.lock()
        defer { lock.unlock() }
        return answers[Question(pattern: pattern, subject: ByteText(subject))]
    }

    func remember(_ pattern: String, _ subject: String, _ matches: Bool) {
        // Long values are rare and would make the table large: they are matched every time.
        guard subject.utf8.count <= 256 else { return }
        lock.lock()
        defer { lock.unlock() }
        if answers.count >= Self.answerLimit { answers.removeAll(keepingCapacity: true) }
        answers[Question(pattern: pattern, subject: ByteText(subject))] = matches
    }

    func expression(_ pattern: String) -> NSRegularExpression? {
        lock.lock()
        defer { lock.unlock() }
        if let cached = cache[pattern] { return cached }
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return nil }
        cache[pattern] = expression
        return expression
    }
}
