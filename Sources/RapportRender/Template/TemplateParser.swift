/// A parsed Mustache template: the subset Rapport's themes use — variables
/// (`{{name}}`, `{{{name}}}`, `{{&name}}`, dotted names, `.`), sections and
/// inverted sections, comments, partials (`{{>name}}`) and template
/// inheritance (`{{<parent}}` with `{{$block}}`) — with the specification's
/// rules for standalone lines and partial indentation.
///
/// This parse is the one front end of the theme: the renderer runs its
/// nodes and the template checker walks the same nodes, so what the check
/// accepts is what renders. What the engine does not implement (set
/// delimiters, transforms, dynamic names) is a syntax error here, at its
/// file:line:column (docs/guide.md#themes).
///
/// Rapport renders with its own engine rather than swift-mustache: with
/// `[String: Any]` contexts, swift-mustache's dynamic casts and lookups took
/// about 15 of the 33 seconds of a 10,000-account build (perf profile in
/// BENCHMARKS.md). This engine renders typed `TemplateValue`s.
public struct Template: Sendable {
    indirect enum Node: Sendable {
        case text(String)
        case variable(Path, escaped: Bool, at: Position)
        case section(Path, inverted: Bool, children: [Node], at: Position)
        case partial(String, indentation: String, at: Position)
        case parent(String, blocks: [String: [Node]], indentation: String, at: Position)
        case block(String, children: [Node])
    }

    /// Where a tag starts: 1-based line and column (in Unicode scalars).
    struct Position: Sendable, Hashable {
        var line: Int
        var column: Int
    }

    /// A name split at its dots once, at parse time; `.` is the empty path.
    /// The parser admits only names whose parts are all non-empty.
    struct Path: Sendable {
        var name: String
        var parts: [String]
        init(_ name: String) {
            self.name = name
            parts = name == "." ? [] : name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        }
    }

    public struct SyntaxError: Error, Sendable, Equatable {
        public var message: String
        public var line: Int
        public var column: Int
        /// Well-formed Mustache that this engine does not implement; the
        /// message says so itself (docs/guide.md#themes).
        public var unsupported = false
        /// The template's further errors, in order: a bad name or an
        /// unsupported tag does not hide the next one, so one edit can fix
        /// them all (docs/guide.md#diagnostics).
        public var following: [SyntaxError] = []

        /// This error and the ones after it.
        public var all: [SyntaxError] {
            var first = self
            first.following = []
            return [first] + following
        }
    }

    let nodes: [Node]

    public init(_ text: String) throws(SyntaxError) {
        nodes = try TemplateParser(text).parse()
    }
}

struct TemplateParser {
    enum Token {
        case text(String, endsLine: Bool)
        case tag(sigil: Character?, name: String, line: Int, column: Int)
    }

    let scalars: [Unicode.Scalar]

    init(_ text: String) { scalars = Array(text.unicodeScalars) }

    func parse() throws(Template.SyntaxError) -> [Template.Node] {
        var problems: [Template.SyntaxError] = []
        do throws(Template.SyntaxError) {
            let lines = try tokenize(problems: &problems)
            let nodes = try build(standalone(lines))
            if problems.isEmpty { return nodes }
        } catch {
            problems.append(error)
        }
        let sorted = problems.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
        var first = sorted[0]
        first.following = Array(sorted.dropFirst())
        throw first
    }

