import IngressModel
import Testing

@Suite struct HostPatternTests {
    @Test func ruleHostsAreCaseFoldedAndEmptyMeansAny() {
        #expect(HostPattern(ruleHost: "Shop.Example.com") == .exact("shop.example.com"))
        #expect(HostPattern(ruleHost: "*.Example.com") == .wildcard(suffix: "example.com"))
        #expect(HostPattern(ruleHost: "") == .any)
        #expect(HostPattern(ruleHost: nil) == .any)
    }

    @Test func exactBeatsWildcardBeatsAny() {
        #expect(HostPattern.exact("a.b").specificity > HostPattern.wildcard(suffix: "b").specificity)
        #expect(HostPattern.wildcard(suffix: "b").specificity > HostPattern.any.specificity)
    }

    @Test func aWildcardCoversExactlyOneLabelAndOnlyTheSameWildcard() {
        let wildcard = HostPattern(ruleHost: "*.example.com")
        #expect(wildcard.covers(.exact("shop.example.com")))
        #expect(!wildcard.covers(.exact("a.shop.example.com")))
        #expect(!wildcard.covers(.exact("example.com")))
        #expect(wildcard.covers(.wildcard(suffix: "example.com")))
        #expect(!wildcard.covers(.wildcard(suffix: "shop.example.com")))
        #expect(!HostPattern.exact("shop.example.com").covers(wildcard))
        #expect(HostPattern.any.covers(wildcard) && !wildcard.covers(.any))
    }

    @Test func overlapIsCoverEitherWay() {
        #expect(HostPattern.exact("a.example.com").overlaps(.wildcard(suffix: "example.com")))
        #expect(HostPattern.wildcard(suffix: "example.com").overlaps(.exact("a.example.com")))
        #expect(!HostPattern.exact("a.example.com").overlaps(.exact("b.example.com")))
    }

    @Test func theCoveringWildcardOfAnExactHost() {
        #expect(HostPattern.exact("a.example.com").coveringWildcard == .wildcard(suffix: "example.com"))
        #expect(HostPattern.exact("localhost").coveringWildcard == nil)
        #expect(HostPattern.wildcard(suffix: "example.com").coveringWildcard == nil)
    }

    @Test func requestsMatchByTheirNormalizedHost() {
        #expect(HostPattern.wildcard(suffix: "example.com").matches(RequestHost.normalize("Shop.Example.com:8443")))
        #expect(!HostPattern.wildcard(suffix: "example.com").matches(RequestHost.normalize(".example.com")))
    }

    @Test func aTrailingDotIsTheSameName() {
        #expect(RequestHost.normalize("Shop.Example.com.:8443") == "shop.example.com")
        #expect(RequestHost.normalize("shop.example.com.") == "shop.example.com")
        #expect(RequestHost.normalize(".") == ".")
    }

    @Test func emptyCertificateNamesCoverNothing() {
        #expect(!HostPattern.any(of: [""], covers: "shop.example.com"))
        #expect(HostPattern.any(of: ["", "SHOP.example.com"], covers: "shop.example.com"))
    }
}
