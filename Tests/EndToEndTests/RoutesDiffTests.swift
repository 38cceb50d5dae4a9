import Foundation
import Testing

/// `routes` and `diff` as users run them: on the examples, on two trees, and on a git repository
/// made here.
@Suite struct RoutesDiffTests {
    let root = CLIRunner.repositoryRoot

    @Test func routesListsLocationsInIngressNginxOrderWithWhatTheyKeepOut() throws {
        let outcome = try CLIRunner.run(["routes", "examples/ingress-nginx"], cwd: root)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let text = outcome.stdout
        #expect(text.contains("class nginx, routed as ingress-nginx"))
        let find = try #require(text.range(of: "location ~* \"^/find/(.*)\""))
        let cart = try #require(text.range(of: "location ~* \"^/cart/\""))
        #expect(find.lowerBound < cart.lowerBound, "longest path first")
        #expect(text.contains("rewrite to /search/$1"))
        #expect(text.contains("canary default/cart-canary:80 of Ingress default/shop-canary (header X-Canary, weight 10 of 100)"))
        #expect(text.contains("shadows Ingress default/shop-v2 spec.rules[0].http.paths[0] → default/cart-v2:80"))
        #expect(text.contains("# from-to-www-redirect: every request 308 to blog.example.com"))
    }

