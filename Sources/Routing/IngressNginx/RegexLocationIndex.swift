import IngressModel

/// The regex locations of a server by the literal their pattern starts with: a request path is
/// tried only against the locations whose literal begins it (and those without one), in the
/// written order, instead of against all. A host with 4,000 regex paths had every path probed
/// against every location (`nginx-regex-location-shadowed`), every request too (the proxy).
struct RegexLocationIndex: Sendable {
    /// Positions in the server's locations, by anchored literal (lower case), each list ascending.
    private var byLiteral: [ByteText: [Int]] = [:]
    /// Locations that any path may match: no literal, or a pattern that keeps case.
    private var everywhere: [Int] = []
    private var longestLiteral = 0

    init(_ locations: [NginxLocation]) {
        for (position, location) in locations.enumerated() {
            guard let regex = location.regex, regex.ignoringCase, !regex.anchoredLiteral.isEmpty else {
                everywhere.append(position)
                continue
            }
            byLiteral[ByteText(String(decoding: regex.anchoredLiteral, as: UTF8.self)), default: []].append(position)
            longestLiteral = max(longestLiteral, regex.anchoredLiteral.count)
        }
    }

    /// The positions a path may match, ascending; nil when the path has a byte outside ASCII (a
    /// regex decides those: Unicode case folding is not ASCII's).
    func candidates(for path: Substring) -> [Int]? {
        var lowered: [UInt8] = []
        lowered.reserveCapacity(min(path.utf8.count, longestLiteral))
        for byte in path.utf8 {
            if byte >= 0x80 { return nil }
            guard lowered.count < longestLiteral else { continue }
            lowered.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte)
        }
        let text = String(decoding: lowered, as: UTF8.self)
        var found = everywhere
        var end = text.startIndex
        while end < text.endIndex {
            end = text.utf8.index(after: end)
            if let positions = byLiteral[ByteText(text[..<end])] { found.append(contentsOf: positions) }
        }
        return found.count == everywhere.count ? found : found.sorted()
    }
}
