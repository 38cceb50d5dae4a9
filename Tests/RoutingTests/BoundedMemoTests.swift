import Synchronization
import Testing
@testable import Routing

/// The memo behind compiled patterns: it gives back what it was given, makes a value once while
/// it holds it, and never holds more than its capacity.
@Suite struct BoundedMemoTests {
    @Test func aValueIsMadeOnceWhileHeldAndTheMemoStartsOverWhenFull() {
        let memo = BoundedMemo<String, Int>(capacity: 2)
        let made = Mutex<[String]>([])
        func value(_ key: String) -> Int {
            memo.value(for: key) { key in
                made.withLock { $0.append(key) }
                return key.count
            }
        }
        #expect(value("a") == 1)
        #expect(value("bb") == 2)
        #expect(value("a") == 1)
        #expect(made.withLock { $0 } == ["a", "bb"])
        // Full: the third key empties it, so "a" is made again.
        #expect(value("ccc") == 3)
        #expect(value("a") == 1)
        #expect(made.withLock { $0 } == ["a", "bb", "ccc", "a"])
    }

    @Test func aCompiledPatternIsSharedAndMatchesAsAFreshOne() {
        let first = NginxRegex.compiled("^/team-7(/|$)(.*)", ignoringCase: true)
        let second = NginxRegex.compiled("^/team-7(/|$)(.*)", ignoringCase: true)
        #expect(first === second)
        #expect(NginxRegex.compiled("^/team-7(/|$)(.*)", ignoringCase: false) !== first)
        for text in ["/team-7", "/TEAM-7/x", "/team-70", "/team-7/"] {
            #expect(first.matches(Substring(text)) == NginxRegex("^/team-7(/|$)(.*)", ignoringCase: true).matches(Substring(text)), "\(text)")
        }
    }
}
