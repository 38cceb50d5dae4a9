import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
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

    /// Device, inode, modification time (to the nanosecond) and size of each file, following
    /// symlinks ("missing" when it cannot be read). A ConfigMap or Secret volume swaps its
    /// `..data` symlink: the path stays, the file behind it changes, and `stat` sees it where the
    /// link's own attributes would not.
    public static func stamps(_ paths: [String]) -> [String] {
        paths.map { path in
            var info = stat()
            guard stat(path, &info) == 0 else { return "missing" }
            #if canImport(Darwin)
            let modified = info.st_mtimespec
            #else
            let modified = info.st_mtim
            #endif
            return "\(info.st_dev)/\(info.st_ino)/\(modified.tv_sec).\(modified.tv_nsec)/\(info.st_size)"
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
