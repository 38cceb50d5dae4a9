import IngressModel
import Inventory
import ManifestLoader
import Testing
@testable import Routing

/// Which controller profile judges an Ingress, and what each profile changes in the route table.
@Suite struct ProfileAssignmentTests {
    private func judged(_ yaml: String, mapping: ControllerMapping = ControllerMapping()) -> [String: JudgingProfile] {
        let inventory = RoutingFixtures.inventory(yaml)
        let table = RouteTable(inventory: inventory, mapping: mapping)
        var byName: [String: JudgingProfile] = [:]
        for ingress in inventory.ingresses { byName[ingress.ref.name] = table.judgement(of: ingress.ref) }
        return byName
    }

    private func ingress(_ name: String, className: String? = nil, annotations: [String: String] = [:], classAnnotation: String? = nil) -> String {
        var yaml = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: \(name)\n"
        var all = annotations
        if let classAnnotation { all["kubernetes.io/ingress.class"] = classAnnotation }
        if !all.isEmpty {
            yaml += "  annotations:\n"
            for (key, value) in all.sorted(by: { $0.key < $1.key }) { yaml += "    \(key): \"\(value)\"\n" }
        }
        yaml += "spec:\n"
        if let className { yaml += "  ingressClassName: \(className)\n" }
        yaml += "  defaultBackend: {service: {name: web, port: {number: 80}}}\n---\n"
        return yaml
    }

    private func ingressClass(_ name: String, controller: String) -> String {
        "apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: \(name)\nspec:\n  controller: \(controller)\n---\n"
    }

    @Test func theIngressClassControllerDecidesFirst() {
        let result = judged(
            ingressClass("public", controller: "k8s.io/ingress-nginx-public") + ingressClass("lb", controller: "ingress.k8s.aws/alb")
                + ingressClass("edge", controller: "example.com/edge")
                + ingress("a", className: "public", annotations: ["traefik.ingress.kubernetes.io/router.tls": "true"])
                + ingress("b", className: "lb") + ingress("c", className: "edge"))
        #expect(result["a"]?.profile == .ingressNginx)
        #expect(result["a"]?.basis == .ingressClass)
        #expect(result["b"]?.profile == .awsALB)
        // A controller no profile describes: the specification, and the reason says how to map it.
        #expect(result["c"]?.profile == .specification)
        #expect(result["c"]?.reason.contains("--controller edge=PROFILE") == true)
    }

    @Test func theUsersMappingBeatsNameAndAnnotationsButNotAKnownController() throws {
        var mapping = ControllerMapping()
        try mapping.add(argument: "nginx=nginx-inc")
        try mapping.add(argument: "edge=haproxy")
        try mapping.add(argument: "public=traefik")
        let result = judged(
            ingressClass("edge", controller: "example.com/edge") + ingressClass("public", controller: "k8s.io/ingress-nginx")
                + ingress("a", className: "nginx", annotations: ["nginx.ingress.kubernetes.io/rewrite-target": "/"])
                + ingress("b", className: "edge") + ingress("c", className: "public"),
            mapping: mapping)
        #expect(result["a"]?.profile == .nginxInc)
        #expect(result["a"]?.basis == .mapping)
        #expect(result["b"]?.profile == .haproxy)
        #expect(result["c"]?.profile == .ingressNginx)
    }

    @Test func aClassNameOneControllerClaimsIsCertain() {
        let result = judged(
            ingress("a", classAnnotation: "gce") + ingress("b", className: "traefik") + ingress("c", className: "alb")
                + ingress("d", classAnnotation: "gce-internal"))
        #expect(result["a"]?.profile == .gce)
        #expect(result["a"]?.isCertain == true)
        #expect(result["b"]?.profile == .traefik)
        #expect(result["c"]?.profile == .awsALB)
        #expect(result["d"]?.profile == .gce)
    }