    @Test func routesDrawsAndTabulates() throws {
        let spec = try CLIRunner.run(["routes", "examples/routing/fanout.yaml", "--controller", "nginx=spec", "--format", "json"], cwd: root)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(spec.stdout.utf8)) as? [String: Any])
        let first = try #require((parsed["classes"] as? [[String: Any]])?.first)
        #expect(first["routing"] as? String == "spec")
        let hosts = try #require(first["hosts"] as? [[String: Any]])
        #expect(hosts.map { $0["host"] as? String } == ["foo.bar.com", "*.bar.com", "(any host)", "(any other request)"])
        let markdown = try CLIRunner.run(["routes", "examples/ingress-nginx", "--format", "markdown"], cwd: root)
        #expect(markdown.stdout.contains("| Host | Match | Backend | Ingress | Notes |"))
        #expect(markdown.stdout.contains("| shop.example.com | `location ~* \"^/find/(.*)\"` | `default/search:80` | default/shop-search |"))
        let mermaid = try CLIRunner.run(["routes", "examples/routing/fanout.yaml", "--format", "mermaid"], cwd: root)
        #expect(mermaid.stdout.hasPrefix("flowchart LR\n"))
        #expect(mermaid.stdout.contains("[[\"default/service1:4200\"]]"))
        let dot = try CLIRunner.run(["routes", "examples/routing/fanout.yaml", "--format", "dot"], cwd: root)
        #expect(dot.stdout.hasPrefix("digraph routes {"))
        #expect(dot.stdout.contains("label=\"foo.bar.com\""))
        #expect(dot.stdout.hasSuffix("}\n"))
    }

    @Test func diffFromIngressNginxToTheSpecification() throws {
        let outcome = try CLIRunner.run(["diff", "--from", "ingress-nginx", "--to", "spec", "examples/ingress-nginx"], cwd: root)
        #expect(outcome.status == 1)
        let text = outcome.stdout
        // The regex spill: /CART is served on ingress-nginx and not by the specification.
        #expect(text.contains("GET http(s)://shop.example.com/CART\n    ingress-nginx: default/cart:80 with canary default/cart-canary:80 taking 10 of 100, path /CART"), "\(text)")
        #expect(text.contains("GET http(s)://shop.example.com/find/x\n    ingress-nginx: default/search:80, path /search/x"), "\(text)")
        #expect(text.contains("GET http://blog.example.com/\n    ingress-nginx: 302 to http://blog.example.com/home"))
        #expect(text.contains("Annotations with no meaning on spec:"))
        #expect(text.contains("Ingress default/shop-search: nginx.ingress.kubernetes.io/rewrite-target"))
        #expect(text.contains("requests route differently (ingress-nginx → spec)"))
        let markdown = try CLIRunner.run(["diff", "--from", "ingress-nginx", "--to", "spec", "examples/ingress-nginx", "--format", "markdown"], cwd: root)
        #expect(markdown.stdout.hasPrefix("### ingress-guard diff: "))
        #expect(markdown.stdout.contains("| Ingress | Request | ingress-nginx | spec |"))
        let json = try CLIRunner.run(["diff", "--from", "ingress-nginx", "--to", "spec", "examples/ingress-nginx", "--format", "json"], cwd: root)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((parsed["differences"] as? [Any])?.isEmpty == false)
        #expect((parsed["requests"] as? Int ?? 0) > 100)
    }

    @Test func theSameSemanticsOnBothSidesDifferInNothing() throws {
        let outcome = try CLIRunner.run(["diff", "--from", "ingress-nginx", "--to", "ingress-nginx", "examples/ingress-nginx"], cwd: root)
        #expect(outcome.status == 0, "\(outcome.stdout)")
        #expect(outcome.stdout.contains("no difference:"))
        let same = try CLIRunner.run(["diff", "examples/routing/fanout.yaml", "examples/routing/fanout.yaml"], cwd: root)
        #expect(same.status == 0)
    }

    static let base = """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: web, namespace: shop}
        spec:
          rules:
          - host: shop.example.com
            http:
              paths:
              - {path: /api, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}
              - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
        """

    @Test func diffOfTwoTreesNamesTheChangedRequests() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let before = directory.appendingPathComponent("before.yaml")
        let after = directory.appendingPathComponent("after.yaml")
        try Self.base.write(to: before, atomically: true, encoding: .utf8)
        try Self.base.replacingOccurrences(of: "pathType: Prefix, backend: {service: {name: api", with: "pathType: Exact, backend: {service: {name: api")
            .write(to: after, atomically: true, encoding: .utf8)
        let outcome = try CLIRunner.run(["diff", before.path, after.path])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("GET http(s)://shop.example.com/api/sub"))
        #expect(outcome.stdout.contains("shop/api:80, path /api/sub"))
        #expect(outcome.stdout.contains("shop/web:80, path /api/sub"))
        #expect(!outcome.stdout.contains("shop.example.com/api\n"), "Exact /api still serves /api")
    }

    @Test func diffAgainstAGitRevision() throws {
        let directory = try CLIRunner.temporaryDirectory()
        func git(_ arguments: [String]) throws {
            let outcome = try CLIRunner.program(URL(fileURLWithPath: "/usr/bin/env"), ["git", "-C", directory.path] + arguments)
            #expect(outcome.status == 0, "git \(arguments): \(outcome.stderr)")
        }
        try git(["init", "-q", "-b", "main"])
        try git(["config", "user.email", "test@example.com"])
        try git(["config", "user.name", "test"])
        let manifests = directory.appendingPathComponent("deploy/.overlays")
        try FileManager.default.createDirectory(at: manifests, withIntermediateDirectories: true)
        let file = manifests.appendingPathComponent("web.yaml")
        try Self.base.write(to: file, atomically: true, encoding: .utf8)
        try "not a manifest".write(to: directory.appendingPathComponent("README.txt"), atomically: true, encoding: .utf8)
        try git(["add", "."])
        try git(["commit", "-q", "-m", "base"])
        let unchanged = try CLIRunner.run(["diff", "--git-base", "main", "deploy/.overlays"], cwd: directory)
        #expect(unchanged.status == 0, "\(unchanged.stdout)\(unchanged.stderr)")
        try Self.base.replacingOccurrences(of: "name: web, port", with: "name: web-v2, port").write(to: file, atomically: true, encoding: .utf8)
        let changed = try CLIRunner.run(["diff", "--git-base", "main", ".overlays", "--format", "markdown"], cwd: directory.appendingPathComponent("deploy"))
        #expect(changed.status == 1, "\(changed.stderr)")
        #expect(changed.stdout.contains("| Ingress | Request | main | working tree |"))
        #expect(changed.stdout.contains("| shop/web | `GET http(s)://shop.example.com/` | shop/web:80, path / | shop/web-v2:80, path / |"))
        let missing = try CLIRunner.run(["diff", "--git-base", "no-such-branch", "deploy"], cwd: directory)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no-such-branch is no commit of the repository"))
        let option = try CLIRunner.run(["diff", "--git-base=--output=/tmp/x", "deploy"], cwd: directory)
        #expect(option.status == 2)
        #expect(option.stderr.contains("--git-base takes a revision"))
    }
}

