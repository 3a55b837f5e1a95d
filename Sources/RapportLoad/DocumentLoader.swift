import Foundation
import RapportCore
import RapportMarkdown
import Yams

/// Reads `playbooks/*.md` and `pages/*.md`: front matter with positions, body
/// rendered through cmark-gfm.
enum DocumentLoader {
    /// Markdown files of a folder, sorted by name so output never depends on
    /// the order the file system lists them in.
    static func markdownFiles(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".md") && !$0.hasPrefix(".") }.sorted()
    }

    struct Parsed {
        var document: Document
        var fields: [(key: String, keyNode: Node, value: Node)]
        var yaml: YAMLDocument
    }

    static func read(
        path: String, display: String, allowRawHTML: Bool, diagnostics: inout Diagnostics
    ) -> Parsed? {
        let location = SourceLocation(file: display)
        // Not read at all when larger than a document may be (MarkdownLimits).
        var info = stat()
        if stat(path, &info) == 0, Int(info.st_size) > MarkdownLimits.documentBytes {
            diagnostics.error(
                .markdownLimit, at: SourceLocation(file: display, line: 1), stage: .load,
                "the file is \(info.st_size) bytes; a playbook or page may have at most "
                    + "\(MarkdownLimits.documentBytes) (1 MiB) (docs/guide.md#playbooks-and-pages, Limits)")
            return nil
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            diagnostics.error(.unreadableFile, at: location, stage: .load, "cannot read file")
            return nil
        }
        guard let text = String(validating: [UInt8](data), as: UTF8.self) else {
            diagnostics.error(.invalidUTF8, at: location, stage: .load, "file is not valid UTF-8")
            return nil
        }
        let split: FrontMatter
        do {
            split = try FrontMatter.split(text)
        } catch {
            diagnostics.error(
                .invalidFrontMatter, at: SourceLocation(file: display, line: 1, column: 1), stage: .load,
                "front matter opened with '---' is never closed by a '---' line")
            return nil
        }
        let yaml = YAMLDocument(file: display)
        var fields: [(key: String, keyNode: Node, value: Node)] = []
        if let source = split.yaml {
            guard let node = yaml.compose(source, diagnostics: &diagnostics) else { return nil }
            guard node.mapping != nil else {
                diagnostics.error(
                    .invalidFrontMatter, at: yaml.location(of: node), stage: .load,
                    "front matter must be a mapping such as 'title: …'")
                return nil
            }
            fields = yaml.entries(node)
        }
        let id = String(path.split(separator: "/").last!.dropLast(3))
        var title = id
        var plain: [String: String] = [:]
        for field in fields {
            if field.key == "title", let value = field.value.scalar?.string {
                title = value
            } else if let value = field.value.scalar?.string {
                plain[field.key] = value
            }
        }
        // cmark-gfm is handed only what it can bound (MarkdownLimits).
        let beyond = MarkdownLimits.problems(in: split.body, firstLine: split.bodyLine)
        guard beyond.isEmpty else {
            for problem in beyond {
                diagnostics.error(
                    .markdownLimit, at: SourceLocation(file: display, line: problem.line),
                    stage: .load, problem.message + " (docs/guide.md#playbooks-and-pages, Limits)")
            }
            return nil
        }
        let html = Markdown.html(split.body, allowRawHTML: allowRawHTML)
        var document = Document(
            id: id, title: title, html: html, origin: RecordOrigin(file: display, line: 1), fields: plain)
        document.placeholders = Placeholders.find(in: split.body, file: display, firstLine: split.bodyLine)
        return Parsed(document: document, fields: fields, yaml: yaml)
    }

    static let playbookKeys = ["title", "when", "pillar", "priority", "for"]

    static func playbook(
        path: String, display: String, allowRawHTML: Bool, diagnostics: inout Diagnostics
    ) -> Playbook? {
        guard let parsed = read(path: path, display: display, allowRawHTML: allowRawHTML, diagnostics: &diagnostics)
        else { return nil }
        let yaml = parsed.yaml
        if parsed.fields.isEmpty {
            diagnostics.error(
                .missingFrontMatter, at: SourceLocation(file: display, line: 1, column: 1), stage: .load,
                "a playbook needs front matter with at least 'title:'")
            return nil
        }
        var when: String?
        var whenLocation: SourceLocation?
        var pillar: String?
        var priority = 0
        var audience = PlaybookAudience.accounts
        var hasTitle = false
        for (key, keyNode, value) in parsed.fields {
            switch key {
            case "title": hasTitle = yaml.string(value, key, &diagnostics) != nil
            case "when":
                when = yaml.string(value, key, &diagnostics)
                var location = yaml.location(of: value)
                // A quoted value's text starts one column after its quote.
                if let style = value.scalar?.style, style == .singleQuoted || style == .doubleQuoted {
                    location.column = location.column.map { $0 + 1 }
                }
                whenLocation = location
            case "pillar": pillar = yaml.string(value, key, &diagnostics)
            case "priority": priority = yaml.int(value, key, &diagnostics) ?? 0
            case "for":
                guard let text = yaml.string(value, key, &diagnostics) else { continue }
                if let known = PlaybookAudience(rawValue: text.lowercased()) {
                    audience = known
                } else {
                    diagnostics.error(
                        .invalidFrontMatter, at: yaml.location(of: value), stage: .load,
                        "'for': '\(text)' is not accounts or prospects")
                }
            default:
                diagnostics.warning(
                    .unknownSetting, at: yaml.location(of: keyNode), stage: .load,
                    "unknown front-matter field '\(key)' (known: \(playbookKeys.joined(separator: ", ")))")
            }
        }
        if !hasTitle {
            diagnostics.error(
                .invalidFrontMatter, at: SourceLocation(file: display, line: 1, column: 1), stage: .load,
                "playbook front matter has no 'title'")
        }
        var playbook = Playbook(
            document: parsed.document, when: when, whenLocation: whenLocation, pillar: pillar, priority: priority)
        playbook.audience = audience
        return playbook
    }
}
