/// The lookup structure `resolve` runs on: two open-addressing hash tables over contiguous arrays,
/// one for hosts and one for (host bucket, path key) pairs, so a request costs a handful of cache
/// lines whatever the number of routes. Built once from the PathIndex buckets, which stay the
/// source of truth for analyses; a test keeps both lookups in agreement.
///
/// Hashes are FNV-1a over the key bytes, seeded by the host bucket. A slot's hash only narrows the
/// search: every hit is confirmed by comparing the stored key, so a crafted Host header or path
/// cannot land on another key's routes.
struct CompactRouteIndex: Sendable {
    private struct HostSlot: Sendable {
        var hash: UInt64 = 0
        var kind: UInt8 = 0
        var bucket: Int32 = -1
    }

    private struct PathSlot: Sendable {
        var hash: UInt64 = 0
        var bucket: Int32 = -1
        /// Index into `pathKeys` for keys too long to inline.
        var key: Int32 = -1
        var exact: Int32 = -1
        var prefix: Int32 = -1
    }

    private var hostSlots: [HostSlot]
    private var hostNames: [String] = []
    private var pathSlots: [PathSlot]
    private var pathKeys: [String] = []
    private var routes: [Route] = []
    private var anyBucket: Int32 = -1
    private let hostMask: Int
    private let pathMask: Int

    /// `buckets`: (host pattern, exact winners by path, prefix winners by key) per host bucket.
    init(buckets: [(HostPattern, PathIndex)]) {
        var pathCount = 0
        for (_, index) in buckets { pathCount += index.exact.count + index.prefix.count }
        hostMask = Self.capacity(for: buckets.count) - 1
        pathMask = Self.capacity(for: pathCount) - 1
        hostSlots = Array(repeating: HostSlot(), count: hostMask + 1)
        pathSlots = Array(repeating: PathSlot(), count: pathMask + 1)
        for (position, (pattern, index)) in buckets.enumerated() {
            let bucket = Int32(position)
            switch pattern {
            case .exact(let name): insertHost(kind: 2, name: name, bucket: bucket)
            case .wildcard(let suffix): insertHost(kind: 1, name: suffix, bucket: bucket)
            case .any: anyBucket = bucket
            }
            for (path, bucketRoutes) in index.exact {
                if let winner = bucketRoutes.first { insertPath(bucket: bucket, key: path, exact: winner, prefix: nil) }
            }
            for (key, bucketRoutes) in index.prefix {
                if let winner = bucketRoutes.first { insertPath(bucket: bucket, key: key, exact: nil, prefix: winner) }
            }
        }
    }

    /// Load factor at most one half, so probe sequences stay short.
    private static func capacity(for count: Int) -> Int {
        var capacity = 8
        while capacity < count * 2 { capacity <<= 1 }
        return capacity
    }

    @inline(__always)
    private static func start(_ seed: UInt64) -> UInt64 { (0xCBF2_9CE4_8422_2325 ^ seed) &* 0x100_0000_01B3 }

