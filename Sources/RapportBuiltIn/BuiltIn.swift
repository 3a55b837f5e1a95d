import Foundation

/// The files every `rapport` binary carries: the themes of `themes/` and the
/// demo site of `content/`, compiled in by the EmbedBuiltInFiles plugin so
/// that copying the binary is the whole install (docs/guide.md#install).
public enum BuiltIn {
    /// One embedded file: its path relative to the folder asked for, and its bytes.
    public struct File: Sendable, Equatable {
        public var path: String
        public var bytes: [UInt8]
    }

    /// Every embedded file by its path in the repository, decoded once.
    static let all: [(path: String, bytes: [UInt8])] = GeneratedFiles.entries.map { entry in
        // The plugin wrote the base64 itself, so it always decodes.
        (entry.path, [UInt8](Data(base64Encoded: entry.base64) ?? Data()))
    }

    /// The files below `folder` (e.g. `themes/default`), sorted by path,
    /// with paths relative to it; empty when nothing is embedded there.
    public static func files(under folder: String) -> [File] {
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        return all.compactMap { entry in
            entry.path.hasPrefix(prefix)
                ? File(path: String(entry.path.dropFirst(prefix.count)), bytes: entry.bytes) : nil
        }
    }

    /// The names of the built-in themes (the folders of `themes/`), sorted.
    public static var themeNames: [String] {
        Array(
            Set(
                all.compactMap { entry -> String? in
                    let parts = entry.path.split(separator: "/")
                    return parts.count > 2 && parts[0] == "themes" ? String(parts[1]) : nil
                })
        ).sorted()
    }

    /// The built-in theme called `name`, or nil.
    public static func theme(named name: String) -> [File]? {
        let files = files(under: "themes/" + name)
        return files.isEmpty ? nil : files
    }

    /// The demo site (`rapport new`): site.yaml, data/, playbooks/, pages/.
    public static var demoSite: [File] { files(under: "content") }
}
