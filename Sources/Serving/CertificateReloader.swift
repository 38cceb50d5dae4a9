import NIOConcurrencyHelpers

/// The serving certificate and key, re-read when their files change (cert-manager rotates them in
/// place): new connections get the new pair, open ones keep theirs, so no request is dropped. A
/// half-written or mismatched pair is reported and the previous one stays.
public final class CertificateReloader: Sendable {
    public let certificatePath: String
    public let keyPath: String
    private let current: NIOLockedValueBox<ServingPair>
    private let watcher: FileWatcher
    private let onReload: @Sendable (Result<Void, Error>) -> Void

    public init(certificatePath: String, keyPath: String, onReload: @escaping @Sendable (Result<Void, Error>) -> Void = { _ in }) throws {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
        self.onReload = onReload
        watcher = FileWatcher(paths: [certificatePath, keyPath])
        current = NIOLockedValueBox(try ServingPair.load(certificatePath: certificatePath, keyPath: keyPath))
    }

    public var pair: ServingPair { current.withLockedValue { $0 } }

    public func start() {
        let certificatePath = certificatePath
        let keyPath = keyPath
        let current = current
        let onReload = onReload
        watcher.start {
            do {
                let pair = try ServingPair.load(certificatePath: certificatePath, keyPath: keyPath)
                current.withLockedValue { $0 = pair }
                onReload(.success(()))
            } catch {
                onReload(.failure(error))
            }
        }
    }

    public func stop() {
        watcher.stop()
    }
}