/// What the review of issue 14 found: each case once broke or misled.
@Suite struct IngressNginxReviewTests {
    let root = CLIRunner.repositoryRoot

    @Test func oddQuantifiersNeitherCrashLintNorDiff() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let file = directory.appendingPathComponent("odd.yaml")
        try """
            apiVersion: networking.k8s.io/v1
            kind: IngressClass
            metadata: {name: nginx}
            spec: {controller: k8s.io/ingress-nginx}
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: odd
              annotations: {nginx.ingress.kubernetes.io/use-regex: "true"}
            spec:
              ingressClassName: nginx
              rules:
              - host: odd.example.com
                http:
                  paths:
                  - {path: "/a{-1}/[0-9]", pathType: ImplementationSpecific, backend: {service: {name: a, port: {number: 80}}}}
                  - {path: "/b{99999999999999999999}", pathType: ImplementationSpecific, backend: {service: {name: b, port: {number: 80}}}}
                  - {path: "/(x+)+$", pathType: ImplementationSpecific, backend: {service: {name: c, port: {number: 80}}}}
                  - {path: /xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx!, pathType: ImplementationSpecific, backend: {service: {name: d, port: {number: 80}}}}
            """.write(to: file, atomically: true, encoding: .utf8)
        let lint = try CLIRunner.run(["lint", file.path, "--format", "json"])
        #expect(!lint.signalled && lint.status != 2, "\(lint.stderr)")
        let diff = try CLIRunner.run(["diff", "--from", "ingress-nginx", "--to", "spec", file.path])
        #expect(!diff.signalled && diff.status == 1, "\(diff.stderr)")
    }

    @Test func aRedirectCodeWithoutLocationIsAnAnswerWithoutABody() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let file = directory.appendingPathComponent("r.yaml")
        try """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: r
              annotations:
                nginx.ingress.kubernetes.io/permanent-redirect: https://elsewhere.example.com
                nginx.ingress.kubernetes.io/permanent-redirect-code: "304"
            spec:
              ingressClassName: nginx
              rules:
              - host: r.example.com
                http:
                  paths:
                  - {path: /, pathType: Prefix, backend: {service: {name: r, port: {number: 80}}}}
            """.write(to: file, atomically: true, encoding: .utf8)
        let expectations = directory.appendingPathComponent("e.yaml")
        try "expectations:\n  - request: GET http://r.example.com/x\n    status: 304\n".write(to: expectations, atomically: true, encoding: .utf8)
        for mode in [[], ["--serve"]] {
            let outcome = try CLIRunner.run(["verify", file.path, "--expect", expectations.path] + mode)
            #expect(outcome.status == 0, "\(mode): \(outcome.stdout)\(outcome.stderr)")
        }
    }

    @Test func routesShowsTheSpecificationsPaths() throws {
        let text = try CLIRunner.run(["routes", "examples/routing/fanout.yaml", "--controller", "nginx=spec"], cwd: root)
        #expect(text.stdout.contains("Prefix /foo  → default/service1:4200"), "\(text.stdout)")
        let mermaid = try CLIRunner.run(["routes", "examples/routing/fanout.yaml", "--controller", "nginx=spec", "--format", "mermaid"], cwd: root)
        #expect(mermaid.stdout.contains("[\"Prefix /foo\"]") && mermaid.stdout.contains("[\"Prefix /bar\"]"))
    }
}
