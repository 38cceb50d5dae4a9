import Foundation
import NIOConcurrencyHelpers

/// Watches files by polling their modification time and size (Secret and ConfigMap volumes swap a
/// symlink, which inotify on the file misses): `onChange` runs, off the caller's thread, each time
/// any of them differs from the last look. The one watcher of the serving certificate and of the
/// proxy's inputs.
public final class FileWatcher: Sendable {
    public let paths: [String]
    private let interval: Duration
    private let stamp: NIOLockedValueBox<[String]>
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)

    public init(paths: [String], interval: Duration = .seconds(1)) {
        self.paths = paths
        self.interval = interval
        stamp = NIOLockedValueBox(Self.stamps(paths))
    }

    /// Modification time and size of each file ("missing" when it cannot be read).
    public static func stamps(_ paths: [String]) -> [String] {
        paths.map { path in
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return "missing" }
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "\(modified)/\((attributes[.size] as? NSNumber)?.intValue ?? -1)"
        }
    }

    /// Starts polling; a change seen is a change handled, whether `onChange` succeeds or not (a
    /// half-written rotation is tried again at the next change, not in a loop).
    public func start(onChange: @escaping @Sendable () -> Void) {
        guard !paths.isEmpty else { return }
        let paths = paths
        let interval = interval
        let stamp = stamp
        task.withLockedValue {
            $0?.cancel()
            $0 = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    let current = Self.stamps(paths)
                    let changed = stamp.withLockedValue { last -> Bool in
                        guard last != current else { return false }
                        last = current
                        return true
                    }
                    if changed && !Task.isCancelled { onChange() }
                }
            }
        }
    }

    public func stop() {
        task.withLockedValue { $0?.cancel() }
    }
}
