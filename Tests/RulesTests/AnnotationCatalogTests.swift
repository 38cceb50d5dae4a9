import Testing
@testable import Rules
import Routing

/// The annotation tables are data; these checks keep them coherent as they grow.
@Suite struct AnnotationCatalogTests {
    @Test func everyAnnotationIsListedOnceAndBelongsToItsFamily() {
        var seen: Set<String> = []
        for spec in AnnotationCatalog.all {
            #expect(seen.insert(spec.name).inserted, "\(spec.name) is listed twice")
            let owned = spec.profile.annotationPrefixes.contains { spec.name.hasPrefix($0) } || spec.profile.annotationNames.contains(spec.name)
            #expect(owned, "\(spec.name) is not under a prefix of \(spec.profile.id)")
        }
    }

    @Test func theFiveSnippetAnnotationsAreErrors() {
        for name in ["configuration-snippet", "server-snippet", "auth-snippet", "modsecurity-snippet", "stream-snippet"] {
            let spec = AnnotationCatalog.spec("nginx.ingress.kubernetes.io/" + name)
            guard case .dangerous? = spec?.risk else {
                Issue.record("\(name) must be dangerous, is \(String(describing: spec?.risk))")
                continue
            }
        }
    }

    /// NGINX Inc refuses the whole Ingress while snippets are off (its default), as ingress-nginx
    /// refuses Critical annotations: both are errors, and the reason says so.
    @Test func nginxIncSnippetsAreErrorsThatSayTheIngressIsRejected() {
        for name in ["server-snippets", "location-snippets"] {
            guard case .dangerous(let why)? = AnnotationCatalog.spec("nginx.org/" + name)?.risk else {
                Issue.record("nginx.org/\(name) must be dangerous")
                continue
            }
            #expect(why.contains("rejects the whole Ingress"), "\(why)")
        }
    }

    @Test func aClassSpelledInOtherCapitalsNamesTheClassTheControllerServes() {
        let hint = DeprecatedIngressClassAnnotationRule.replacement(for: "HAProxy", profile: .specification)
        #expect(hint.contains("no controller serves class \"HAProxy\""), "\(hint)")
        #expect(hint.contains("`spec.ingressClassName: haproxy`"), "\(hint)")
        let plain = DeprecatedIngressClassAnnotationRule.replacement(for: "haproxy", profile: .haproxy)
        #expect(!plain.contains("no controller serves"), "\(plain)")
    }

    @Test func highRiskAnnotationsNameWhyTheyAreRisky() {
        for spec in AnnotationCatalog.all {
            switch spec.risk {
            case .dangerous(let why), .highRisk(let why): #expect(!why.isEmpty, "\(spec.name) has no explanation")
            case .none: continue
            }
        }
    }
}
