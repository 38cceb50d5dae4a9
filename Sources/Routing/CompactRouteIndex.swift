import IngressModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The lookup structure `resolve` runs on: two open-addressing hash tables over contiguous arrays,
/// one for hosts and one for (host bucket, path key) pairs, with every key's bytes in one arena,
/// so that a request touches a handful of cache lines whatever the number of routes. Built once
/// from the PathIndex buckets, which stay the source of truth for analyses; a test keeps both
/// lookups in agreement.
///
/// Hashes are FNV-1a over the key bytes, seeded by the host bucket. A slot's hash only narrows the
/// search: every hit is confirmed by comparing the stored bytes, so a crafted Host header or path
/// cannot land on another key's routes. Each host slot also carries which key lengths its bucket
/// has, so a request probes only the prefixes that can exist.
struct CompactRouteIndex: Sendable {
    /// A host bucket and the key lengths present in it (bit n: a key of n bytes; bit 63: 63 or more).
    struct Bucket: Sendable {
        var specificity: HostPattern.Specificity
        var id: Int32
        var exactLengths: UInt64
        var prefixLengths: UInt64
    }

    private struct HostSlot: Sendable {
        var hash: UInt64 = 0
        var exactLengths: UInt64 = 0
        var prefixLengths: UInt64 = 0
        var bucket: Int32 = -1
        var offset: UInt32 = 0
        var length: UInt16 = 0
        var kind: UInt8 = 0
    }

    private struct PathSlot: Sendable {
        var hash: UInt64 = 0
        var exact: Route?
        var prefix: Route?
        var bucket: Int32 = -1
        var offset: UInt32 = 0
        var length: UInt32 = 0
    }

    private var hostSlots: [HostSlot]
    private var pathSlots: [PathSlot]
    /// Key bytes of hosts and paths, back to back.
    private var arena: [UInt8] = []
    private var anyBucket: Bucket?
    private let hostMask: Int
    private let pathMask: Int

    /// `buckets`: (host pattern, its PathIndex) per host bucket, in bucket order.
    init(buckets: [(HostPattern, PathIndex)]) {
        var pathCount = 0
        for (_, index) in buckets { pathCount += index.exact.count + index.prefix.count }
        hostMask = Self.capacity(for: buckets.count) - 1
        pathMask = Self.capacity(for: pathCount) - 1
        hostSlots = Array(repeating: HostSlot(), count: hostMask + 1)
        pathSlots = Array(repeating: PathSlot(), count: pathMask + 1)
        for (position, (pattern, index)) in buckets.enumerated() {
            let bucket = Int32(position)
            var exactLengths: UInt64 = 0
            var prefixLengths: UInt64 = 0
            for (path, routes) in index.exact {
                guard let winner = routes.first else { continue }
                exactLengths |= Self.lengthBit(path.text.utf8.count)
                insertPath(bucket: bucket, key: String(path.text), exact: winner, prefix: nil)
            }
            for (key, routes) in index.prefix {
                guard let winner = routes.first else { continue }
                prefixLengths |= Self.lengthBit(key.text.utf8.count)
                insertPath(bucket: bucket, key: String(key.text), exact: nil, prefix: winner)
            }
            switch pattern {
            case .exact(let name): insertHost(.exact, name: name, bucket: bucket, exactLengths: exactLengths, prefixLengths: prefixLengths)
            case .wildcard(let suffix): insertHost(.wildcard, name: suffix, bucket: bucket, exactLengths: exactLengths, prefixLengths: prefixLengths)
            case .any: anyBucket = Bucket(specificity: .any, id: bucket, exactLengths: exactLengths, prefixLengths: prefixLengths)
            }
        }
    }

    @inline(__always)
    private static func lengthBit(_ length: Int) -> UInt64 { 1 << UInt64(min(length, 63)) }

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

    private mutating func store(_ key: String) -> (UInt32, Int) {
        let offset = UInt32(arena.count)
        arena.append(contentsOf: key.utf8)
        return (offset, key.utf8.count)
    }

    /// Compares a probe with stored bytes; the probe is read in place when it is contiguous.
    @inline(__always)
    private func equals(_ probe: Substring, offset: UInt32, length: Int) -> Bool {
        let utf8 = probe.utf8
        guard utf8.count == length else { return false }
        return arena.withUnsafeBufferPointer { stored in
            let start = stored.baseAddress.map { $0 + Int(offset) }
            if let same = utf8.withContiguousStorageIfAvailable({ bytes -> Bool in
                guard let start, let base = bytes.baseAddress else { return length == 0 }
                return memcmp(start, base, length) == 0
            }) {
                return same
            }
            var index = Int(offset)
            for byte in utf8 {
                if stored[index] != byte { return false }
                index += 1
            }
            return true
        }
    }

    private mutating func insertHost(_ specificity: HostPattern.Specificity, name: String, bucket: Int32, exactLengths: UInt64, prefixLengths: UInt64) {
        let kind = UInt8(specificity.rawValue)
        let hash = Self.hash(seed: UInt64(kind), Substring(name).utf8)
        var slot = Int(truncatingIfNeeded: hash) & hostMask
        while hostSlots[slot].hash != 0 { slot = (slot + 1) & hostMask }
        let (offset, length) = store(name)
        hostSlots[slot] = HostSlot(
            hash: hash, exactLengths: exactLengths, prefixLengths: prefixLengths, bucket: bucket,
            offset: offset, length: UInt16(clamping: length), kind: kind)
    }

