/// Process exit codes, the same for every command (documented in README.md).
public enum BiduiExitCode: Int32, Sendable {
    /// Everything asked for was done.
    case success = 0
    /// The run could not proceed (nothing usable was produced; the previous good state is kept).
    case failure = 1
    /// Some input files could not be read; the others went through and their results are stored.
    case partial = 3
    /// The stage needs an earlier stage that is missing or stale.
    case upstreamNotReady = 4
    /// The run finished, and a `--fail-on` threshold was crossed (an alert for cron).
    case thresholdCrossed = 5
    /// Wrong command-line use (sysexits EX_USAGE).
    case usage = 64
    /// The run directory is locked by another bidui process: try again later (EX_TEMPFAIL).
    case locked = 75
    /// The pipeline configuration has an error (EX_CONFIG).
    case configuration = 78
}

/// The program's version, recorded with every stage run.
public enum BiduiVersion {
    public static let current = "0.1.0"
}
