import Foundation
import RapportCore
import RapportLoad
import RapportSeal
import RapportTestSupport
import Testing

/// Issue 26, points 2 and 3: encrypted portals and their keys (docs/guide.md#publishing-privately). The browser's side
/// is checked in real Chromium by Tests/portal/check_encrypted.py.
@Suite struct PortalEncryptionTests {
    static func bytes(_ hex: String) -> [UInt8] {
        stride(from: 0, to: hex.count, by: 2).map {
            let start = hex.index(hex.startIndex, offsetBy: $0)
            return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16)!
        }
    }

    /// RFC 7914, section 11: PBKDF2-HMAC-SHA256's published test vectors
    /// (also what Python's hashlib.pbkdf2_hmac gives), 64 bytes each: the
    /// same derivation WebCrypto runs in the browser.
    @Test func theKeyIsPBKDF2HMACSHA256AsPublished() throws {
        let first = try PortalKey(passphrase: "passwd", salt: Array("salt".utf8), iterations: 1)
        #expect(
            first.derived
                == Self.bytes(
                    "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                        + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"))
        let second = try PortalKey(passphrase: "Password", salt: Array("NaCl".utf8), iterations: 80_000)
        #expect(
            second.derived
                == Self.bytes(
                    "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
                        + "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d"))
        #expect(PortalKey.iterations >= 600_000)
    }

    static let key = try! PortalKey(passphrase: "correct horse", salt: Array(repeating: 7, count: 16), iterations: 1)

    /// Same bytes every build; a nonce that never repeats with another
    /// plaintext; nothing of the path in the name; no file standing in for
    /// another; a changed byte refused.
    @Test func sealingIsDeterministicAndBound() throws {
        let key = Self.key
        let page = Array("<h1>Acme Corp</h1> $12,400".utf8)
        let name = key.name(of: "accounts/acme-corp/index.html")
        #expect(name.count == 32 && name.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(name != key.name(of: "accounts/acme-corp/packet.html"))
        let sealed = key.seal(page, path: "accounts/acme-corp/index.html", name: name)
        #expect(sealed == key.seal(page, path: "accounts/acme-corp/index.html", name: name))
        #expect(sealed.count == 12 + page.count + 16)
        #expect(key.open(sealed, name: name) == page)
        // Another plaintext at the same path, or the same at another: another nonce.
        let changed = key.seal(
            Array("<h1>Acme Corp</h1> $12,401".utf8), path: "accounts/acme-corp/index.html", name: name)
        #expect(Array(changed.prefix(12)) != Array(sealed.prefix(12)))
        #expect(Array(key.seal(page, path: "other.html", name: name).prefix(12)) != Array(sealed.prefix(12)))
        // Bound to its name, and to every byte.
        #expect(key.open(sealed, name: key.name(of: "index.html")) == nil)
        var tampered = sealed
        tampered[20] ^= 1
        #expect(key.open(tampered, name: name) == nil)
        // Another passphrase opens nothing and names everything otherwise.
        let other = try PortalKey(passphrase: "correct horsf", salt: Array(repeating: 7, count: 16), iterations: 1)
        #expect(other.open(sealed, name: name) == nil)
        #expect(other.name(of: "index.html") != key.name(of: "index.html"))
        #expect(other.check != key.check)
        // Each audience its own salt, from the file's salt and its handle.
        let salt = [UInt8](repeating: 1, count: 16)
        #expect(PortalKey.salt(file: salt, handle: "reps/R01") != PortalKey.salt(file: salt, handle: "reps/R02"))
        #expect(PortalKey.salt(file: salt, handle: "reps/R01").count == 16)
    }

    /// The keys file: 128-bit passphrases, one audience per line, mode
    /// 0600, read back as written; refused when others can read it; no
    /// message quotes a value from it.
    @Test func theKeysFileIsPrivateAndReadsBack() throws {
        let passphrase = PortalKeys.newPassphrase()
        // 26 base32 letters (130 bits written, 128 random) in groups of four.
        #expect(passphrase.count == 26 + 6)
        #expect(
            passphrase.replacingOccurrences(of: "-", with: "").allSatisfy {
                "abcdefghijklmnopqrstuvwxyz234567".contains($0)
            })
        #expect(PortalKeys.newPassphrase() != passphrase)
        let folder = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/keys.yaml"
        let keys = PortalKeys(
            salt: PortalKeys.newSalt(),
            passphrases: ["team": "t \"quoted\" \\", "reps/R01": passphrase, "reps/R:2": "x", "teams/East Coast": "y"])
        #expect(keys.write(to: path) == nil)
        let mode = (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue
        #expect(mode == 0o600)
        let text = Fixtures.read(path)
        #expect(text.contains("reps:\n  \"R01\": \"\(passphrase)\"\n"))
        #expect(try PortalKeys.read(path).get() == keys)
        chmod(path, 0o644)
        guard case .failure(let readable) = PortalKeys.read(path) else {
            Issue.record("a keys file others can read was accepted")
            return
        }
        #expect(readable.kind == .invalidKeys && readable.message.contains("chmod 600"))
        Fixtures.write("salt: \"00112233445566778899aabbccddeeff\"\nreps:\n  R01: [\"secret-value\"\n", to: path)
        chmod(path, 0o600)
        guard case .failure(let broken) = PortalKeys.read(path) else {
            Issue.record("a broken keys file was accepted")
            return
        }
        #expect(!broken.description.contains("secret-value"))
    }

    /// The keys file keeps each passphrase's derivation, so a build with
    /// 68 reps does not spend 68 × 600,000 iterations; a passphrase edited
    /// by hand no longer matches its kept derivation and is derived again.
    @Test func keptDerivationsAreTheKeysAndGoStale() throws {
        let salt = [UInt8](repeating: 3, count: 16)
        var keys = PortalKeys(salt: salt, passphrases: ["reps/R01": "first"])
        keys.deriveAll()
        #expect(keys.derived["reps/R01"]?.count == 8 + 64)
        let fresh = try PortalKey(passphrase: "first", salt: PortalKey.salt(file: salt, handle: "reps/R01"))
        #expect(keys.key(of: "reps/R01")?.derived == fresh.derived)
        #expect(keys.key(of: "reps/R02") == nil)
        keys.passphrases["reps/R01"] = "second"
        let edited = try PortalKey(passphrase: "second", salt: PortalKey.salt(file: salt, handle: "reps/R01"))
        #expect(keys.key(of: "reps/R01")?.derived == edited.derived)
        // Written and read back, the kept derivation comes with it.
        let folder = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        keys.deriveAll()
        #expect(keys.write(to: folder + "/keys.yaml") == nil)
        #expect(try PortalKeys.read(folder + "/keys.yaml").get().derived == keys.derived)
    }

    static func encryptedDemo(_ root: String) throws -> String {
        let site = root + "/content"
        try FileManager.default.copyItem(atPath: Fixtures.packageRoot + "/content", toPath: site)
        Fixtures.write(
            Fixtures.read(site + "/site.yaml") + "portals:\n  team: {}\n  reps: { encrypt: true }\n",
            to: site + "/site.yaml")
        return site
    }

    /// The real binary: a build without the keys exits 1 and leaves the
    /// previous output byte for byte; `keys new` makes them (0600, outside
    /// the site), printing none; two builds with them are byte-identical;
    /// `keys rotate` renews one portal's; no file of a rep's portal holds
    /// one of its customers' names, and the e-mails are in mail/, in clear.
    @Test func keysMakeTheBuildAndNoneIsPrinted() throws {
        let root = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let site = try Self.encryptedDemo(root)
        let output = root + "/out"
        let inside = try Binary.run(["keys", "new", "--site", site, "--output", site + "/keys.yaml"])
        #expect(inside.status == 1 && inside.stderr.contains("outside the site folder"))
        let keysFile = root + "/keys.yaml"
        let made = try Binary.run(["keys", "new", "--site", site, "--output", keysFile])
        #expect(made.status == 0, "\(made.stderr)")
        let keys = try PortalKeys.read(keysFile).get()
        #expect(keys.passphrases.keys.sorted() == ["reps/R01", "reps/R02", "reps/R03", "reps/R04"])
        for passphrase in keys.passphrases.values { #expect(!made.stdout.contains(passphrase)) }
        // Run again: nothing renewed, nothing lost.
        #expect(try Binary.run(["keys", "new", "--site", site, "--output", keysFile]).status == 0)
        #expect(try PortalKeys.read(keysFile).get() == keys)

        let built = try Binary.run(["build", "--site", site, "--output", output, "--keys", keysFile])
        #expect(built.status == 0, "\(built.stderr)")
        for passphrase in keys.passphrases.values {
            #expect(!built.stdout.contains(passphrase) && !built.stderr.contains(passphrase))
        }
        let first = Fixtures.snapshot(output)
        let refused = try Binary.run(["build", "--site", site, "--output", output], environment: ["RAPPORT_KEYS": ""])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("site.yaml encrypts 4 portals (reps/R01, reps/R02, reps/R03, reps/R04)"))
        #expect(Fixtures.snapshot(output) == first)
        let again = try Binary.run(
            ["build", "--site", site, "--output", output], environment: ["RAPPORT_KEYS": keysFile])
        #expect(again.status == 0)
        #expect(Fixtures.snapshot(output) == first)

        // A rep's portal: the unlock page, its script and sealed files only.
        let (model, _) = SiteLoader.load(directory: site)
        let names = model.accounts.map { Data($0.name.utf8) } + model.reps.map { Data($0.name.utf8) }
        let portal = first.filter { $0.key.hasPrefix("reps/r01/") }
        #expect(portal.count > 20)
        for (path, data) in portal {
            #expect(["reps/r01/index.html", "reps/r01/unlock.js"].contains(path) || path.hasPrefix("reps/r01/s/"))
            for name in names { #expect(data.range(of: name) == nil, "\(path)") }
            for passphrase in keys.passphrases.values { #expect(data.range(of: Data(passphrase.utf8)) == nil) }
        }
        // The sealed files open with the key, to the pages of the portal.
        let key = try PortalKey(
            passphrase: keys.passphrases["reps/R01"]!, salt: PortalKey.salt(file: keys.salt, handle: "reps/R01"))
        let home = key.name(of: "index.html")
        let script = String(decoding: first["reps/r01/s/\(home).js"] ?? Data(), as: UTF8.self)
        let base64 = script.split(separator: "\"").dropFirst(3).first.map(String.init) ?? ""
        let opened = key.open([UInt8](Data(base64Encoded: base64) ?? Data()), name: home)
        let ownAccount = model.accounts.first { $0.owner?.text == "R01" }!.name
        #expect(opened.map { String(decoding: $0, as: UTF8.self).contains("<!DOCTYPE html>") } == true)
        let brief = String(decoding: opened ?? [], as: UTF8.self)
        #expect(brief.contains(Slug.make(model.accounts.first { $0.owner?.text == "R01" }!.id.text)))
        // The e-mail, in clear, outside every portal.
        let mail = first.filter { $0.key.hasPrefix("mail/") }.keys.sorted()
        #expect(
            mail == [
                "mail/reps/r01/reps/r01/email.html", "mail/reps/r02/reps/r02/email.html",
                "mail/reps/r03/reps/r03/email.html", "mail/reps/r04/reps/r04/email.html",
            ])
        let email = String(decoding: first["mail/reps/r01/reps/r01/email.html"] ?? Data(), as: UTF8.self)
        _ = ownAccount
        #expect(email.contains("Weekly brief"))

        // Rotating one portal's passphrase changes that portal only.
        let rotated = try Binary.run(["keys", "rotate", "--site", site, "--keys", keysFile, "reps/R02"])
        #expect(rotated.status == 0, "\(rotated.stderr)")
        let renewed = try PortalKeys.read(keysFile).get()
        #expect(renewed.passphrases["reps/R02"] != keys.passphrases["reps/R02"])
        #expect(renewed.passphrases.filter { $0.key != "reps/R02" } == keys.passphrases.filter { $0.key != "reps/R02" })
        #expect(try Binary.run(["keys", "rotate", "--site", site, "--keys", keysFile, "reps/R09"]).status == 1)
    }
}
