import RapportCore

/// Named templates and their rendering. Lookup follows Mustache: a dotted
/// name's first part resolves in the innermost context that has it, the rest
/// strictly below it; a missing name renders nothing (the template checker
/// makes sure no theme relies on that).
public struct TemplateLibrary: Sendable {
    var templates: [String: Template] = [:]

    public init() {}

    public mutating func register(_ template: Template, named name: String) { templates[name] = template }

    public func render(_ context: TemplateValue, withTemplate name: String) -> String? {
        try? rendering(context, withTemplate: name).get()
    }

    /// Why a page could not be rendered.
    public enum RenderFailure: Error, Sendable, Equatable {
        case unknownTemplate(String)
        /// Partials and parents nested more than `maximumNesting` deep: a
        /// template that includes itself with nothing to end it. `template`
        /// holds the tag at `line`:`column` that went one level too far.
        case nestedTooDeep(template: String, line: Int, column: Int, including: String)
        /// More than `Limits.steps` nodes rendered for one page: loops
        /// nested over lists, or partials that each include the next twice,
        /// multiply without bound. At the innermost section or inclusion
        /// open when the budget ran out.
        case tooMuchWork(template: String, line: Int, column: Int)
        /// The page passed `Limits.outputBytes`.
        case outputTooLarge(template: String, line: Int, column: Int)
    }

    /// What one page may cost (docs/guide.md#themes, "Limits"): the render of a
    /// theme someone else wrote must end, and in memory a build can hold.
    public struct Limits: Sendable {
        /// Template nodes rendered (text, values, each pass of a section,
        /// each inclusion). The largest page a site can ask for — 100,000
        /// accounts on one list page — renders about 5 million (10,000 on
        /// one page: 512,345 steps, 5.7 MB, with the default theme).
        public var steps: Int
        /// Bytes of HTML of one page; that 100,000-row list is about 57 MB.
        public var outputBytes: Int

        public init(steps: Int = 50_000_000, outputBytes: Int = 128 << 20) {
            self.steps = steps
            self.outputBytes = outputBytes
        }
    }

    /// Deep enough for any theme and for a partial that recurses over a
    /// tree of data (the Mustache specification's "Recursion" test); shallow
    /// enough that the stack never runs out: endless self-inclusion crashed
    /// the binary before (docs/guide.md#themes).
    public static let maximumNesting = 100

