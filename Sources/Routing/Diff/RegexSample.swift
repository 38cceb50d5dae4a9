/// A string that a path regex of an Ingress matches, for `diff` to send: each construct replaced
/// by a short instance of it (`[0-9]+` → `1`, `(.*)` → `x`, `(a|b)` → `a`). The result is checked
/// against the regex by the caller; a pattern too unusual to sample gives nil.
enum RegexSample {
    static func sample(_ pattern: String) -> String? {
        var characters = Array(pattern)
        if characters.first == "^" { characters.removeFirst() }
        var output = ""
        var index = 0
        func quantifierFollows() -> Character? {
            guard index < characters.count else { return nil }
            let next = characters[index]
            if "*+?".contains(next) {
                index += 1
                if index < characters.count, characters[index] == "?" || characters[index] == "+" { index += 1 }
                return next
            }
            if next == "{" {
                guard let close = characters[index...].firstIndex(of: "}") else { return nil }
                let inside = String(characters[(index + 1)..<close])
                index = close + 1
                // `{n}`, `{n,}`, `{n,m}` with a count of 0–9 as written; anything else gives no sample.
                guard let minimum = Int(inside.split(separator: ",", omittingEmptySubsequences: false).first ?? ""), (0...9).contains(minimum) else {
                    return "!"
                }
                return minimum == 0 ? "*" : Character(String(minimum))
            }
            return nil
        }
        var unsampleable = false
        func emit(_ unit: String) {
            switch quantifierFollows() {
            case "!"?: unsampleable = true
            case "?"?: break
            case let count? where count.isNumber: output += String(repeating: unit, count: count.wholeNumberValue ?? 1)
            default: output += unit
            }
        }
        var depth = 0
        while index < characters.count {
            let character = characters[index]
            index += 1
            switch character {
            case "\\":
                guard index < characters.count else { return nil }
                let escaped = characters[index]
                index += 1
                switch escaped {
                case "d": emit("1")
                case "w": emit("a")
                case "s": emit("-")
                default: emit(String(escaped))
                }
            case ".": emit("x")
            case "[":
                guard let close = characters[index...].firstIndex(of: "]") else { return nil }
                var members = Array(characters[index..<close])
                index = close + 1
                if members.first == "^" { return nil }
                if members.first == "]" { members.removeFirst() }
                guard let first = members.first else { return nil }
                emit(first == "\\" && members.count > 1 ? (members[1] == "d" ? "1" : String(members[1])) : String(first))
            case "(":
                if index < characters.count, characters[index] == "?" {
                    // (?:...) and (?i): the group's text follows.
                    while index < characters.count, characters[index] != ":" && characters[index] != ")" { index += 1 }
                    if index < characters.count, characters[index] == ")" { index += 1; continue }
                    index += 1
                }
                depth += 1
            case ")":
                depth -= 1
                if quantifierFollows() == "!" { unsampleable = true }
            case "|":
                // The first alternative of the innermost group: skip to its end.
                var level = 0
                while index < characters.count {
                    let skipped = characters[index]
                    if skipped == "\\" { index += 2; continue }
                    if skipped == "(" { level += 1 }
                    if skipped == ")" {
                        if level == 0 { break }
                        level -= 1
                    }
                    index += 1
                }
            case "$": break
            case "*", "+", "?", "{": return nil
            default: emit(String(character))
            }
        }
        return output.hasPrefix("/") && !unsampleable ? output : nil
    }
}
