import Foundation

/// A bounded queue between threads: producers block when the consumer falls behind, so memory stays
/// flat however large the input is; a consumer that gives up cancels, and producers stop at their next send.
public final class BoundedQueue<Element>: @unchecked Sendable {
    private let condition = NSCondition()
    /// At most `capacity` elements; removing from the front of so short an array is cheap.
    private var elements: [Element] = []
    private let capacity: Int
    private var producersFinished = false
    private var cancelled = false

    public init(capacity: Int = 32) { self.capacity = capacity }

    /// Blocks while the queue is full; drops the element once the consumer has given up.
    public func send(_ element: Element) {
        condition.lock()
        defer { condition.unlock() }
        while elements.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return }
        elements.append(element)
        condition.broadcast()
    }

    /// The next element, or nil when the producers are done and the queue is empty (or it was cancelled).
    public func receive() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while elements.isEmpty && !producersFinished && !cancelled { condition.wait() }
        guard !elements.isEmpty, !cancelled else { return nil }
        let element = elements.removeFirst()
        condition.broadcast()
        return element
    }

    public func finishProducing() {
        condition.lock()
        producersFinished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The consumer stopped: producers stop at their next send.
    public func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    public var isCancelled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled
    }
}