    public func rendering(_ context: TemplateValue, withTemplate name: String, limits: Limits = Limits()) -> Result<
        String, RenderFailure
    > {
        renderingBytes(context, withTemplate: name, limits: limits).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The page as UTF-8, the form it is written in. Rendered into one byte
    /// buffer: appending to a `String` cost about 280 instructions a piece,
    /// a sixth of a whole build (BENCHMARKS.md, issue 27).
    public func renderingBytes(_ context: TemplateValue, withTemplate name: String, limits: Limits = Limits())
        -> Result<[UInt8], RenderFailure>
    {
        guard let template = templates[name] else { return .failure(.unknownTemplate(name)) }
        var state = RenderState(template: name, limits: limits)
        state.output.reserveCapacity(32_768)
        var stack = [context]
        render(template.nodes, stack: &stack, blocks: [], state: &state)
        if let failure = state.failure { return .failure(failure) }
        return .success(state.output)
    }

    struct RenderState {
        var output: [UInt8] = []
        /// The indentation of the standalone partials being rendered; written
        /// before every line of their template text.
        var indentation = ""
        var atLineStart = true
        /// The template whose nodes are being rendered, and how many
        /// partials and parents deep it is.
        var template: String
        var nesting = 0
        /// Set once nesting went too deep or a limit was passed; rendering then stops.
        var failure: RenderFailure?
        let limits: Limits
        var steps = 0
        /// The innermost section or inclusion tag being rendered, and the
        /// template it is written in: where a limit's failure is reported.
        var site: (template: String, position: Template.Position)

        init(template: String, limits: Limits) {
            self.template = template
            self.limits = limits
            site = (template, Template.Position(line: 1, column: 1))
        }

        /// Counts one node; false (with the failure set) once past a limit.
        /// The place is read only on failure: copying it for every node
        /// retained and released the template's name each time.
        mutating func step() -> Bool {
            steps += 1
            guard failure == nil else { return false }
            if steps > limits.steps {
                failure = .tooMuchWork(template: site.template, line: site.position.line, column: site.position.column)
            } else if output.count > limits.outputBytes {
                failure = .outputTooLarge(
                    template: site.template, line: site.position.line, column: site.position.column)
            }
            return failure == nil
        }

        /// Runs `body` one inclusion deeper, inside `name`; records the
        /// failure instead when that is too deep.
        mutating func including(
            _ name: String, at position: Template.Position, _ body: (inout RenderState) -> Void
        ) {
            guard nesting < TemplateLibrary.maximumNesting else {
                failure =
                    failure
                    ?? .nestedTooDeep(template: template, line: position.line, column: position.column, including: name)
                return
            }
            let (outer, outerSite) = (template, site)
            nesting += 1
            site = (template, position)
            template = name
            body(&self)
            (template, site) = (outer, outerSite)
            nesting -= 1
        }
    }

    /// A child template's overrides of its parent's blocks, and which
    /// template they are written in (where a failure inside them is).
    struct Overrides {
        var template: String
        var blocks: [String: [Template.Node]]
    }

    private func render(
        _ nodes: [Template.Node], stack: inout [TemplateValue], blocks: [Overrides], state: inout RenderState
    ) {
        for node in nodes {
            guard state.step() else { return }
            switch node {
            case .text(let text):
                write(text, &state)
            case .variable(let path, let escaped, _):
                guard let value = resolve(path, in: stack) else { continue }
                switch value {
                case .text(let text):
                    if text.isEmpty { continue }
                    indentIfNeeded(&state)
                    if escaped { HTML.escape(text, into: &state.output) } else { state.output.appendUTF8(text) }
                case .number(let number):
                    indentIfNeeded(&state)
                    state.output.appendUTF8(number)
                case .bool(let flag):
                    indentIfNeeded(&state)
                    state.output.appendUTF8(flag ? "true" : "false")
                case .list, .object:
                    continue
                }
            case .section(let path, let inverted, let children, let position):
                let value = resolve(path, in: stack)
                let outerSite = state.site
                state.site = (state.template, position)
                defer { state.site = outerSite }
                if inverted {
                    if Self.isFalsy(value) { render(children, stack: &stack, blocks: blocks, state: &state) }
                    continue
                }
                guard let value, !Self.isFalsy(value) else { continue }
                if case .list(let items) = value {
                    for item in items {
                        // Each pass counts: an empty section over a long list is work too.
                        guard state.step() else { return }
                        stack.append(item)
                        render(children, stack: &stack, blocks: blocks, state: &state)
                        stack.removeLast()
                    }
                } else {
                    stack.append(value)
                    render(children, stack: &stack, blocks: blocks, state: &state)
                    stack.removeLast()
                }
            case .partial(let name, let indentation, let position):
                guard let template = templates[name] else { continue }
                let outer = state.indentation
                state.indentation += indentation
                state.including(name, at: position) { state in
                    render(template.nodes, stack: &stack, blocks: blocks, state: &state)
                }
                state.indentation = outer
            case .parent(let name, let overrides, let indentation, let position):
                guard let template = templates[name] else { continue }
                let outer = state.indentation
                state.indentation += indentation
                // The most derived template's blocks win: they are searched first.
                let layer = Overrides(template: state.template, blocks: overrides)
                state.including(name, at: position) { state in
                    render(template.nodes, stack: &stack, blocks: blocks + [layer], state: &state)
                }
                state.indentation = outer
            case .block(let name, let children):
                guard let layer = blocks.first(where: { $0.blocks[name] != nil }) else {
                    render(children, stack: &stack, blocks: blocks, state: &state)
                    continue
                }
                let outer = state.template
                state.template = layer.template
                render(layer.blocks[name]!, stack: &stack, blocks: blocks, state: &state)
                state.template = outer
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
        let parts = path.parts
        guard !parts.isEmpty else { return stack.last }
        // By index, innermost first: iterating `stack.reversed()` copied
        // (retained and released) every context it passed.
        var current: TemplateValue?
        var level = stack.count - 1
        while level >= 0 {
            if let found = stack[level].member(parts[0]) {
                current = found
                break
            }
            level -= 1
        }
        var part = 1
        while part < parts.count, let value = current {
            current = value.member(parts[part])
            part += 1
        }
        return current
    }

    private func indentIfNeeded(_ state: inout RenderState) {
        if state.atLineStart {
            state.output.appendUTF8(state.indentation)
            state.atLineStart = false
        }
    }

    /// Template text, with the current indentation before each of its lines.
    private func write(_ text: String, _ state: inout RenderState) {
        let newline = UInt8(ascii: "\n")
        guard !state.indentation.isEmpty else {
            let last: UInt8?? = text.utf8.withContiguousStorageIfAvailable {
                state.output.append(contentsOf: $0)
                return $0.last
            }
            if let last {
                state.atLineStart = last == newline
            } else {
                state.output.append(contentsOf: text.utf8)
                state.atLineStart = text.utf8.last == newline
            }
            return
        }
        // Most text nodes are part of a line: one append, no splitting.
        if !text.utf8.contains(newline) {
            indentIfNeeded(&state)
            state.output.appendUTF8(text)
            return
        }
        var rest = Substring(text).utf8
        while !rest.isEmpty {
            indentIfNeeded(&state)
            if let end = rest.firstIndex(of: newline) {
                state.output.append(contentsOf: rest[...end])
                state.atLineStart = true
                rest = rest[rest.index(after: end)...]
            } else {
                state.output.append(contentsOf: rest)
                rest = rest[rest.endIndex...]
            }
        }
    }
}
