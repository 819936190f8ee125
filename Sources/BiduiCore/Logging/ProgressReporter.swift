import Foundation
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// Progress of a long step, the way its reader needs it: on a terminal, a bar redrawn in place with
/// rows/s and the time left; without one (cron, CI), a log line every `logInterval` seconds, so the
/// log shows the run moving without filling up. Safe to call from several threads.
public final class ProgressReporter: @unchecked Sendable {
    private let label: String
    private let unit: String
    private let total: Int?
    private let logger: Logger
    private let interactive: Bool
    private let logInterval: TimeInterval
    private let lock = NSLock()
    private let started = Date()
    private var done = 0
    private var lastShown = Date.distantPast
    private var drewBar = false

    /// `interactive` defaults to: standard error is a terminal and log lines are echoed there.
    public init(label: String, unit: String = "rows", total: Int? = nil, logger: Logger,
                interactive: Bool = ProgressReporter.terminalAttached, logInterval: TimeInterval = 10) {
        self.label = label
        self.unit = unit
        self.total = total.flatMap { $0 > 0 ? $0 : nil }
        self.logger = logger
        self.interactive = interactive
        self.logInterval = logInterval
    }

    /// Standard error is a terminal and the user did not ask for --quiet.
    public static var terminalAttached: Bool { isatty(STDERR_FILENO) == 1 && LogSink.shared.echoToStandardError }

    public func advance(by count: Int) {
        lock.lock()
        defer { lock.unlock() }
        done += count
        let now = Date()
        let interval = interactive ? 0.2 : logInterval
        guard now.timeIntervalSince(lastShown) >= interval else { return }
        lastShown = now
        show(now)
    }

    /// Clears the bar (a terminal) or logs the final count; `logging: false` when the caller logs
    /// the step's end itself.
    public func finish(logging: Bool = true) {
        lock.lock()
        defer { lock.unlock() }
        if drewBar { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        let seconds = Date().timeIntervalSince(started)
        if logging && !interactive && seconds >= logInterval {
            logger.info("\(label): \(done) \(unit) in \(String(format: "%.1f", seconds)) s")
        }
    }

    /// `normalize  [#######.............]  35%  345,000/984,462 rows  120,000 rows/s  ETA 5s`.
    public var line: String {
        lock.lock()
        defer { lock.unlock() }
        return text(Date())
    }

    private func text(_ now: Date) -> String {
        let seconds = max(now.timeIntervalSince(started), 0.001)
        let rate = Double(done) / seconds
        var parts = [label]
        if let total {
            let share = min(1, Double(done) / Double(total))
            let filled = Int(share * 20)
            parts.append("[" + String(repeating: "#", count: filled) + String(repeating: ".", count: 20 - filled) + "]")
            parts.append(String(format: "%3.0f%%", share * 100))
            parts.append("\(done)/\(total) \(unit)")
        } else {
            parts.append("\(done) \(unit)")
        }
        parts.append("\(Int(rate)) \(unit)/s")
        if let total, rate > 0, done < total {
            parts.append("ETA \(Int((Double(total - done) / rate).rounded(.up)))s")
        }
        return parts.joined(separator: "  ")
    }

    private func show(_ now: Date) {
        if interactive {
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + text(now)).utf8))
            drewBar = true
        } else {
            logger.info("\(text(now))")
        }
    }
}
