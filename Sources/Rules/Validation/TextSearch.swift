extension StringProtocol {
    /// Whether `needle` occurs in the text, byte for byte in UTF-8, as Go's `strings.Contains` in
    /// the API server's validation compares. With Foundation imported, `contains(_:)` on strings
    /// goes through NSString's non-literal (canonically equivalent) search, which was a twentieth
    /// of an admission's time.
    func containsBytes(_ needle: String) -> Bool {
        var needle = needle
        return needle.withUTF8 { pattern in
            guard let first = pattern.first else { return true }
            let haystack = utf8
            var start = haystack.startIndex
            while let found = haystack[start...].firstIndex(of: first) {
                if haystack[found...].starts(with: pattern) { return true }
                start = haystack.index(after: found)
            }
            return false
        }
    }
}
