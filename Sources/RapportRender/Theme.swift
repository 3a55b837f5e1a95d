import Foundation
import RapportCore

/// Where a theme's files come from: a folder on disk, or files held in
/// memory (the built-in theme compiled into the binary). Either way the
/// layer's `templates/` and `assets/` subtrees are what count.
public enum ThemeLayer: Sendable {
    case folder(String)
    /// Files by path relative to the layer's root; `origin` is how
    /// diagnostics name the root (`builtin:themes/default`).
    case files(origin: String, [(path: String, bytes: [UInt8])])

    /// The layer's files below `subfolder`, relative to it and sorted, each
    /// with the path diagnostics show and a way to read its bytes.
    func files(under subfolder: String) -> [(relative: String, shownPath: String, source: ThemeAsset)] {
        switch self {
        case .folder(let root):
            return Theme.files(under: root + "/" + subfolder).map { relative in
                let path = root + "/" + subfolder + "/" + relative
                return (relative, path, .file(path))
            }
        case .files(let origin, let files):
            let prefix = subfolder + "/"
            return files.filter { $0.path.hasPrefix(prefix) }.sorted { $0.path < $1.path }.map { file in
                (String(file.path.dropFirst(prefix.count)), origin + "/" + file.path, .bytes(file.bytes))
            }
        }
    }

    var name: String {
        switch self {
        case .folder(let root): return root
        case .files(let origin, _): return origin
        }
    }
}

/// An asset's bytes: still on disk, or already in memory.
public enum ThemeAsset: Sendable {
    case file(String)
    case bytes([UInt8])
}

/// A theme's templates and assets, with a site's own `templates/` and
/// `assets/` laid over them (a site file replaces the theme file of the same
/// relative path).
public struct Theme: Sendable {
    public struct TemplateSource: Sendable {
        public var name: String
        /// The file the text came from, as shown in diagnostics.
        public var path: String
        public var text: String
    }

    /// Template name (path under `templates/` without `.mustache`) → source.
    public private(set) var templates: [String: TemplateSource] = [:]
    /// Asset path under `assets/` → where its bytes are.
    public private(set) var assets: [String: ThemeAsset] = [:]
    public private(set) var library = TemplateLibrary()
    /// The folders its layers were read from (none for a built-in theme
    /// without site overrides): what `rapport serve` watches.
    public private(set) var folders: [String] = []

    /// Loads the theme `base`, then `siteDirectory`'s overrides; template
    /// syntax errors become diagnostics at file:line:column.
    public static func load(base: ThemeLayer, siteDirectory: String?, diagnostics: inout Diagnostics) -> Theme {
        var theme = Theme()
        let layers = [base] + (siteDirectory.map { [ThemeLayer.folder($0)] } ?? [])
        for layer in layers {
            // A folder's files are read only if they stay inside it, links
            // followed (docs/guide.md#a-site-folder, "Links"); a linked-out
            // subfolder is one error, not one per file.
            var guardRail: (root: String, boundary: SiteBoundary, linkedOut: [String])?
            if case .folder(let root) = layer {
                theme.folders.append(root)
                let boundary = SiteBoundary(root: root)
                let linkedOut = ["templates", "assets"].filter {
                    !boundary.admits(root + "/" + $0, stage: .render, &diagnostics)
                }
                guardRail = (root, boundary, linkedOut)
            }
            func admitted(_ path: String) -> Bool {
                guard let (root, boundary, linkedOut) = guardRail else { return true }
                guard !linkedOut.contains(where: { path.hasPrefix(root + "/" + $0 + "/") }) else { return false }
                return boundary.admitsFile(path, stage: .render, &diagnostics)
            }
            for file in layer.files(under: "templates") where file.relative.hasSuffix(".mustache") {
                guard admitted(file.shownPath) else { continue }
                let name = String(file.relative.dropLast(".mustache".count))
                guard let bytes = file.source.read(), let text = String(validating: bytes, as: UTF8.self) else {
                    diagnostics.error(
                        .unreadableFile, at: SourceLocation(file: file.shownPath), stage: .render,
                        "cannot read template as UTF-8")
                    continue
                }
                theme.templates[name] = TemplateSource(name: name, path: file.shownPath, text: text)
            }
            for file in layer.files(under: "assets") where admitted(file.shownPath) {
                theme.assets[file.relative] = file.source
            }
        }
        if theme.templates.isEmpty {
            diagnostics.error(
                .unknownTemplate, at: SourceLocation(file: base.name), stage: .render,
                "theme has no templates (expected \(base.name)/templates/*.mustache)")
        }
        for source in theme.templates.values.sorted(by: { $0.name < $1.name }) {
            do throws(Template.SyntaxError) {
                theme.library.register(try Template(source.text), named: source.name)
            } catch {
                for problem in error.all {
                    diagnostics.error(
                        .templateSyntax,
                        at: SourceLocation(file: source.path, line: problem.line, column: problem.column),
                        stage: .render, problem.unsupported ? problem.message : "template syntax: \(problem.message)")
                }
            }
        }
        return theme
    }

    /// Every regular file below `directory`, as sorted relative paths.
    static func files(under directory: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var result: [String] = []
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let last = relative.split(separator: "/").last.map(String.init) ?? relative
            guard !last.hasPrefix("."),
                FileManager.default.fileExists(atPath: directory + "/" + relative, isDirectory: &isDirectory),
                !isDirectory.boolValue
            else { continue }
            result.append(relative)
        }
        return result.sorted()
    }
}

extension ThemeAsset {
    /// The bytes, or nil when the file cannot be read.
    func read() -> [UInt8]? {
        switch self {
        case .file(let path): return FileManager.default.contents(atPath: path).map { [UInt8]($0) }
        case .bytes(let bytes): return bytes
        }
    }

    var shownPath: String {
        switch self {
        case .file(let path): return path
        case .bytes: return "built-in asset"
        }
    }
}
