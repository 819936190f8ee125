import BiduiCore
import Foundation

/// What a long match tells its log as it goes (at province scale the stage runs for many minutes):
/// each step's count and time when it ends, and a progress bar (a log line every 10 s under cron)
/// over the loops that take minutes. Steps shorter than a second are logged at debug level only, so
/// a small run's output stays as short as before.
struct MatchSteps {
    private let context: StageRunContext?
    private var started = Date()

    /// nil: tests and tools that link without a run say nothing.
    init(_ context: StageRunContext?) { self.context = context }

    /// Ends the step that began at the previous call (or at `init`) and logs it, clearing the
    /// step's progress bar if it had one.
    mutating func finished(_ step: String, count: Int, unit: String, progress: ProgressReporter? = nil) {
        progress?.finish(logging: false)
        let now = Date()
        let seconds = now.timeIntervalSince(started)
        let line = "match: \(step): \(count) \(unit) in \(String(format: "%.1f", seconds)) s"
        if seconds >= 1 { context?.logger.info("\(line)") } else { context?.logger.debug("\(line)") }
        started = now
    }

    func progress(_ step: String, unit: String, total: Int) -> ProgressReporter? {
        context?.progress(step, unit: unit, total: total)
    }
}