    @inline(__always)
    private static func step(_ hash: UInt64, _ byte: UInt8) -> UInt64 { (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }

    @inline(__always)
    private static func finish(_ hash: UInt64) -> UInt64 { (hash ^ (hash >> 29)) | 1 }

    private static func hash(seed: UInt64, _ bytes: Substring.UTF8View) -> UInt64 {
        var state = start(seed)
        for byte in bytes { state = step(state, byte) }
        return finish(state)
    }

    private mutating func insertHost(kind: UInt8, name: String, bucket: Int32) {
        let hash = Self.hash(seed: UInt64(kind), Substring(name).utf8)
        var slot = Int(truncatingIfNeeded: hash) & hostMask
        while hostSlots[slot].hash != 0 { slot = (slot + 1) & hostMask }
        hostSlots[slot] = HostSlot(hash: hash, kind: kind, bucket: bucket)
        while hostNames.count <= Int(bucket) { hostNames.append("") }
        hostNames[Int(bucket)] = name
    }

    private mutating func insertPath(bucket: Int32, key: String, exact: Route?, prefix: Route?) {
        let hash = Self.hash(seed: UInt64(bucket) &+ 3, Substring(key).utf8)
        var slot = Int(truncatingIfNeeded: hash) & pathMask
        while pathSlots[slot].hash != 0 {
            if pathSlots[slot].hash == hash, pathSlots[slot].bucket == bucket, pathKeys[Int(pathSlots[slot].key)] == key { break }
            slot = (slot + 1) & pathMask
        }
        if pathSlots[slot].hash == 0 {
            pathSlots[slot] = PathSlot(hash: hash, bucket: bucket, key: Int32(pathKeys.count))
            pathKeys.append(key)
        }
        if let exact {
            pathSlots[slot].exact = Int32(routes.count)
            routes.append(exact)
        }
        if let prefix {
            pathSlots[slot].prefix = Int32(routes.count)
            routes.append(prefix)
        }
    }

    /// The host bucket for a normalized request host: exact host, else one-label wildcard, else the
    /// host-less rules. `kind` is 2, 1 or 0 accordingly.
    func selectHost(_ host: Substring) -> (kind: Int, bucket: Int32)? {
        if let bucket = findHost(kind: 2, host) { return (2, bucket) }
        if let suffix = RequestHost.wildcardSuffix(of: host), let bucket = findHost(kind: 1, suffix) { return (1, bucket) }
        return anyBucket >= 0 ? (0, anyBucket) : nil
    }

    private func findHost(kind: UInt8, _ name: Substring) -> Int32? {
        let hash = Self.hash(seed: UInt64(kind), name.utf8)
        var slot = Int(truncatingIfNeeded: hash) & hostMask
        while true {
            let entry = hostSlots[slot]
            if entry.hash == 0 { return nil }
            if entry.hash == hash, entry.kind == kind, hostNames[Int(entry.bucket)] == name { return entry.bucket }
            slot = (slot + 1) & hostMask
        }
    }

    private func findPath(bucket: Int32, hash: UInt64, _ key: Substring) -> PathSlot? {
        var slot = Int(truncatingIfNeeded: hash) & pathMask
        while true {
            let entry = pathSlots[slot]
            if entry.hash == 0 { return nil }
            if entry.hash == hash, entry.bucket == bucket, pathKeys[Int(entry.key)] == key { return entry }
            slot = (slot + 1) & pathMask
        }
    }

    /// The winning route of a host bucket for a request path (query already removed).
    func match(bucket: Int32, path: Substring) -> Route? {
        let seed = UInt64(bucket) &+ 3
        let utf8 = path.utf8
        // One pass computes the hash of every prefix that ends before a `/`; probing then runs from
        // the longest, because a longer Prefix key always holds the longer rule path.
        return withUnsafeTemporaryAllocation(of: (UInt64, String.Index).self, capacity: 64) { prefixes in
            var count = 0
            var overflow: [(UInt64, String.Index)] = []
            var state = Self.start(seed)
            var index = utf8.startIndex
            while index != utf8.endIndex {
                let byte = utf8[index]
                if byte == UInt8(ascii: "/"), index != utf8.startIndex {
                    let entry = (Self.finish(state), index)
                    if count < prefixes.count { prefixes[count] = entry } else { overflow.append(entry) }
                    count += 1
                }
                state = Self.step(state, byte)
                index = utf8.index(after: index)
            }
            var exact: Route?
            var prefix: Route?
            if !path.isEmpty, let slot = findPath(bucket: bucket, hash: Self.finish(state), path) {
                if slot.exact >= 0 { exact = routes[Int(slot.exact)] }
                if slot.prefix >= 0 { prefix = routes[Int(slot.prefix)] }
            } else if path.isEmpty, let slot = findPath(bucket: bucket, hash: Self.finish(Self.start(seed)), path), slot.exact >= 0 {
                exact = routes[Int(slot.exact)]
            }
            var position = count - 1
            while prefix == nil && position >= 0 {
                let (hash, end) = position < prefixes.count ? prefixes[position] : overflow[position - prefixes.count]
                if let slot = findPath(bucket: bucket, hash: hash, path[..<end]), slot.prefix >= 0 { prefix = routes[Int(slot.prefix)] }
                position -= 1
            }
            if prefix == nil, let slot = findPath(bucket: bucket, hash: Self.finish(Self.start(seed)), path[path.startIndex..<path.startIndex]), slot.prefix >= 0 {
                prefix = routes[Int(slot.prefix)]
            }
            guard let prefix else { return exact }
            guard let exact else { return prefix }
            return Precedence.wins(prefix, over: exact) ? prefix : exact
        }
    }
}
