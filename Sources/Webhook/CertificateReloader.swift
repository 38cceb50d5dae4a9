import Foundation
import NIOConcurrencyHelpers
import NIOSSL

/// The serving certificate and key, re-read when their files change (cert-manager rotates them in
/// place): new connections get the new pair, open ones keep theirs, so no request is dropped. A
/// half-written or mismatched pair is logged and the previous one stays.
public final class CertificateReloader: Sendable {
    public struct Pair: Sendable {
        public var chain: [NIOSSLCertificate]
        public var key: NIOSSLPrivateKey
    }

    public let certificatePath: String
    public let keyPath: String
    private let state: NIOLockedValueBox<(pair: Pair, stamp: String)>
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)
    private let onReload: @Sendable (Result<Void, Error>) -> Void

    public init(certificatePath: String, keyPath: String, onReload: @escaping @Sendable (Result<Void, Error>) -> Void = { _ in }) throws {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
        self.onReload = onReload
        state = NIOLockedValueBox((try Self.load(certificatePath: certificatePath, keyPath: keyPath), Self.stamp(certificatePath, keyPath)))
    }

    public var pair: Pair { state.withLockedValue { $0.pair } }

    static func stamp(_ paths: String...) -> String {
        paths.map { path in
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "\(modified)/\((attributes?[.size] as? NSNumber)?.intValue ?? -1)"
        }.joined(separator: "|")
    }

    static func load(certificatePath: String, keyPath: String) throws -> Pair {
        let chain = try NIOSSLCertificate.fromPEMFile(certificatePath)
        guard !chain.isEmpty else { throw ReloadError(description: "\(certificatePath) holds no certificate") }
        let key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
        // A serving pair whose key is not the certificate's would fail every handshake.
        let context = try NIOSSLContext(configuration: .makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key)))
        _ = context
        return Pair(chain: chain, key: key)
    }

    struct ReloadError: Error, CustomStringConvertible {
        var description: String
    }

    /// Polls the files every `interval`.
    public func start(interval: Duration = .seconds(1)) {
        let certificatePath = certificatePath
        let keyPath = keyPath
        let state = state
        let onReload = onReload
        task.withLockedValue {
            $0 = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    let stamp = Self.stamp(certificatePath, keyPath)
                    guard stamp != state.withLockedValue({ $0.stamp }) else { continue }
                    do {
                        let pair = try Self.load(certificatePath: certificatePath, keyPath: keyPath)
                        state.withLockedValue { $0 = (pair, stamp) }
                        onReload(.success(()))
                    } catch {
                        // Try again on the next change; a rotation writes two files, not at once.
                        state.withLockedValue { $0.stamp = stamp }
                        onReload(.failure(error))
                    }
                }
            }
        }
    }

    public func stop() {
        task.withLockedValue { $0?.cancel() }
    }
}
