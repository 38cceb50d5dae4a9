import Testing
@testable import Routing

/// ImplementationSpecific paths read as their controller reads them: a glob for ALB, GKE and AGIC
/// (`/*` is every path, `/api/*` what is below /api, a path without a wildcard exact), exact or a
/// trailing `/*` for Istio, Prefix for the specification. The ALB 2048 example (`path: /*`) had
/// been a 404 for every request.
@Suite struct ImplementationSpecificGlobTests {
    private func table(controller: String) -> RouteTable {
        let ingressClass = "apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: c}\nspec: {controller: \(controller)}\n---\n"
        return RoutingFixtures.table(ingressClass + RoutingFixtures.ingress(
            host: nil, paths: [("/*", "ImplementationSpecific", "all"), ("/api/*", "ImplementationSpecific", "api"), ("/health", "ImplementationSpecific", "health")],
            className: "c"))
    }

    @Test(arguments: ["ingress.k8s.aws/alb", "azure/application-gateway", "istio.io/ingress-controller"])
    func globsRouteAsTheirControllerReadsThem(controller: String) {
        let routes = table(controller: controller)
        let cases: [(String, String)] = [
            ("/", "all"), ("/index.html", "all"), ("/api/v1/users", "api"), ("/api/", "api"),
            ("/health", "health"), ("/health/deep", "all"), ("/healthz", "all"),
        ]
        for (path, expected) in cases {
            #expect(RoutingFixtures.backend(routes, host: "x.example.com", path: path, className: "c") == expected, "\(controller) \(path)")
        }
    }

    /// `/api` beside `/api/*`, as ALB users write them: the request `/api` is the exact path's,
    /// what is below it the glob's.
    @Test func aPathAndTheGlobBelowItShareTheWork() {
        let ingressClass = "apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: c}\nspec: {controller: ingress.k8s.aws/alb}\n---\n"
        let routes = RoutingFixtures.table(ingressClass + RoutingFixtures.ingress(
            host: nil, paths: [("/api/*", "ImplementationSpecific", "below"), ("/api", "ImplementationSpecific", "exact")], className: "c"))
        #expect(RoutingFixtures.backend(routes, host: "x.example.com", path: "/api", className: "c") == "exact")
        #expect(RoutingFixtures.backend(routes, host: "x.example.com", path: "/api/v1", className: "c") == "below")
        #expect(RoutingFixtures.backend(routes, host: "x.example.com", path: "/apiv1", className: "c") == "404")
    }

    /// The specification and ingress-nginx read ImplementationSpecific as Prefix: `*` is a character.
    @Test(arguments: ["example.com/unknown", "k8s.io/ingress-nginx"])
    func elsewhereTheStarIsACharacter(controller: String) {
        let routes = table(controller: controller)
        #expect(RoutingFixtures.backend(routes, host: "x.example.com", path: "/index.html", className: "c") == "404")
        #expect(RoutingFixtures.backend(routes, host: "x.example.com", path: "/health/deep", className: "c") == "health")
    }

    @Test func otherGlobsStayLiteralAndTheListingSaysHowEachPathIsRead() {
        let meaning = ImplementationSpecificMeaning.glob
        #expect(meaning.reading("/a*b") == nil)
        #expect(meaning.reading("/a?") == nil)
        #expect(meaning.reading("/x/*").map { "\($0.0.rawValue) \($0.matchPath)" } == "Prefix /x")
        #expect(meaning.reading("/x").map { "\($0.0.rawValue) \($0.matchPath)" } == "Exact /x")
        #expect(ImplementationSpecificMeaning.exactOrTrailingWildcard.reading("/a?").map { $0.0.rawValue } == "Exact")
        #expect(ImplementationSpecificMeaning.prefix.reading("/x/*").map { "\($0.0.rawValue) \($0.matchPath)" } == "Prefix /x/*")
    }
}
