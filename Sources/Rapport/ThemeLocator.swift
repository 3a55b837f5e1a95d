import Foundation
import RapportBuiltIn
import RapportCore
import RapportRender

/// Finds the theme a build uses (docs/guide.md#themes). A value with a `/` is a
/// folder: relative to the current folder when given as `--theme`, to the
/// site folder when written in site.yaml. Any other value is a name: the
/// site's own `themes/NAME` first, then the themes built into the binary.
enum ThemeLocator {
    /// Where the theme value came from, which decides what a relative folder is relative to.
    enum Origin {
        case commandLine
        case siteFile(location: SourceLocation?)
    }

    static func resolve(_ value: String, origin: Origin, site: String) -> Result<ThemeLayer, Diagnostic> {
        let location: SourceLocation
        let base: String
        switch origin {
        case .commandLine:
            location = SourceLocation(file: "--theme")
            base = FileManager.default.currentDirectoryPath
        case .siteFile(let written):
            location = written ?? SourceLocation(file: site + "/site.yaml")
            base = site
        }
        if value.contains("/") {
            let folder = value.hasPrefix("/") ? value : base + "/" + value
            guard isFolder(folder) else {
                return .failure(failure(at: location, "theme folder '\(value)' not found (looked for \(folder))"))
            }
            return .success(.folder(folder))
        }
        let own = site + "/themes/" + value
        if isFolder(own) { return .success(.folder(own)) }
        if let files = BuiltIn.theme(named: value) {
            return .success(.files(origin: "builtin:themes/" + value, files.map { ($0.path, $0.bytes) }))
        }
        let builtIn = BuiltIn.themeNames.map { "'\($0)'" }.joined(separator: ", ")
        return .failure(
            failure(
                at: location,
                "theme '\(value)' not found: no folder \(own) and no built-in theme of that name (built in: \(builtIn))"
            ))
    }

    static func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    static func failure(at location: SourceLocation, _ message: String) -> Diagnostic {
        Diagnostic(.error, .unknownTemplate, at: location, stage: .render, message)
    }
}
