import Admission
import Foundation
import IngressModel
import KubeClient
import NIOConcurrencyHelpers
import NIOPosix

/// The state admissions are checked against: an index of the cluster's objects, swapped whole when
/// the cluster cache moves on, so a request never waits for a rebuild.
public final class AdmissionState: Sendable {
    public struct Current: Sendable {
        public var index: AdmissionIndex
        public var synced: Bool
        /// Why the watches are down, while the last state is served.
        public var staleReason: String?
        public var updated: Date
        /// Optional resources the API server refuses to list (RBAC), with its message.
        public var unavailable: [String: String] = [:]
    }

    private let box: NIOLockedValueBox<Current>

    /// A fixed state: a snapshot and/or manifest files.
    public init(objects: [ManifestObject]) {
        box = NIOLockedValueBox(Current(index: AdmissionIndex(objects), synced: true, staleReason: nil, updated: Date()))
    }

    /// The live cluster: empty and unsynced until `follow` has read the cache.
    public init() {
        box = NIOLockedValueBox(Current(index: AdmissionIndex([]), synced: false, staleReason: nil, updated: Date()))
    }

    public var current: Current { box.withLockedValue { $0 } }

    /// Follows the cache's updates until they end or the task is cancelled: each new generation of
    /// a synced cache becomes a new index, staleness is mirrored as it comes. Updates that arrive
    /// during a rebuild are folded into the newest one.
    public func follow(_ cache: ClusterCache) async {
        var generation = -1
        for await status in await cache.updates() {
            if status.generation != generation, status.synced {
                generation = status.generation
                let objects = await cache.allObjects()
                // Built on NIO's pool for blocking work: the CLI makes the event loops Swift's
                // executor, so admissions run there, and an index of thousands of objects built on
                // a loop would hold up every request queued behind it.
                let index = (try? await NIOThreadPool.singleton.runIfActive { AdmissionIndex(objects) }) ?? AdmissionIndex(objects)
                box.withLockedValue {
                    $0 = Current(index: index, synced: true, staleReason: status.staleReason, updated: status.lastUpdate ?? Date(), unavailable: status.unavailable)
                }
            } else {
                box.withLockedValue {
                    $0.staleReason = status.staleReason
                    $0.unavailable = status.unavailable
                }
            }
        }
    }
}
