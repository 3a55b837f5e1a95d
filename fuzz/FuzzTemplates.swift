// libFuzzer entry point for the template front end (Sources/RapportRender/
// Template): any text parses or gives syntax errors placed inside it, in
// order; what parses renders, against an empty and a nested context, as
// itself and as a partial of itself, without crashing. Built by fuzz/run.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTemplates(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let lines = text.unicodeScalars.count { $0 == "\n" } + 1
    let template: Template
    do {
        template = try Template(text)
    } catch {
        var previous = (line: 0, column: 0)
        for problem in error.all {
            precondition(problem.line >= 1 && problem.line <= lines, "line out of the text: \(problem)")
            precondition(problem.column >= 1, "column out of the text: \(problem)")
            precondition((problem.line, problem.column) >= previous, "errors out of order: \(error.all)")
            precondition(!problem.message.isEmpty)
            previous = (problem.line, problem.column)
        }
        return 0
    }
    var library = TemplateLibrary()
    // Every name the text may include resolves to the text itself, so
    // self-inclusion is exercised as well.
    for name in ["main", "a", "b", "x", "base", "page", "node"] { library.register(template, named: name) }
    let leaf: TemplateValue = .object(["a": .text("<&>"), "b": .bool(true), "x": .number("0"), "node": .list([])])
    let contexts: [TemplateValue] = [
        .object([:]),
        .object(["a": .list([leaf, leaf]), "b": leaf, "x": .text("\n"), "node": .list([leaf])]),
    ]
    // Small limits: a self-inclusion that doubles reaches them in
    // milliseconds, and they must stop it at a place inside the text.
    let limits = TemplateLibrary.Limits(steps: 200_000, outputBytes: 1 << 20)
    for context in contexts {
        switch library.rendering(context, withTemplate: "main", limits: limits) {
        case .success(let output):
            // Escaped data never brings markup of its own.
            precondition(!output.contains("<&>") || text.contains("{{{") || text.contains("{{&"))
            precondition(output.utf8.count <= limits.outputBytes + text.utf8.count + 64, "past the output limit")
        case .failure(.nestedTooDeep(let name, let line, let column, _)),
            .failure(.tooMuchWork(let name, let line, let column)),
            .failure(.outputTooLarge(let name, let line, let column)):
            precondition(library.templates[name] != nil && line >= 1 && line <= lines && column >= 1)
        case .failure(.unknownTemplate):
            preconditionFailure("main is registered")
        }
    }
    return 0
}
