import RapportCore

/// Finds template references to names the page context does not provide.
///
/// Mustache renders an unknown name as an empty string, silently, so a
/// typo in a theme (`{{acount.name}}`) would ship blank pages. This walks
/// the very nodes the renderer runs (one parse, `Template`), with the
/// renderer's lookup (a name resolves in the innermost section that has it,
/// then outwards), following partials, parents and their blocks where they
/// render, and reports every name that resolves nowhere at its
/// file:line:column.
public struct TemplateChecker {
    let theme: Theme

    public init(theme: Theme) { self.theme = theme }

    /// An override block and the template it was written in (diagnostics
    /// inside it name that file).
    private typealias Override = (nodes: [Template.Node], template: String)

    private struct Walk {
        var reported: Set<String> = []
        var diagnostics: Diagnostics
        /// Nodes walked: every inclusion is walked where it is included, so
        /// partials that each include the next twice double the walk at
        /// every level (41 of them: 2⁴⁰). Bounded by `maximumVisits`.
        var visits = 0
        var exceeded = false
    }

    /// Template nodes one page's template may expand to through its
    /// partials and parents, counting each section once: the default
    /// theme's largest (the packet) expands to 578. Past this the walk stops
    /// with a warning, since rendering such a page would likely pass its
    /// step limit (docs/guide.md#themes, "Limits").
    public static let maximumVisits = 1_000_000

    /// Checks template `name` rendered with a context of shape `shape`.
    /// A template that did not parse has had its syntax error reported by
    /// `Theme.load` and is not walked.
    public func check(template name: String, shape: ContextShape, diagnostics: inout Diagnostics) {
        guard let template = theme.library.templates[name] else { return }
        var walk = Walk(diagnostics: diagnostics)
        var stack = [shape]
        check(template.nodes, in: name, stack: &stack, blocks: [], visiting: [name], &walk)
        if walk.exceeded {
            walk.diagnostics.warning(
                .templateLimit, at: SourceLocation(file: theme.templates[name]?.path ?? name), stage: .render,
                "with its partials and parents this template expands to more than \(Self.maximumVisits) template "
                    + "nodes (partials that each include the next more than once multiply); the check stopped "
                    + "there, and a page may pass its step limit")
        }
        diagnostics = walk.diagnostics
    }

    private func check(
        _ nodes: [Template.Node], in template: String, stack: inout [ContextShape], blocks: [[String: Override]],
        visiting: Set<String>, _ walk: inout Walk
    ) {
        func report(_ message: String, at position: Template.Position, kind: DiagnosticKind = .unknownTemplateName) {
            let file = theme.templates[template]?.path ?? "templates/\(template).mustache"
            let location = SourceLocation(file: file, line: position.line, column: position.column)
            let key = "\(location)|\(message)"
            guard !walk.reported.contains(key) else { return }
            walk.reported.insert(key)
            walk.diagnostics.error(kind, at: location, stage: .render, message)
        }
        /// The template another one includes, when it exists and is not
        /// already being walked (a partial may include itself).
        func included(_ name: String, at position: Template.Position) -> Template? {
            guard theme.templates[name] != nil else {
                report("template '\(name)' does not exist", at: position, kind: .unknownTemplate)
                return nil
            }
            guard !visiting.contains(name) else { return nil }
            return theme.library.templates[name]
        }
        for node in nodes {
            walk.visits += 1
            if walk.visits > Self.maximumVisits { walk.exceeded = true }
            if walk.exceeded { return }
            switch node {
            case .text:
                continue
            case .variable(let path, _, let position):
                if resolve(path, in: stack) == nil {
                    report("'\(path.name)' is not provided to this page", at: position)
                }
            case .section(let path, let inverted, let children, let position):
                let resolved = resolve(path, in: stack)
                if resolved == nil { report("'\(path.name)' is not provided to this page", at: position) }
                if resolved == .number {
                    report(
                        "'\(path.name)' is a number, and a section over a number is always shown (0 included): "
                            + "use a true/false value", at: position)
                }
                var pushed = false
                if !inverted, case .list(let element)? = resolved {
                    stack.append(element)
                    pushed = true
                } else if !inverted, let resolved, resolved.isContainer {
                    stack.append(resolved)
                    pushed = true
                }
                check(children, in: template, stack: &stack, blocks: blocks, visiting: visiting, &walk)
                if pushed { stack.removeLast() }
            case .partial(let name, _, let position):
                guard let partial = included(name, at: position) else { continue }
                check(partial.nodes, in: name, stack: &stack, blocks: blocks, visiting: visiting.union([name]), &walk)
            case .parent(let name, let overrides, _, let position):
                guard let parent = included(name, at: position) else { continue }
                // As the renderer: the most derived template's blocks are searched first.
                let layer = overrides.mapValues { Override(nodes: $0, template: template) }
                check(
                    parent.nodes, in: name, stack: &stack, blocks: blocks + [layer], visiting: visiting.union([name]),
                    &walk)
            case .block(let name, let children):
                if let chosen = blocks.first(where: { $0[name] != nil })?[name] {
                    check(chosen.nodes, in: chosen.template, stack: &stack, blocks: blocks, visiting: visiting, &walk)
                } else {
                    check(children, in: template, stack: &stack, blocks: blocks, visiting: visiting, &walk)
                }
            }
        }
    }

    /// Resolves a name as the renderer does (`TemplateLibrary.resolve`): the
    /// first part in the innermost shape that has it, the rest strictly below.
    func resolve(_ path: Template.Path, in stack: [ContextShape]) -> ContextShape? {
        guard let first = path.parts.first else { return stack.last ?? .value }
        guard var current = stack.reversed().lazy.compactMap({ $0.member(first) }).first else { return nil }
        for part in path.parts.dropFirst() {
            guard let next = current.member(part) else { return nil }
            current = next
        }
        return current
    }
}
