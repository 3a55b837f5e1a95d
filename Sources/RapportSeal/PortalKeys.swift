import Foundation
import RapportCore
import Yams

/// The passphrases of the encrypted portals (docs/guide.md#publishing-privately, "Keys"): a YAML file kept outside the
/// site folder, mode 0600, one audience per line, with the salt they share:
///
///     salt: "…"
///     team: "…"
///     reps:
///       "R01": "…"
///     teams:
///       "East": "…"
///     derived:
///       "reps/R01": "…"
///
/// `derived` keeps each passphrase's PBKDF2 result (with a tag of the
/// passphrase it came from): 600,000 iterations cost 0.2 s of CPU per
/// portal, 14 s for 68 reps, which `keys new` spends once instead of every
/// build (BENCHMARKS.md, issue 26). It is as secret as the passphrases.
/// No message about this file ever quotes a value from it.
public struct PortalKeys: Sendable, Equatable {
    /// Public: each audience's salt is made from it and the audience's handle.
    public var salt: [UInt8]
    /// By audience handle: `team`, `reps/R01`, `teams/East`.
    public var passphrases: [String: String]
    /// By audience handle: the tag of the passphrase (8 bytes), then its
    /// 64 derived bytes.
    public var derived: [String: [UInt8]] = [:]

    public init(salt: [UInt8], passphrases: [String: String]) {
        self.salt = salt
        self.passphrases = passphrases
    }

    /// The key of `handle`'s portal: the kept derivation when it matches
    /// the passphrase, else derived now; nil without a passphrase.
    public func key(of handle: String) -> PortalKey? {
        guard let passphrase = passphrases[handle] else { return nil }
        let salt = PortalKey.salt(file: self.salt, handle: handle)
        if let kept = derived[handle], kept.count == 8 + 64,
            Array(kept.prefix(8)) == PortalKey.tag(passphrase: passphrase, salt: salt)
        {
            return PortalKey(derived: Array(kept.dropFirst(8)), salt: salt)
        }
        return try? PortalKey(passphrase: passphrase, salt: salt)
    }

    /// Every passphrase's derivation kept, made where missing or stale
    /// (across the cores), none kept for a portal without a passphrase.
    public mutating func deriveAll() {
        let handles = passphrases.keys.sorted()
        let current = self
        let keys = handles.parallelMap(minimumCount: 2) { handle in current.key(of: handle) }
        derived = [:]
        for (handle, key) in zip(handles, keys) {
            guard let key else { continue }
            derived[handle] = PortalKey.tag(passphrase: passphrases[handle]!, salt: key.salt) + key.derived
        }
    }

    /// A new file's salt: 128 random bits.
    public static func newSalt() -> [UInt8] { randomBytes(16) }

