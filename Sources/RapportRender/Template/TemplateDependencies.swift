/// Which templates a template draws on: its partials and parents, theirs,
/// and so on. What `rapport serve` re-renders after a template edit: the
/// pages whose template is the edited one or draws on it.
extension TemplateLibrary {
    /// `name` and every template it includes, directly or not.
    public func closure(of name: String) -> Set<String> {
        var seen: Set<String> = []
        var pending = [name]
        while let next = pending.popLast() {
            guard seen.insert(next).inserted, let template = templates[next] else { continue }
            pending += Self.includes(template.nodes)
        }
        return seen
    }

    private static func includes(_ nodes: [Template.Node]) -> [String] {
        nodes.flatMap { node -> [String] in
            switch node {
            case .text, .variable: return []
            case .section(_, _, let children, _), .block(_, let children): return includes(children)
            case .partial(let name, _, _): return [name]
            case .parent(let name, let blocks, _, _): return [name] + blocks.values.flatMap { includes($0) }
            }
        }
    }
}
