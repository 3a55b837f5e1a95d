import RapportCore

/// Finds template references to names the page context does not provide.
///
/// Mustache renders an unknown name as an empty string, silently, so a
/// typo in a theme (`{{acount.name}}`) would ship blank pages. This walks the
/// template's tags with Mustache's lookup rules (a name resolves in the
/// innermost section that has it, then outwards), follows partials and
/// parents, and reports every name that resolves nowhere at its file:line:column.
public struct TemplateChecker {
    let theme: Theme

    public init(theme: Theme) { self.theme = theme }

    struct Tag {
        var sigil: Character?
        var name: String
        var line: Int
        var column: Int
        /// `uppercased` in `{{uppercased(name)}}`: swift-mustache's syntax
        /// for a transform, which Rapport's engine does not have.
        var transform: String?
    }

    /// Checks template `name` rendered with a context of shape `shape`.
    public func check(template name: String, shape: ContextShape, diagnostics: inout Diagnostics) {
        var reported: Set<String> = []
        check(name, stack: [shape], visiting: [], reported: &reported, diagnostics: &diagnostics)
    }

    private func check(
        _ name: String, stack initial: [ContextShape], visiting: Set<String>, reported: inout Set<String>,
        diagnostics: inout Diagnostics
    ) {
        guard let source = theme.templates[name], !visiting.contains(name) else { return }
        let visiting = visiting.union([name])
        var stack = initial
        // One entry per open section: how many shapes it pushed.
        var opened: [Int] = []
        for tag in Self.tags(in: source.text) {
            let location = SourceLocation(file: source.path, line: tag.line, column: tag.column)
            func report(_ message: String, kind: DiagnosticKind = .unknownTemplateName) {
                let key = "\(location)|\(message)"
                guard !reported.contains(key) else { return }
                reported.insert(key)
                diagnostics.error(kind, at: location, stage: .render, message)
            }
            if let transform = tag.transform {
                report(
                    "'\(transform)(\(tag.name))': transforms are not supported by Rapport's templates; "
                        + "write '\(tag.name)' and format the value in the page data", kind: .templateSyntax)
                if tag.sigil == "#" || tag.sigil == "^" { opened.append(0) }
                continue
            }
            switch tag.sigil {
            case "!", "=":
                continue
            case ">", "<":
                guard theme.templates[tag.name] != nil else {
                    report("template '\(tag.name)' does not exist", kind: .unknownTemplate)
                    if tag.sigil == "<" { opened.append(0) }
                    continue
                }
                check(tag.name, stack: stack, visiting: visiting, reported: &reported, diagnostics: &diagnostics)
                if tag.sigil == "<" { opened.append(0) }
            case "$":
                opened.append(0)
            case "#", "^":
                let resolved = resolve(tag.name, in: stack)
                if resolved == nil { report("'\(tag.name)' is not provided to this page") }
                if resolved == .number {
                    report(
                        "'\(tag.name)' is a number, and a section over a number is always shown (0 included): "
                            + "use a true/false value")
                }
                if tag.sigil == "#", case .list(let element)? = resolved {
                    stack.append(element)
                    opened.append(1)
                } else if tag.sigil == "#", let resolved, resolved.isContainer {
                    stack.append(resolved)
                    opened.append(1)
                } else {
                    opened.append(0)
                }
            case "/":
                if let pushed = opened.popLast() { stack.removeLast(pushed) }
            default:
                if resolve(tag.name, in: stack) == nil { report("'\(tag.name)' is not provided to this page") }
            }
        }
    }

    /// Resolves a dotted name the way Mustache does: the first segment in the
    /// innermost shape that has it, the rest strictly below it.
    func resolve(_ name: String, in stack: [ContextShape]) -> ContextShape? {
        if name == "." { return stack.last ?? .value }
        let parts = name.split(separator: ".").map(String.init)
        guard let first = parts.first,
            var current = stack.reversed().lazy.compactMap({ $0.member(first) }).first
        else { return nil }
        for part in parts.dropFirst() {
            guard let next = current.member(part) else { return nil }
            current = next
        }
        return current
    }

    /// The tags of a template with their 1-based positions. Default `{{ }}`
    /// delimiters only; the themes we ship and document do not change them.
    static func tags(in text: String) -> [Tag] {
        var tags: [Tag] = []
        let scalars = Array(text.unicodeScalars)
        var index = 0
        var line = 1
        var lineStart = 0
        while index < scalars.count - 1 {
            if scalars[index] == "\n" {
                line += 1
                lineStart = index + 1
                index += 1
                continue
            }
            guard scalars[index] == "{", scalars[index + 1] == "{" else {
                index += 1
                continue
            }
            let column = index - lineStart + 1
            let tagLine = line
            var cursor = index + 2
            var triple = false
            if cursor < scalars.count, scalars[cursor] == "{" {
                triple = true
                cursor += 1
            }
            var body = ""
            while cursor < scalars.count - 1, !(scalars[cursor] == "}" && scalars[cursor + 1] == "}") {
                if scalars[cursor] == "\n" {
                    line += 1
                    lineStart = cursor + 1
                }
                body.unicodeScalars.append(scalars[cursor])
                cursor += 1
            }
            index = cursor + 2 + (triple && cursor + 2 < scalars.count && scalars[cursor + 2] == "}" ? 1 : 0)
            var trimmed = body.trimmingCharacters(in: " \t\n")
            var sigil: Character?
            if let first = trimmed.first, "#^/>!<$&=".contains(first) {
                sigil = first == "&" ? nil : first
                trimmed = String(trimmed.dropFirst()).trimmingCharacters(in: " \t\n")
            }
            // A transform (`uppercased(name)`) renders nothing in this
            // engine: what the check accepts must render, so it is an error.
            var transform: String?
            if let open = trimmed.firstIndex(of: "("), trimmed.hasSuffix(")"), sigil != "!", sigil != "=" {
                transform = String(trimmed[..<open])
                trimmed = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            }
            tags.append(Tag(sigil: sigil, name: trimmed, line: tagLine, column: column, transform: transform))
        }
        return tags
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var scalars = Substring(self)
        while let first = scalars.first, set.contains(first) { scalars = scalars.dropFirst() }
        while let last = scalars.last, set.contains(last) { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