    /// A passphrase: 128 random bits, written as 26 letters and digits of
    /// RFC 4648's base32 in groups of four — strong enough that offline
    /// guessing is hopeless, typed or pasted without ambiguity.
    public static func newPassphrase() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
        var bits = 0
        var value = 0
        var letters: [Character] = []
        for byte in randomBytes(16) {
            value = value << 8 | Int(byte)
            bits += 8
            while bits >= 5 {
                letters.append(alphabet[(value >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { letters.append(alphabet[(value << (5 - bits)) & 31]) }
        return stride(from: 0, to: letters.count, by: 4).map { String(letters[$0..<min($0 + 4, letters.count)]) }
            .joined(separator: "-")
    }

    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// The file's text: the order of `Audience.list` (team, reps, teams),
    /// every key and value double-quoted, so any rep id or team name reads
    /// back as itself.
    public func text() -> String {
        var lines = [
            "# Rapport portal passphrases (docs/guide.md#publishing-privately). Secret: keep this file",
            "# outside the site folder and out of version control; give each audience its own line only.",
            "salt: \(quoted(hex(salt)))",
        ]
        if let team = passphrases["team"] { lines.append("team: \(quoted(team))") }
        for section in ["reps", "teams"] {
            let prefix = section + "/"
            let members = passphrases.keys.filter { $0.hasPrefix(prefix) }.sorted()
            guard !members.isEmpty else { continue }
            lines.append(section + ":")
            for handle in members {
                lines.append("  \(quoted(String(handle.dropFirst(prefix.count)))): \(quoted(passphrases[handle]!))")
            }
        }
        if !derived.isEmpty {
            lines.append("# Each passphrase's key, derived once (600,000 PBKDF2 iterations): as secret as they are.")
            lines.append("derived:")
            for handle in derived.keys.sorted() {
                lines.append("  \(quoted(handle)): \(quoted(hex(derived[handle]!)))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A YAML double-quoted scalar (JSON's escapes are YAML's).
    func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                result += String(format: "\\u%04X", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// The keys in the file at `path`, or why not. A file others can read
    /// is refused: its passphrases are no longer secret.
    public static func read(_ path: String) -> Result<PortalKeys, Diagnostic> {
        func problem(_ message: String, line: Int? = nil) -> Result<PortalKeys, Diagnostic> {
            .failure(
                Diagnostic(
                    .error, .invalidKeys, at: SourceLocation(file: path, line: line), stage: .load, message))
        }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let data = FileManager.default.contents(atPath: path)
        else { return problem("the keys file cannot be read") }
        if let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 != 0 {
            return problem(
                "the keys file can be read by others (mode \(String(mode & 0o777, radix: 8))): "
                    + "run 'chmod 600 \(path)'")
        }
        guard let text = String(data: data, encoding: .utf8) else { return problem("the keys file is not UTF-8") }
        let tree: Any?
        do {
            tree = try Yams.load(yaml: text)
        } catch {
            // Yams's message quotes the offending line: never shown.
            return problem("the keys file is not valid YAML")
        }
        guard let top = tree as? [AnyHashable: Any] else { return problem("the keys file holds no keys") }
        var keys = PortalKeys(salt: [], passphrases: [:])
        for (rawKey, value) in top {
            let key = "\(rawKey)"
            switch key {
            case "salt":
                guard let text = value as? String, let salt = bytes(hex: text), salt.count >= 16 else {
                    return problem("salt: must be at least 32 hexadecimal digits")
                }
                keys.salt = salt
            case "team":
                guard let passphrase = value as? String, !passphrase.isEmpty else {
                    return problem("team: must be a passphrase in quotes")
                }
                keys.passphrases["team"] = passphrase
            case "reps", "teams":
                guard let members = value as? [AnyHashable: Any] else {
                    return problem("\(key): must list one audience per line, as \"name\": \"passphrase\"")
                }
                for (name, passphrase) in members {
                    guard let passphrase = passphrase as? String, !passphrase.isEmpty else {
                        return problem("\(key): \(name) must be a passphrase in quotes")
                    }
                    keys.passphrases["\(key)/\(name)"] = passphrase
                }
            case "derived":
                // A stale or damaged entry is only slower: derived again.
                for (handle, value) in value as? [AnyHashable: Any] ?? [:] {
                    if let text = value as? String, let bytes = bytes(hex: text), bytes.count == 8 + 64 {
                        keys.derived["\(handle)"] = bytes
                    }
                }
            default:
                return problem(
                    "unknown entry '\(key.prefix(60))': the keys file holds salt, team, reps and teams")
            }
        }
        guard !keys.salt.isEmpty else { return problem("the keys file has no salt: (make one with rapport keys new)") }
        return .success(keys)
    }

    /// Writes `text()` to `path` with mode 0600 from the first byte, through
    /// a temporary file renamed into place, so a failure never leaves a
    /// half-written or readable keys file.
    public func write(to path: String) -> Diagnostic? {
        let temporary = path + ".rapport-new"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            return Diagnostic(
                .error, .writeFailed, at: SourceLocation(file: path), stage: .write,
                "the keys file cannot be written: \(String(cString: strerror(errno)))")
        }
        let bytes = Array(text().utf8)
        let written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        // chmod: mode 0600 whatever the umask made of `open`'s mode.
        guard written == bytes.count, synced, chmod(temporary, 0o600) == 0, rename(temporary, path) == 0 else {
            unlink(temporary)
            return Diagnostic(
                .error, .writeFailed, at: SourceLocation(file: path), stage: .write,
                "the keys file cannot be written: \(String(cString: strerror(errno)))")
        }
        return nil
    }
}
