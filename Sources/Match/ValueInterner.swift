import Foundation

/// Distinct byte strings numbered in order of first sight: records compare numbers, not text.
/// Open addressing over FNV-1a hashes; the bytes live in one pool.
struct ValueInterner {
    private var slots: [Int32]
    private var hashes: [UInt64] = []
    private var starts: [Int] = []
    private(set) var pool: [UInt8] = []

    init(expected: Int = 1_024) {
        var size = 1024
        while size < expected * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        starts = [0]
    }

    var count: Int { hashes.count }

    /// The number of `bytes`, adding them when new.
    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let (hash, slot, found) = probe(bytes)
        if let found { return found }
        let index = Int32(hashes.count)
        slots[slot] = index
        hashes.append(hash)
        pool.append(contentsOf: bytes)
        starts.append(pool.count)
        if hashes.count * 2 > slots.count { grow() }
        return index
    }

    /// The bytes' hash, and their number or the empty slot where they would go.
    private func probe(_ bytes: UnsafeBufferPointer<UInt8>) -> (hash: UInt64, slot: Int, found: Int32?) {
        var hash: UInt64 = 0xcbf29ce484222325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100000001b3 }
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 31)) & (slots.count - 1)
        while slots[slot] >= 0 {
            let i = Int(slots[slot])
            if hashes[i] == hash && equal(i, bytes) { return (hash, slot, slots[slot]) }
            slot = (slot + 1) & (slots.count - 1)
        }
        return (hash, slot, nil)
    }

    mutating func intern(_ text: String) -> Int32 {
        var copy = text
        return copy.withUTF8 { intern($0) }
    }

    /// The number of `text` if it was interned, else -1.
    func lookup(_ text: String) -> Int32 {
        var copy = text
        return copy.withUTF8 { probe($0).found } ?? -1
    }

    func bytes(_ index: Int32) -> ArraySlice<UInt8> { pool[starts[Int(index)]..<starts[Int(index) + 1]] }

    func string(_ index: Int32) -> String { String(decoding: bytes(index), as: UTF8.self) }

    private func equal(_ i: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = starts[i], end = starts[i + 1]
        guard end - start == bytes.count else { return false }
        return pool.withUnsafeBufferPointer { pool in
            bytes.count == 0 || memcmp(pool.baseAddress! + start, bytes.baseAddress!, bytes.count) == 0
        }
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        for (i, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash ^ (hash >> 31)) & (slots.count - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (slots.count - 1) }
            slots[slot] = Int32(i)
        }
    }
}
