import Crypto
import Foundation
import _CryptoExtras

/// The secret of one encrypted portal (docs/guide.md#publishing-privately):
/// 64 bytes derived from its passphrase with PBKDF2-HMAC-SHA256, split in
/// two. The first half is the AES-256-GCM key of every file; the second
/// names the files and makes their nonces (HMAC-SHA256). The unlock script
/// derives the same 64 bytes with WebCrypto, so the browser needs nothing
/// but the passphrase, the salt and the iteration count.
public struct PortalKey: Sendable {
    /// OWASP's 2023 figure for PBKDF2-HMAC-SHA256; the issue asks for at least this.
    public static let iterations = 600_000

    let encryption: SymmetricKey
    let naming: SymmetricKey
    /// The 64 derived bytes: what the keys file keeps so a build need not
    /// derive them again (`PortalKeys.derived`).
    public var derived: [UInt8] {
        encryption.withUnsafeBytes { [UInt8]($0) } + naming.withUnsafeBytes { [UInt8]($0) }
    }
    /// Public: written into the unlock page.
    public let salt: [UInt8]
    public let iterations: Int

    /// `iterations` below the default is for tests against published
    /// vectors (RFC 7914's use one and 80,000); builds use the default.
    public init(passphrase: String, salt: [UInt8], iterations: Int = PortalKey.iterations) throws {
        let derived = try KDF.Insecure.PBKDF2.deriveKey(
            from: Array(passphrase.utf8), salt: salt, using: .sha256, outputByteCount: 64,
            unsafeUncheckedRounds: iterations)
        self.init(derived: derived.withUnsafeBytes { [UInt8]($0) }, salt: salt, iterations: iterations)
    }

    /// The key from its 64 derived bytes, as `derived` gave them.
    public init(derived bytes: [UInt8], salt: [UInt8], iterations: Int = PortalKey.iterations) {
        precondition(bytes.count == 64)
        encryption = SymmetricKey(data: bytes[0..<32])
        naming = SymmetricKey(data: bytes[32..<64])
        self.salt = salt
        self.iterations = iterations
    }

    /// What ties a kept derivation to its passphrase and salt: a
    /// passphrase edited by hand no longer matches, and its key is derived
    /// again. A fast hash is no loss here: the passphrase is in the same file.
    public static func tag(passphrase: String, salt: [UInt8], iterations: Int = PortalKey.iterations) -> [UInt8] {
        Array(SHA256.hash(data: Array("\(iterations)\u{0}\(passphrase)\u{0}".utf8) + salt).prefix(8))
    }

    /// Each audience's salt: the keys file's salt and the audience's handle,
    /// so two audiences with one passphrase still get different keys.
    public static func salt(file: [UInt8], handle: String) -> [UInt8] {
        Array(SHA256.hash(data: file + [0] + Array(handle.utf8)).prefix(16))
    }

    /// The opaque name of the file at `path`: 128 bits of HMAC, in hex.
    /// Nothing of the path shows, and the browser computes the same name
    /// from the path it wants (unlock.js, `nameOf`).
    public func name(of path: String) -> String {
        hex(HMAC<SHA256>.authenticationCode(for: Array("name\u{0}\(path)".utf8), using: naming).prefix(16))
    }

    /// A value the unlock page shows, so a wrong passphrase is told apart
    /// from a missing file at once. It gives an offline guesser nothing a
    /// sealed file would not (docs/guide.md#publishing-privately, "Threat model").
    public var check: String {
        hex(HMAC<SHA256>.authenticationCode(for: Array("check".utf8), using: naming).prefix(16))
    }

    /// `bytes` sealed with AES-256-GCM: nonce ‖ ciphertext ‖ tag, bound to
    /// the file's name (additional data), so no file can stand in for
    /// another. The nonce is synthetic — an HMAC of the path and the
    /// plaintext — so the same inputs and key give the same bytes, and a
    /// nonce never repeats with a different plaintext.
    public func seal(_ bytes: [UInt8], path: String, name: String) -> [UInt8] {
        var mac = HMAC<SHA256>(key: naming)
        mac.update(data: Array("nonce\u{0}\(path)\u{0}".utf8))
        mac.update(data: bytes)
        let code = mac.finalize()
        // A 12-byte nonce from a 32-byte code and a 32-byte key cannot fail.
        let nonce = try! AES.GCM.Nonce(data: Array(code.prefix(12)))
        let box = try! AES.GCM.seal(bytes, using: encryption, nonce: nonce, authenticating: Array(name.utf8))
        return Array(box.combined!)
    }

    /// The sealed bytes opened again: what the browser does, for tests.
    public func open(_ sealed: [UInt8], name: String) -> [UInt8]? {
        guard let box = try? AES.GCM.SealedBox(combined: sealed),
            let bytes = try? AES.GCM.open(box, using: encryption, authenticating: Array(name.utf8))
        else { return nil }
        return Array(bytes)
    }
}

func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
    let digits = Array("0123456789abcdef".utf8)
    var text: [UInt8] = []
    for byte in bytes {
        text.append(digits[Int(byte >> 4)])
        text.append(digits[Int(byte & 15)])
    }
    return String(decoding: text, as: UTF8.self)
}

func bytes(hex text: String) -> [UInt8]? {
    let characters = Array(text.utf8)
    guard characters.count % 2 == 0 else { return nil }
    func value(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return character - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
    var result: [UInt8] = []
    result.reserveCapacity(characters.count / 2)
    var index = 0
    while index < characters.count {
        guard let high = value(characters[index]), let low = value(characters[index + 1]) else { return nil }
        result.append(high << 4 | low)
        index += 2
    }
    return result
}
