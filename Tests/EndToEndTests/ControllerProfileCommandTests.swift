import Foundation
import Testing

/// The controller profiles as users reach them: `--controller`, `controllers:` in the
/// configuration, the JSON report, `explain` and `rules profiles`.
@Suite struct ControllerProfileCommandTests {
    static let manifests = """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: web
          annotations:
            nginx.ingress.kubernetes.io/ssl-redirect: "true"
        spec:
          ingressClassName: edge
          rules:
          - host: shop.example.com
            http:
              paths:
              - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: web-canary
          annotations:
            nginx.ingress.kubernetes.io/canary: "true"
            nginx.ingress.kubernetes.io/canary-weight: "20"
        spec:
          ingressClassName: edge
          rules:
          - host: shop.example.com
            http:
              paths:
              - {path: /, pathType: Prefix, backend: {service: {name: web-v2, port: {number: 80}}}}
        """

    static func file() throws -> URL {
        let directory = try CLIRunner.temporaryDirectory()
        let file = directory.appendingPathComponent("ingress.yaml")
        try manifests.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    static func profiles(_ stdout: String) throws -> [String: String] {
        let report = try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
        let ingresses = try #require(report["ingresses"] as? [[String: Any]])
        var byName: [String: String] = [:]
        for entry in ingresses {
            let object = entry["object"] as? [String: Any]
            let profile = entry["profile"] as? [String: Any]
            if let name = object?["name"] as? String { byName[name] = profile?["id"] as? String }
        }
        return byName
    }

    @Test func theMappingDecidesAndTheReportSaysSo() throws {
        let file = try Self.file()
        // By its annotations, class `edge` is ingress-nginx's: the canary is no conflict.
        let inferred = try CLIRunner.run(["lint", "--format", "json", file.path])
        #expect(inferred.status == 0, "\(inferred.stdout)")
        #expect(try Self.profiles(inferred.stdout) == ["web": "ingress-nginx", "web-canary": "ingress-nginx"])
        // Mapped to Traefik, the canary annotation means nothing and the two Ingresses compete.
        let mapped = try CLIRunner.run(["lint", "--format", "json", "--controller", "edge=traefik", file.path])
        #expect(mapped.status == 1)
        #expect(try Self.profiles(mapped.stdout) == ["web": "traefik", "web-canary": "traefik"])
        #expect(mapped.stdout.contains("host-path-conflict"))
        #expect(mapped.stdout.contains("foreign-annotation"))
        #expect(mapped.stdout.contains("class edge mapped by --controller"))
    }

    @Test func aBadMappingIsExitTwoWithTheCause() throws {
        let file = try Self.file()
        let outcome = try CLIRunner.run(["lint", "--controller", "edge=nginx-plus", file.path])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("unknown profile \"nginx-plus\""), "\(outcome.stderr)")
        let shape = try CLIRunner.run(["explain", "--controller", "edge", file.path, "https://shop.example.com/"])
        #expect(shape.status == 2)
        #expect(shape.stderr.contains("CLASS=PROFILE"), "\(shape.stderr)")
    }

    @Test func theConfigurationMapsClassesAndNamesAMistakesLine() throws {
        let file = try Self.file()
        let directory = file.deletingLastPathComponent()
        let config = directory.appendingPathComponent(".ingress-guard.yaml")
        try "controllers:\n  edge: traefik\n".write(to: config, atomically: true, encoding: .utf8)
        let mapped = try CLIRunner.run(["lint", "--format", "json", "--config", config.path, file.path])
        #expect(try Self.profiles(mapped.stdout)["web"] == "traefik")
        // The command line wins over the file.
        let overridden = try CLIRunner.run(["lint", "--format", "json", "--config", config.path, "--controller", "edge=ingress-nginx", file.path])
        #expect(try Self.profiles(overridden.stdout)["web"] == "ingress-nginx")
        try "controllers:\n  edge: nginx-plus\n".write(to: config, atomically: true, encoding: .utf8)
        let bad = try CLIRunner.run(["lint", "--config", config.path, file.path])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains(".ingress-guard.yaml:2:9:") && bad.stderr.contains("unknown profile"), "\(bad.stderr)")
    }

    @Test func explainNamesTheProfileAndTheCanary() throws {
        let file = try Self.file()
        let outcome = try CLIRunner.run(["explain", file.path, "https://shop.example.com/cart"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("backend: default/web:80"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("judged:  ingress-nginx:"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("canary:  Ingress default/web-canary takes a share"), "\(outcome.stdout)")
    }

    @Test func rulesProfilesListsEveryProfile() throws {
        let outcome = try CLIRunner.run(["rules", "profiles", "--format", "json"])
        #expect(outcome.status == 0)
        let list = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [[String: Any]])
        let ids = list.compactMap { $0["id"] as? String }
        #expect(ids == ["spec", "ingress-nginx", "nginx-inc", "aws-alb", "gce", "agic", "traefik", "haproxy", "haproxy-ingress", "kong", "contour", "istio", "skipper"])
    }
}
