/// Field and label selectors as the API server reads them: `a=b`, `a==b`, `a!=b`, and for labels
/// also a bare key (exists) and `!key` (absent), comma-separated, all must hold.
struct Selector: Sendable {
    enum Term: Sendable {
        case equals(String, String)
        case notEquals(String, String)
        case exists(String)
        case absent(String)
    }

    var terms: [Term]

    init?(_ text: String?) {
        guard let text, !text.isEmpty else { return nil }
        terms = text.split(separator: ",").map { raw in
            let part = String(raw).trimmingCharacters(in: .whitespaces)
            if let range = part.range(of: "!=") {
                return .notEquals(String(part[..<range.lowerBound]), String(part[range.upperBound...]))
            }
            if let range = part.range(of: "==") ?? part.range(of: "=") {
                return .equals(String(part[..<range.lowerBound]), String(part[range.upperBound...]))
            }
            if part.hasPrefix("!") { return .absent(String(part.dropFirst())) }
            return .exists(part)
        }
    }

    func matches(_ values: [String: String]) -> Bool {
        terms.allSatisfy { term in
            switch term {
            case .equals(let key, let value): return values[key] == value
            case .notEquals(let key, let value): return values[key] != value
            case .exists(let key): return values[key] != nil
            case .absent(let key): return values[key] == nil
            }
        }
    }
}

import Foundation