    private mutating func insertPath(bucket: Int32, key: String, exact: Route?, prefix: Route?) {
        let hash = Self.hash(seed: UInt64(bucket) &+ 3, Substring(key).utf8)
        var slot = Int(truncatingIfNeeded: hash) & pathMask
        while pathSlots[slot].hash != 0 {
            let entry = pathSlots[slot]
            if entry.hash == hash, entry.bucket == bucket, equals(Substring(key), offset: entry.offset, length: Int(entry.length)) { break }
            slot = (slot + 1) & pathMask
        }
        if pathSlots[slot].hash == 0 {
            let (offset, length) = store(key)
            pathSlots[slot] = PathSlot(hash: hash, bucket: bucket, offset: offset, length: UInt32(length))
        }
        if let exact { pathSlots[slot].exact = exact }
        if let prefix { pathSlots[slot].prefix = prefix }
    }

    /// The host bucket for a normalized request host: exact host, else one-label wildcard, else the
    /// host-less rules.
    func selectHost(_ host: Substring) -> Bucket? {
        if let bucket = findHost(.exact, host) { return bucket }
        if let suffix = RequestHost.wildcardSuffix(of: host), let bucket = findHost(.wildcard, suffix) { return bucket }
        return anyBucket
    }

    private func findHost(_ specificity: HostPattern.Specificity, _ name: Substring) -> Bucket? {
        let kind = UInt8(specificity.rawValue)
        // Host names are at most 253 bytes; anything longer is in no table.
        guard name.utf8.count <= Int(UInt16.max) else { return nil }
        let hash = Self.hash(seed: UInt64(kind), name.utf8)
        var slot = Int(truncatingIfNeeded: hash) & hostMask
        while true {
            let entry = hostSlots[slot]
            if entry.hash == 0 { return nil }
            if entry.hash == hash, entry.kind == kind, equals(name, offset: entry.offset, length: Int(entry.length)) {
                return Bucket(specificity: specificity, id: entry.bucket, exactLengths: entry.exactLengths, prefixLengths: entry.prefixLengths)
            }
            slot = (slot + 1) & hostMask
        }
    }

    /// The slot holding the key; a position, so that only the route needed is retained.
    private func findPath(bucket: Int32, hash: UInt64, _ key: Substring) -> Int? {
        var slot = Int(truncatingIfNeeded: hash) & pathMask
        while true {
            let entryHash = pathSlots[slot].hash
            if entryHash == 0 { return nil }
            if entryHash == hash, pathSlots[slot].bucket == bucket,
                equals(key, offset: pathSlots[slot].offset, length: Int(pathSlots[slot].length)) {
                return slot
            }
            slot = (slot + 1) & pathMask
        }
    }

    /// The winning route of a host bucket for a request path (query already removed).
    func match(_ bucket: Bucket, path: Substring) -> Route? {
        let seed = UInt64(bucket.id) &+ 3
        let utf8 = path.utf8
        // One pass hashes every prefix that ends before a `/`; probing then runs from the longest,
        // because a longer Prefix key always holds the longer rule path.
        return withUnsafeTemporaryAllocation(of: (UInt64, String.Index, Int).self, capacity: 64) { prefixes in
            var count = 0
            var overflow: [(UInt64, String.Index, Int)] = []
            var state = Self.start(seed)
            var index = utf8.startIndex
            var length = 0
            while index != utf8.endIndex {
                let byte = utf8[index]
                if byte == UInt8(ascii: "/"), length > 0, bucket.prefixLengths & Self.lengthBit(length) != 0 {
                    let entry = (Self.finish(state), index, length)
                    if count < prefixes.count { prefixes[count] = entry } else { overflow.append(entry) }
                    count += 1
                }
                state = Self.step(state, byte)
                index = utf8.index(after: index)
                length += 1
            }
            var exact: Route?
            var prefix: Route?
            let whole = Self.lengthBit(length)
            if (bucket.exactLengths | (length > 0 ? bucket.prefixLengths : 0)) & whole != 0,
                let slot = findPath(bucket: bucket.id, hash: Self.finish(state), path) {
                exact = pathSlots[slot].exact
                if length > 0 { prefix = pathSlots[slot].prefix }
            }
            var position = count - 1
            while prefix == nil && position >= 0 {
                let (hash, end, _) = position < prefixes.count ? prefixes[position] : overflow[position - prefixes.count]
                if let slot = findPath(bucket: bucket.id, hash: hash, path[..<end]) { prefix = pathSlots[slot].prefix }
                position -= 1
            }
            if prefix == nil, bucket.prefixLengths & 1 != 0 {
                if let slot = findPath(bucket: bucket.id, hash: Self.finish(Self.start(seed)), path[path.startIndex..<path.startIndex]) {
                    prefix = pathSlots[slot].prefix
                }
            }
            guard let prefix else { return exact }
            guard let exact else { return prefix }
            return Precedence.wins(prefix, over: exact) ? prefix : exact
        }
    }
}
