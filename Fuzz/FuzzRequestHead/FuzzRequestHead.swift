import FuzzDriver
import IngressModel
import Inventory
import ManifestLoader
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Routing
@testable import Proxy

@main enum FuzzRequestHeadMain {
    static func main() { runFuzzer { fuzzRequestHead($0, $1) } }
}

/// Bytes as a client sends them on a proxy connection: the request-line guard, NIO's HTTP parser,
/// the routed target (Host and request-target checks) and route resolution, as the proxy runs them.
func fuzzRequestHead(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let channel = EmbeddedChannel()
    do {
        try channel.pipeline.syncOperations.addHandler(RequestLineGuard())
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes)))
        var buffer = channel.allocator.buffer(capacity: count)
        buffer.writeBytes(UnsafeBufferPointer(start: start, count: count))
        try? channel.writeInbound(buffer)
        while let part = try channel.readInbound(as: HTTPServerRequestPart.self) {
            guard case .head(let head) = part else { continue }
            guard case .success(let target) = RoutedTarget.read(head) else { continue }
            _ = RequestFuzzState.table.resolve(host: target.host, path: target.path)
        }
        _ = try? channel.finish(acceptAlreadyClosed: true)
    } catch {
        _ = try? channel.finish(acceptAlreadyClosed: true)
    }
    return 0
}

enum RequestFuzzState {
    /// Exact, Prefix and ImplementationSpecific paths under a plain, a wildcard and no host.
    static let table: ClassRouteTable = {
        let loaded = ManifestLoader().load(text: """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: routes, namespace: shop}
            spec:
              defaultBackend: {service: {name: fallback, port: {number: 80}}}
              rules:
              - host: shop.example.com
                http:
                  paths:
                  - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
                  - {path: /api, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}
                  - {path: /api/v1/health, pathType: Exact, backend: {service: {name: health, port: {number: 80}}}}
              - host: "*.example.com"
                http:
                  paths:
                  - {path: /static/, pathType: ImplementationSpecific, backend: {service: {name: static, port: {number: 80}}}}
              - http:
                  paths:
                  - {path: /any, pathType: Prefix, backend: {service: {name: any, port: {number: 80}}}}
            """, file: "routes.yaml")
        let table = RouteTable(inventory: Inventory(loaded.objects))
        guard let key = table.classKeys.first, let classTable = table.classes[key] else { fatalError("the fixed route table is empty") }
        return classTable
    }()
}
