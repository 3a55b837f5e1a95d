import Foundation
import RapportCore

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
    /// Asset path under `assets/` → file on disk.
    public private(set) var assets: [String: String] = [:]
    public private(set) var library = TemplateLibrary()

    /// Loads `themeDirectory` then `siteDirectory`'s overrides; template syntax
    /// errors become diagnostics at file:line:column.
    public static func load(themeDirectory: String, siteDirectory: String?, diagnostics: inout Diagnostics) -> Theme {
        var theme = Theme()
        let layers = [themeDirectory] + (siteDirectory.map { [$0] } ?? [])
        for layer in layers {
            for relative in files(under: layer + "/templates") where relative.hasSuffix(".mustache") {
                let path = layer + "/templates/" + relative
                let name = String(relative.dropLast(".mustache".count))
                guard let data = FileManager.default.contents(atPath: path),
                    let text = String(validating: [UInt8](data), as: UTF8.self)
                else {
                    diagnostics.error(
                        .unreadableFile, at: SourceLocation(file: path), stage: .render,
                        "cannot read template as UTF-8")
                    continue
                }
                theme.templates[name] = TemplateSource(name: name, path: path, text: text)
            }
            for relative in files(under: layer + "/assets") {
                theme.assets[relative] = layer + "/assets/" + relative
            }
        }
        if theme.templates.isEmpty {
            diagnostics.error(
                .unknownTemplate, at: SourceLocation(file: themeDirectory), stage: .render,
                "theme has no templates (expected \(themeDirectory)/templates/*.mustache)")
        }
        for source in theme.templates.values.sorted(by: { $0.name < $1.name }) {
            do throws(Template.SyntaxError) {
                theme.library.register(try Template(source.text), named: source.name)
            } catch {
                diagnostics.error(
                    .templateSyntax, at: SourceLocation(file: source.path, line: error.line, column: error.column),
                    stage: .render, "template syntax: \(error.message)")
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
