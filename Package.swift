// swift-tools-version:6.0
import Foundation
import PackageDescription

let package = Package(
    name: "ingress-guard",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "ingress-guard", targets: ["ingress-guard"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-atomics", from: "1.3.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        .target(name: "ParallelWork"),
        .target(name: "StructuredText", dependencies: ["ParallelWork", .product(name: "Yams", package: "Yams")]),
        .target(name: "IngressModel"),
        .target(name: "ManifestLoader", dependencies: ["IngressModel", "ParallelWork", "StructuredText"]),
        .target(name: "Inventory", dependencies: ["IngressModel", "ManifestLoader"]),
        .target(name: "Routing", dependencies: ["IngressModel", "ManifestLoader", "Inventory", "StructuredText"]),
        .target(
            name: "TLSInspect",
            dependencies: [
                "IngressModel",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ]
        ),
        .target(name: "Rules", dependencies: ["IngressModel", "ManifestLoader", "Inventory", "Routing", "TLSInspect", "ParallelWork", "StructuredText"], plugins: ["RuleCatalogPlugin"]),
        .executableTarget(name: "rule-catalog-embedder", path: "Plugins/RuleCatalogEmbedder"),
        .plugin(name: "RuleCatalogPlugin", capability: .buildTool(), dependencies: ["rule-catalog-embedder"]),
        .target(
            name: "KubeClient",
            dependencies: [
                "IngressModel", "ManifestLoader", "ParallelWork", "StructuredText",
                .product(name: "NIOHTTPCompression", package: "swift-nio-extras"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "Admission", dependencies: ["IngressModel", "ManifestLoader", "Inventory", "Routing", "Rules", "TLSInspect", "StructuredText"]),
        .target(
            name: "Webhook",
            dependencies: [
                "Admission", "IngressModel", "KubeClient", "Serving", "StructuredText",
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(name: "Reporting", dependencies: ["IngressModel", "Rules", "Routing", "StructuredText"]),
        .target(
            name: "Analysis",
            dependencies: ["IngressModel", "ManifestLoader", "Inventory", "Routing", "TLSInspect", "Rules", "Reporting", "KubeClient"]
        ),
        .target(
            name: "LanguageServer",
            dependencies: ["IngressModel", "ManifestLoader", "Inventory", "Rules", "Analysis"]
        ),
        .target(
            name: "Serving",
            dependencies: [
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "Proxy",
            dependencies: [
                "IngressModel", "Inventory", "Routing", "Serving", "StructuredText",
                .product(name: "Atomics", package: "swift-atomics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "ingress-guard",
            dependencies: [
                "IngressModel", "ManifestLoader", "Inventory", "Routing", "TLSInspect", "Rules", "Reporting", "Proxy", "KubeClient",
                "Admission", "Webhook", "Serving", "StructuredText", "Analysis", "LanguageServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "IngressModelTests", dependencies: ["IngressModel"]),
        .testTarget(name: "StructuredTextTests", dependencies: ["StructuredText"]),
        .testTarget(name: "ManifestLoaderTests", dependencies: ["ManifestLoader", "Inventory", "StructuredText"]),
        .testTarget(name: "RoutingTests", dependencies: ["Routing", "IngressModel", "ManifestLoader", "Inventory"]),
        .target(
            name: "CertificateFixtures",
            dependencies: [
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            path: "Tests/CertificateFixtures"
        ),
        .target(
            name: "APIServerDouble",
            dependencies: [
                "CertificateFixtures", "IngressModel", "ManifestLoader", "StructuredText",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "NIOHTTPCompression", package: "swift-nio-extras"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                "KubeClient",
            ],
            path: "Tests/APIServerDouble"
        ),
        .target(name: "LoopbackFixtures", path: "Tests/LoopbackFixtures"),
        .executableTarget(name: "api-server-double", dependencies: ["APIServerDouble"], path: "Tests/APIServerDoubleMain"),
        .testTarget(
            name: "ProxyStateTests",
            dependencies: ["Proxy", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOEmbedded", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio")]),
        .testTarget(name: "LanguageServerTests", dependencies: ["LanguageServer", "IngressModel"]),
        .testTarget(name: "AdmissionTests", dependencies: ["Admission", "CertificateFixtures", "IngressModel", "Inventory", "ManifestLoader", "Rules"]),
        .testTarget(
            name: "WebhookTests",
            dependencies: [
                "Webhook", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]),
        .testTarget(
            name: "KubeClientTests",
            dependencies: [
                "KubeClient", "APIServerDouble", "CertificateFixtures", "LoopbackFixtures", "TLSInspect", "ManifestLoader", "StructuredText",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]),
        .testTarget(
            name: "TLSInspectTests",
            dependencies: [
                "TLSInspect", "IngressModel", "CertificateFixtures",
                .product(name: "X509", package: "swift-certificates"), .product(name: "SwiftASN1", package: "swift-asn1"),
            ]),
        .testTarget(name: "RulesTests", dependencies: ["Rules", "Routing", "ManifestLoader", "Inventory", "CertificateFixtures"]),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting", "Rules", "StructuredText"]),
        .testTarget(name: "EndToEndTests", dependencies: ["ingress-guard", "api-server-double", "CertificateFixtures", "LoopbackFixtures"], exclude: ["Support"]),
    ],
    swiftLanguageModes: [.v6]
)

// libFuzzer targets (Fuzz/README.md): declared only when INGRESS_GUARD_FUZZ is set, so that a
// plain build never compiles them; `Fuzz/fuzz.sh` builds them with -sanitize=fuzzer,address.
if ProcessInfo.processInfo.environment["INGRESS_GUARD_FUZZ"] != nil {
    let fuzzTargets: [(String, [Target.Dependency])] = [
        ("FuzzYAML", ["StructuredText"]),
        ("FuzzJSON", ["StructuredText"]),
        ("FuzzManifest", ["IngressModel", "Inventory", "ManifestLoader", "Routing"]),
        ("FuzzAdmission", ["Admission", "ManifestLoader", "StructuredText"]),
        ("FuzzRequestHead", [
            "IngressModel", "Inventory", "ManifestLoader", "Routing", "Proxy",
            .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOEmbedded", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        ("FuzzPEM", ["TLSInspect"]),
    ]
    package.targets.append(.target(name: "FuzzDriver", path: "Fuzz/FuzzDriver"))
    for (name, dependencies) in fuzzTargets {
        package.targets.append(.executableTarget(name: name, dependencies: ["FuzzDriver"] + dependencies, path: "Fuzz/\(name)"))
    }
}

// The route-table benchmark (Benchmarks/route.sh): declared only when INGRESS_GUARD_BENCHMARKS is
// set, as every plain `swift build` builds all of a package's targets, pre-commit's release build
// of the hook included, and this one cost that build about 50 s of a core.
if ProcessInfo.processInfo.environment["INGRESS_GUARD_BENCHMARKS"] != nil {
    package.targets.append(
        .executableTarget(
            name: "route-benchmark",
            dependencies: ["IngressModel", "ManifestLoader", "Inventory", "Routing", "Rules"],
            path: "Benchmarks/RouteBenchmark"))
}
