/// Swift's Regex has no time limit: patterns that run where others' input arrives (the webhook's
/// rules, a policy's denied paths) are first checked for the shapes that backtrack exponentially.
public enum RegexSafety {
    /// True when the pattern may backtrack exponentially: a quantified group that itself holds a
    /// quantifier or an alternation (`(a+)+`, `(a|aa)*`), or a backreference. Swift's Regex has
    /// no time limit, so analyses that run where others' input arrives (the webhook's rules) do
    /// not evaluate such a pattern.
    public static func mayBacktrackExponentially(_ pattern: String) -> Bool {
        let characters = Array(pattern)
        var groups: [Bool] = []  // per open group: holds a quantifier or an alternation
        var index = 0
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "\\":
                if index + 1 < characters.count, characters[index + 1].isNumber { return true }
                index += 1
            case "[":
                while index < characters.count, characters[index] != "]" { index += 1 }
            case "(":
                groups.append(false)
            case ")":
                let inner = groups.popLast() ?? false
                let next = index + 1 < characters.count ? characters[index + 1] : " "
                if inner && "*+{".contains(next) { return true }
                if inner, !groups.isEmpty { groups[groups.count - 1] = true }
            case "*", "+", "{", "|":
                if !groups.isEmpty { groups[groups.count - 1] = true }
            default: break
            }
            index += 1
        }
        return false
    }
}