    /// Controllers compare class names exactly (ingress-nginx's store, ingress-gce, Traefik): a
    /// class spelled in other capitals is no controller's default.
    @Test func aClassNameInOtherCapitalsIsNoControllersDefault() {
        let result = judged(
            ingress("a", classAnnotation: "GCE") + ingress("b", classAnnotation: "NGINX") + ingress("c", className: "Traefik")
                + ingress("d", annotations: ["nginx.ingress.kubernetes.io/rewrite-target": "/"], classAnnotation: "HAProxy"))
        for name in ["a", "b", "c"] { #expect(result[name]?.profile == .specification, "\(name): \(String(describing: result[name]))") }
        // The annotations in use still tell, as for any class no controller claims.
        #expect(result["d"]?.profile == .ingressNginx)
        #expect(result["d"]?.isCertain == false)
    }

    @Test func nginxIsClaimedTwiceAndTheAnnotationsOfTheClassTell() {
        // One controller serves a class: the annotations of any of its Ingresses count for all.
        let inc = judged(
            ingress("inc", className: "nginx", annotations: ["nginx.org/rewrites": "serviceName=web rewrite=/"]) + ingress("bare", className: "nginx"))
        #expect(inc["inc"]?.profile == .nginxInc)
        #expect(inc["bare"]?.profile == .nginxInc)
        #expect(inc["bare"]?.basis == .annotations)
        let community = judged(ingress("community", className: "nginx", annotations: ["nginx.ingress.kubernetes.io/ssl-redirect": "true"]))
        #expect(community["community"]?.profile == .ingressNginx)
        let bare = judged(ingress("bare", className: "nginx"))
        #expect(bare["bare"]?.profile == .ingressNginx)
        #expect(bare["bare"]?.basis == .guess)
        #expect(bare["bare"]?.isCertain == false)
        #expect(bare["bare"]?.candidates == [.ingressNginx, .nginxInc])
        // Both kinds in one class: a guess between the two.
        let mixed = judged(
            ingress("inc", className: "nginx", annotations: ["nginx.org/rewrites": "serviceName=web rewrite=/"])
                + ingress("community", className: "nginx", annotations: ["nginx.ingress.kubernetes.io/ssl-redirect": "true"]))
        #expect(mixed["inc"]?.basis == .guess)
    }

    @Test func withoutAClassTheAnnotationsInUseDecide() {
        let result = judged(
            ingress("a", annotations: ["alb.ingress.kubernetes.io/scheme": "internal"])
                + ingress("b", annotations: ["alb.ingress.kubernetes.io/scheme": "internal", "nginx.ingress.kubernetes.io/ssl-redirect": "true"])
                + ingress("c") + ingress("d", className: "custom"))
        #expect(result["a"]?.profile == .awsALB)
        #expect(result["a"]?.basis == .annotations)
        #expect(result["b"]?.profile == .specification)
        #expect(result["b"]?.reason.contains("several controllers") == true)
        #expect(result["c"]?.profile == .specification)
        #expect(result["d"]?.profile == .specification)
        #expect(result["d"]?.reason.contains("--controller custom=PROFILE") == true)
    }

    @Test func aBadMappingSaysWhatIsWrong() {
        var mapping = ControllerMapping()
        #expect(throws: ControllerMapping.MappingError.self) { try mapping.add(argument: "nginx") }
        #expect(throws: ControllerMapping.MappingError.self) { try mapping.add(argument: "=ingress-nginx") }
        do {
            try mapping.add(argument: "nginx=nginx-plus")
            Issue.record("an unknown profile was accepted")
        } catch {
            #expect("\(error)".contains("unknown profile \"nginx-plus\""))
            #expect("\(error)".contains("ingress-nginx"))
        }
    }

    @Test func albIngressGroupsAndGKEIngressesGetARouteTableEach() {
        let yaml = """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: a, annotations: {alb.ingress.kubernetes.io/group.name: shop}}
            spec: {ingressClassName: alb, defaultBackend: {service: {name: a, port: {number: 80}}}}
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: b, annotations: {alb.ingress.kubernetes.io/group.name: shop}}
            spec: {ingressClassName: alb, defaultBackend: {service: {name: b, port: {number: 80}}}}
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: c}
            spec: {ingressClassName: alb, defaultBackend: {service: {name: c, port: {number: 80}}}}
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: g1, annotations: {kubernetes.io/ingress.class: gce}}
            spec: {defaultBackend: {service: {name: g1, port: {number: 80}}}}
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: g2, annotations: {kubernetes.io/ingress.class: gce}}
            spec: {defaultBackend: {service: {name: g2, port: {number: 80}}}}
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: n1}
            spec: {ingressClassName: nginx, defaultBackend: {service: {name: n1, port: {number: 80}}}}
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: n2}
            spec: {ingressClassName: nginx, defaultBackend: {service: {name: n2, port: {number: 80}}}}
            """
        let table = RoutingFixtures.table(yaml)
        func ref(_ name: String) -> ObjectRef { ObjectRef(apiVersion: "networking.k8s.io/v1", kind: "Ingress", namespace: "default", name: name) }
        #expect(table.shareRoutes(ref("a"), ref("b")))
        #expect(!table.shareRoutes(ref("a"), ref("c")))
        #expect(!table.shareRoutes(ref("g1"), ref("g2")))
        #expect(table.shareRoutes(ref("g1"), ref("g1")))
        #expect(table.shareRoutes(ref("n1"), ref("n2")))
    }

    @Test func aCanaryIsAnAlternativeOfTheMainRouteNeverARouteOfItsOwn() {
        let main = RoutingFixtures.ingress(name: "web", paths: [("/", "Prefix", "web")], className: "nginx")
        let canary = """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: web-canary
              creationTimestamp: "2020-01-01T00:00:00Z"
              annotations: {nginx.ingress.kubernetes.io/canary: "true", nginx.ingress.kubernetes.io/canary-weight: "30"}
            spec:
              ingressClassName: nginx
              rules:
              - host: foo.bar.com
                http:
                  paths:
                  - {path: /, pathType: Prefix, backend: {service: {name: web-v2, port: {number: 80}}}}
                  - {path: /, pathType: Exact, backend: {service: {name: web-v2, port: {number: 80}}}}
                  - {path: /api, pathType: Prefix, backend: {service: {name: web-v2, port: {number: 80}}}}
            """
        let table = RoutingFixtures.table(main + "---\n" + canary)
        // The older canary does not take the main route over.
        #expect(RoutingFixtures.backend(table, path: "/", className: "nginx") == "web")
        #expect(table.alternatives.map(\.ref.name) == ["web-canary"])
        guard let ingress = table.alternatives.first else { return }
        let outcomes = table.placements(ofCanary: ingress).map { placement -> String in
            switch placement.outcome {
            case .merged(let route): return "merged:\(route.origin.ingress.name)"
            case .sameBackend: return "same"
            case .noMainRoute(let hostKnown): return "none:\(hostKnown)"
            }
        }
        // Same host, path and pathType only: Exact / and Prefix /api have no main route.
        #expect(outcomes == ["merged:web", "none:true", "none:true"])
        let explained = table.explain(host: "foo.bar.com", path: "/x")
        #expect(explained.first?.canaries.map(\.name) == ["web-canary"])
        #expect(explained.first?.judgedBy?.profile == .ingressNginx)
    }

    @Test func theCanaryAnnotationMeansNothingToOtherControllers() {
        let yaml = """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: web-canary
              annotations: {nginx.ingress.kubernetes.io/canary: "true"}
            spec:
              ingressClassName: traefik
              rules:
              - host: foo.bar.com
                http:
                  paths:
                  - {path: /, pathType: Prefix, backend: {service: {name: web-v2, port: {number: 80}}}}
            """
        let table = RoutingFixtures.table(yaml)
        #expect(table.alternatives.isEmpty)
        #expect(RoutingFixtures.backend(table, path: "/", className: "traefik") == "web-v2")
    }

    @Test func theAnnotationOwnerLookupAgreesWithTryingEveryPrefix() {
        var keys = ["kubernetes.io/ingress.class", "cert-manager.io/issuer", "traefik.frontend.rule.type", "nginx.org", "x/y/z", "", "/"]
        for profile in ControllerProfile.all {
            keys += profile.annotationPrefixes.map { $0 + "some-key" } + profile.annotationNames
        }
        for key in keys {
            let linear = ControllerProfile.all.first { $0.owns(annotation: key) }
            #expect(ControllerProfile.owning(annotation: key) == linear, "\(key)")
        }
    }
}
