import Foundation

/// A bounded queue from the file readers to the store writer: readers block when the writer falls
/// behind, so memory stays flat however large the files are.
final class EventChannel: @unchecked Sendable {
    private let condition = NSCondition()
    /// At most `capacity` events; removing from the front of so short an array is cheap.
    private var events: [IngestEvent] = []
    private let capacity: Int
    private var producersFinished = false
    private var cancelled = false

    init(capacity: Int = 32) { self.capacity = capacity }

    /// Blocks while the queue is full; drops the event once the writer has given up.
    func send(_ event: IngestEvent) {
        condition.lock()
        defer { condition.unlock() }
        while events.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return }
        events.append(event)
        condition.broadcast()
    }

    /// The next event, or nil when every reader is done and the queue is empty.
    func receive() -> IngestEvent? {
        condition.lock()
        defer { condition.unlock() }
        while events.isEmpty && !producersFinished { condition.wait() }
        guard !events.isEmpty else { return nil }
        let event = events.removeFirst()
        condition.broadcast()
        return event
    }

    func finishProducing() {
        condition.lock()
        producersFinished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The writer stopped: readers stop at their next send.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    var isCancelled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled
    }
}

/// Store ids of sheets, derived from the file's position and the sheet's, so they are the same on every run.
enum SheetKey {
    static func make(file: Int, ordinal: Int) -> Int { (file + 1) << 16 | ordinal }
    static func file(of key: Int) -> Int { (key >> 16) - 1 }
}
