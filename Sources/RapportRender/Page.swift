/// A page to render: where it goes, which template draws it, and its
/// context, converted once to typed template values.
public struct Page: Sendable {
    public var path: String
    public var template: String
    public var context: TemplateValue

    public init(path: String, template: String, context: TemplateContext) {
        self.path = path
        self.template = template
        self.context = context.templateValue
    }

    /// The relative prefix from this page back to the output root: links
    /// must work from any sub-path and from file://.
    public static func root(for path: String) -> String {
        String(repeating: "../", count: path.count { $0 == "/" })
    }
}
