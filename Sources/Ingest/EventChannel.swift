import BiduiCore

/// The bounded queue from one file reader to the store writer.
typealias EventChannel = BoundedQueue<IngestEvent>

/// Store ids of sheets, derived from the file's position and the sheet's, so they are the same on every run.
enum SheetKey {
    static func make(file: Int, ordinal: Int) -> Int { (file + 1) << 16 | ordinal }
    static func file(of key: Int) -> Int { (key >> 16) - 1 }
}
