import Foundation
import RapportBuiltIn
import RapportCore

/// Writes one encrypted portal (docs/guide.md#publishing-privately): every file
/// the portal would hold is sealed with the audience's key and written as
/// `s/<opaque name>.js`, a script that hands its ciphertext to the unlock
/// script. A script, not a data file: browsers load scripts from `file://`
/// where they refuse `fetch`, so the portal opens from a folder as well as
/// from a web server. Only the unlock page (`index.html`) and its script
/// (`unlock.js`) are in clear text, and neither holds anything of the data.
public struct SealingSink: OutputSink {
    public static let sealedFolder = "s/"

    let base: any OutputSink
    let key: PortalKey
    /// Clear copies of some files, for a copy the audience is sent rather
    /// than served: the e-mails (`output/mail/`) and the review packets the
    /// PDF printer reads. Each path is mapped to its copy's path, or nil.
    let copies: [(sink: any OutputSink, path: @Sendable (String) -> String?)]

    public init(
        _ base: any OutputSink, key: PortalKey,
        copies: [(sink: any OutputSink, path: @Sendable (String) -> String?)] = []
    ) {
        self.base = base
        self.key = key
        self.copies = copies
    }

    /// The unlock page and its script: written once per portal, first.
    public func writeUnlockPage() -> Diagnostic? {
        base.write("index.html", text: UnlockPage.html(key)) ?? base.write("unlock.js", UnlockPage.script)
    }

    /// Where the sealed copy of `path` goes.
    public func sealedPath(of path: String) -> String { Self.sealedFolder + key.name(of: path) + ".js" }

    public func write(_ path: String, _ bytes: [UInt8]) -> Diagnostic? {
        for copy in copies {
            if let target = copy.path(path), let failure = copy.sink.write(target, bytes) { return failure }
        }
        let name = key.name(of: path)
        let sealed = key.seal(bytes, path: path, name: name)
        return base.write(Self.sealedFolder + name + ".js", Self.script(name: name, sealed: sealed))
    }

    public func write(_ path: String, text: String) -> Diagnostic? { write(path, Array(text.utf8)) }

    public func write(_ path: String, chunks: Int, chunk: (Int) -> [UInt8]) -> Diagnostic? {
        // Sealed whole: GCM's tag covers the file, and a portal's largest
        // file (its export) is held once here, as the page would be.
        var bytes: [UInt8] = []
        for index in 0..<chunks { bytes.append(contentsOf: chunk(index)) }
        return write(path, bytes)
    }

    /// `rapportSealed("<name>","<base64>");` — the name is hex, base64 has
    /// no quote or backslash, so nothing needs escaping.
    static func script(name: String, sealed: [UInt8]) -> [UInt8] {
        let encoded = Data(sealed).base64EncodedData()
        var script = Array("rapportSealed(\"\(name)\",\"".utf8)
        script.reserveCapacity(script.count + encoded.count + 4)
        script.append(contentsOf: encoded)
        script.append(contentsOf: Array("\");\n".utf8))
        return script
    }
}

/// The unlock page and the script that decrypts (Browser/), as compiled
/// into the binary.
public enum UnlockPage {
    static let folder = "Sources/RapportSeal/Browser"

    static func file(_ name: String) -> [UInt8] {
        BuiltIn.files(under: folder).first { $0.path == name }?.bytes ?? []
    }

    public static let script = file("unlock.js")

    /// The page, with the audience's public parameters: the salt, the
    /// iteration count and the check value.
    public static func html(_ key: PortalKey) -> String {
        String(decoding: file("unlock.html"), as: UTF8.self)
            .replacingOccurrences(of: "{{salt}}", with: hex(key.salt))
            .replacingOccurrences(of: "{{iterations}}", with: String(key.iterations))
            .replacingOccurrences(of: "{{check}}", with: key.check)
    }
}
