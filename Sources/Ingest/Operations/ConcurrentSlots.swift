import Foundation

/// One result slot per item of a `DispatchQueue.concurrentPerform`, filled from its worker threads:
/// files are read on every core, yet the results come back in the items' order.
final class ConcurrentSlots<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Value?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    /// The filled slots, in order.
    var values: [Value] {
        lock.lock()
        defer { lock.unlock() }
        return slots.compactMap { $0 }
    }

    /// `work` for each index on every core, results in index order.
    static func map(_ count: Int, _ work: @Sendable (Int) -> Value) -> [Value] {
        let slots = ConcurrentSlots(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { slots.set($0, work($0)) }
        return slots.values
    }
}
