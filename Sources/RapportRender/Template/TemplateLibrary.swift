/// Named templates and their rendering. Lookup follows Mustache: a dotted
/// name's first part resolves in the innermost context that has it, the rest
/// strictly below it; a missing name renders nothing (the template checker
/// makes sure no theme relies on that).
public struct TemplateLibrary: Sendable {
    var templates: [String: Template] = [:]

    public init() {}

    public mutating func register(_ template: Template, named name: String) { templates[name] = template }

    public func render(_ context: TemplateValue, withTemplate name: String) -> String? {
        guard let template = templates[name] else { return nil }
        var state = RenderState()
        state.output.reserveCapacity(32_768)
        var stack = [context]
        render(template.nodes, stack: &stack, blocks: [], state: &state)
        return state.output
    }

    struct RenderState {
        var output = ""
        /// The indentation of the standalone partials being rendered; written
        /// before every line of their template text.
        var indentation = ""
        var atLineStart = true
    }

    private func render(
        _ nodes: [Template.Node], stack: inout [TemplateValue], blocks: [[String: [Template.Node]]],
        state: inout RenderState
    ) {
        for node in nodes {
            switch node {
            case .text(let text):
                write(text, &state)
            case .variable(let path, let escaped, _):
                guard let value = resolve(path, in: stack) else { continue }
                switch value {
                case .text(let text):
                    if text.isEmpty { continue }
                    indentIfNeeded(&state)
                    if escaped { HTML.escape(text, into: &state.output) } else { state.output += text }
                case .number(let number):
                    indentIfNeeded(&state)
                    state.output += number
                case .bool(let flag):
                    indentIfNeeded(&state)
                    state.output += flag ? "true" : "false"
                case .list, .object:
                    continue
                }
            case .section(let path, let inverted, let children, _):
                let value = resolve(path, in: stack)
                if inverted {
                    if Self.isFalsy(value) { render(children, stack: &stack, blocks: blocks, state: &state) }
                    continue
                }
                guard let value, !Self.isFalsy(value) else { continue }
                if case .list(let items) = value {
                    for item in items {
                        stack.append(item)
                        render(children, stack: &stack, blocks: blocks, state: &state)
                        stack.removeLast()
                    }
                } else {
                    stack.append(value)
                    render(children, stack: &stack, blocks: blocks, state: &state)
                    stack.removeLast()
                }
            case .partial(let name, let indentation, _):
                guard let template = templates[name] else { continue }
                let outer = state.indentation
                state.indentation += indentation
                render(template.nodes, stack: &stack, blocks: blocks, state: &state)
                state.indentation = outer
            case .parent(let name, let overrides, let indentation, _):
                guard let template = templates[name] else { continue }
                let outer = state.indentation
                state.indentation += indentation
                // The most derived template's blocks win: they are searched first.
                render(template.nodes, stack: &stack, blocks: blocks + [overrides], state: &state)
                state.indentation = outer
            case .block(let name, let children):
                let chosen = blocks.first { $0[name] != nil }?[name] ?? children
                render(chosen, stack: &stack, blocks: blocks, state: &state)
            }
        }
    }

    static func isFalsy(_ value: TemplateValue?) -> Bool {
        switch value {
        case nil, .bool(false): return true
        case .list(let items): return items.isEmpty
        default: return false
        }
    }

    func resolve(_ path: Template.Path, in stack: [TemplateValue]) -> TemplateValue? {
        guard let first = path.parts.first else { return stack.last }
        var current: TemplateValue?
        for value in stack.reversed() {
            if let found = value.member(first) {
                current = found
                break
            }
        }
        for part in path.parts.dropFirst() {
            current = current?.member(part)
        }
        return current
    }

    private func indentIfNeeded(_ state: inout RenderState) {
        if state.atLineStart {
            state.output += state.indentation
            state.atLineStart = false
        }
    }

    /// Template text, with the current indentation before each of its lines.
    private func write(_ text: String, _ state: inout RenderState) {
        guard !state.indentation.isEmpty else {
            state.output += text
            state.atLineStart = text.utf8.last == UInt8(ascii: "\n")
            return
        }
        // Most text nodes are part of a line: one append, no splitting.
        if !text.utf8.contains(UInt8(ascii: "\n")) {
            indentIfNeeded(&state)
            state.output += text
            return
        }
        var rest = Substring(text)
        while !rest.isEmpty {
            indentIfNeeded(&state)
            if let newline = rest.firstIndex(of: "\n") {
                state.output += rest[...newline]
                state.atLineStart = true
                rest = rest[rest.index(after: newline)...]
            } else {
                state.output += rest
                rest = ""
            }
        }
    }
}