    /// The template as lines of tokens; a text token never spans a newline.
    /// A tag with a bad name is kept (so sections still pair up) and its
    /// error collected in `problems`; what leaves the rest unreadable (a
    /// tag never closed, new delimiters) is thrown.
    func tokenize(problems: inout [Template.SyntaxError]) throws(Template.SyntaxError) -> [[Token]] {
        var lines: [[Token]] = [[]]
        var text = String.UnicodeScalarView()
        var index = 0, line = 1, lineStart = 0
        func flushText(endsLine: Bool) {
            if !text.isEmpty || endsLine { lines[lines.count - 1].append(.text(String(text), endsLine: endsLine)) }
            text = String.UnicodeScalarView()
            if endsLine { lines.append([]) }
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\n" {
                text.append(scalar)
                flushText(endsLine: true)
                index += 1
                line += 1
                lineStart = index
                continue
            }
            guard scalar == "{", index + 1 < scalars.count, scalars[index + 1] == "{" else {
                text.append(scalar)
                index += 1
                continue
            }
            flushText(endsLine: false)
            let column = index - lineStart + 1
            let triple = index + 2 < scalars.count && scalars[index + 2] == "{"
            var cursor = index + (triple ? 3 : 2)
            var body = String.UnicodeScalarView()
            while cursor + 1 < scalars.count, !(scalars[cursor] == "}" && scalars[cursor + 1] == "}") {
                body.append(scalars[cursor])
                cursor += 1
            }
            guard cursor + 1 < scalars.count else {
                throw .init(message: "tag is not closed with }}", line: line, column: column)
            }
            cursor += 2
            if triple {
                guard cursor < scalars.count, scalars[cursor] == "}" else {
                    throw .init(message: "tag opened with {{{ is not closed with }}}", line: line, column: column)
                }
                cursor += 1
            }
            var name = String(body).trimmed
            var sigil: Character? = triple ? "&" : nil
            if !triple, let first = name.first, "#^/>!<$&=".contains(first) {
                sigil = first
                name = String(name.dropFirst()).trimmed
            }
            if sigil == "=" {
                throw .init(
                    message: "set-delimiter tags are not supported by Rapport's templates", line: line,
                    column: column, unsupported: true)
            }
            if sigil != "!" && name.isEmpty {
                problems.append(.init(message: "tag has no name", line: line, column: column))
            } else if sigil != "!", let problem = Self.nameProblem(name, sigil: sigil) {
                problems.append(
                    .init(message: problem.message, line: line, column: column, unsupported: problem.unsupported))
            }
            // A comment may span lines: keep counting them.
            for scalar in body where scalar == "\n" { line += 1 }
            if body.contains("\n"), let last = body.lastIndex(of: "\n") {
                lineStart = index + (triple ? 3 : 2) + body.distance(from: body.startIndex, to: last) + 1
            }
            lines[lines.count - 1].append(.tag(sigil: sigil, name: name, line: line, column: column))
            index = cursor
        }
        flushText(endsLine: false)
        return lines
    }

    /// Why `name` is not a name this engine can render, or nil. A transform
    /// (swift-mustache's `uppercased(name)`) or a dynamic partial (`*name`)
    /// would otherwise render nothing without a word.
    static func nameProblem(_ name: String, sigil: Character?) -> (message: String, unsupported: Bool)? {
        if let open = name.firstIndex(of: "("), name.hasSuffix(")") {
            let inner = name[name.index(after: open)..<name.index(before: name.endIndex)]
            return (
                "'\(name)': transforms are not supported by Rapport's templates; "
                    + "write '\(inner)' and format the value in the page data", true
            )
        }
        if sigil == ">" || sigil == "<" {
            guard name.hasPrefix("*") else { return nil }
            return ("'\(name)': dynamic template names are not supported by Rapport's templates", true)
        }
        if name == "." { return nil }
        if name.contains(where: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "{" || $0 == "}" }) {
            return ("'\(name)' is not a name (names have no spaces or braces)", false)
        }
        if name.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) {
            return ("'\(name)' is not a name (a dot must stand between two parts)", false)
        }
        return nil
    }

    /// The specification's standalone rule: a line holding only whitespace and
    /// one section, inverted, closing, comment, partial, parent or block tag
    /// renders nothing — its whitespace and newline are dropped; a standalone
    /// partial's leading whitespace becomes the partial's indentation.
    func standalone(_ lines: [[Token]]) -> [(token: Token, indentation: String)] {
        var result: [(token: Token, indentation: String)] = []
        for (number, line) in lines.enumerated() {
            let tags = line.filter { if case .tag = $0 { return true } else { return false } }
            let onlyWhitespace = line.allSatisfy {
                // Scalars, not characters: "\r\n" is one Character, and a
                // standalone tag on a CRLF line must be recognised too.
                if case .text(let text, _) = $0 {
                    return text.unicodeScalars.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
                }
                return true
            }
            let isLast = number == lines.count - 1
            let endsLine = line.contains { if case .text(_, true) = $0 { return true } else { return false } }
            if tags.count == 1, onlyWhitespace, endsLine || isLast, case .tag(let sigil?, _, _, _) = tags[0],
                "#^/!><$".contains(sigil)
            {
                var indentation = ""
                if case .text(let text, false)? = line.first { indentation = text }
                result.append((tags[0], sigil == ">" || sigil == "<" ? indentation : ""))
                continue
            }
            for token in line { result.append((token, "")) }
        }
        return result
    }

    func build(_ tokens: [(token: Token, indentation: String)]) throws(Template.SyntaxError) -> [Template.Node] {
        struct Open {
            var sigil: Character
            var name: String
            var line: Int
            var column: Int
            var indentation: String
            var children: [Template.Node] = []
        }
        var stack: [Open] = [Open(sigil: " ", name: "", line: 0, column: 0, indentation: "")]
        for (token, indentation) in tokens {
            switch token {
            case .text(let text, _):
                if !text.isEmpty { stack[stack.count - 1].children.append(.text(text)) }
            case .tag(let sigil, let name, let line, let column):
                switch sigil {
                case "!": continue
                case nil, "&":
                    stack[stack.count - 1].children.append(
                        .variable(Template.Path(name), escaped: sigil == nil, at: .init(line: line, column: column)))
                case ">":
                    stack[stack.count - 1].children.append(
                        .partial(name, indentation: indentation, at: .init(line: line, column: column)))
                case "#", "^", "<", "$":
                    stack.append(Open(sigil: sigil!, name: name, line: line, column: column, indentation: indentation))
                case "/":
                    guard stack.count > 1 else {
                        throw .init(message: "'\(name)' is closed but was never opened", line: line, column: column)
                    }
                    let open = stack.removeLast()
                    guard open.name == name else {
                        throw .init(
                            message: "section closed with a different name than it was opened ('\(open.name)' "
                                + "opened at line \(open.line), '\(name)' closed)",
                            line: line, column: column)
                    }
                    let node: Template.Node
                    switch open.sigil {
                    case "#", "^":
                        node = .section(
                            Template.Path(name), inverted: open.sigil == "^", children: open.children,
                            at: .init(line: open.line, column: open.column))
                    case "$":
                        node = .block(name, children: open.children)
                    default:
                        // Inside a parent only blocks count; other content is ignored.
                        var blocks: [String: [Template.Node]] = [:]
                        for child in open.children {
                            if case .block(let blockName, let children) = child { blocks[blockName] = children }
                        }
                        node = .parent(
                            name, blocks: blocks, indentation: open.indentation,
                            at: .init(line: open.line, column: open.column))
                    }
                    stack[stack.count - 1].children.append(node)
                default:
                    continue
                }
            }
        }
        if stack.count > 1, let open = stack.last {
            throw .init(
                message: "section is never closed ('\(open.name)' opened here)", line: open.line, column: open.column)
        }
        return stack[0].children
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and line breaks (CRLF too).
    var trimmed: String {
        var view = Substring.UnicodeScalarView(unicodeScalars)
        func blank(_ scalar: Unicode.Scalar?) -> Bool {
            scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r"
        }
        while blank(view.first) { view = view.dropFirst() }
        while blank(view.last) { view = view.dropLast() }
        return String(view)
    }
}
