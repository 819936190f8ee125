import BiduiCore
import Crypto
import Foundation

/// Person ids: a keyed hash (HMAC-SHA256) of the person's valid ID number under a per-deployment
/// secret, so an id stays the same from run to run while the number does, and cannot be turned back
/// into the number without the secret, which lives outside the run directory and its reports.
public struct PersonIdentifier: Sendable {
    private let secret: Data

    public init(secret: Data) { self.secret = secret }

    private var key: SymmetricKey { SymmetricKey(data: secret) }

    /// Reads the secret at `path`, creating it (32 random bytes, owner-only) when it does not exist.
    public static func load(path: String) throws -> PersonIdentifier {
        let url = URL(fileURLWithPath: (path as NSString).expandingTildeInPath)
        if let data = try? Data(contentsOf: url) {
            guard data.count >= 16 else { throw PersonKeyError(path: url.path, message: "is shorter than 16 bytes; delete it and a new one is made (person ids will change)") }
            return PersonIdentifier(secret: data)
        }
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            var bytes = [UInt8](repeating: 0, count: 32)
            var generator = SystemRandomNumberGenerator()
            for k in bytes.indices { bytes[k] = UInt8.random(in: 0...255, using: &generator) }
            let data = Data(bytes)
            guard FileManager.default.createFile(atPath: url.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
                throw PersonKeyError(path: url.path, message: "cannot be created; check the folder's permissions or set match.person_id_key")
            }
            return PersonIdentifier(secret: data)
        }
    }

    /// `P` and 16 hexadecimal digits.
    public func id(forIDNumber number: String) -> String { Self.format(HMAC<SHA256>.authenticationCode(for: Data("id:\(number)".utf8), using: key)) }

    /// For a person without a valid ID number: stable while the first row stays where it is.
    public func id(forRow file: String, sheet: String?, row: Int) -> String {
        Self.format(HMAC<SHA256>.authenticationCode(for: Data("row:\(file)|\(sheet ?? "")|\(row)".utf8), using: key))
    }

    private static func format(_ code: HMAC<SHA256>.MAC) -> String { "P" + Array(code).prefix(8).hexString }
}

public struct PersonKeyError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let message: String
    public var description: String { "person id key \(path) \(message)" }
}
