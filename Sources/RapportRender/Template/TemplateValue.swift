/// A page context as the template engine sees it: typed, so rendering is a
/// switch over five cases instead of the dynamic casts `[String: Any]` needs
/// (those casts were most of swift-mustache's time in the 10,000-account
/// profile; see BENCHMARKS.md).
public indirect enum TemplateValue: Sendable, Equatable {
    /// Text, HTML-escaped by `{{name}}`, verbatim by `{{{name}}}`.
    case text(String)
    /// A number, printed as given. A section over it is a theme error (the
    /// template checker reports it): a count is not a yes/no.
    case number(String)
    case bool(Bool)
    case list([TemplateValue])
    case object([String: TemplateValue])

    func member(_ key: String) -> TemplateValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }
}

/// What page contexts are built from: strings, numbers, booleans, arrays of
/// them and `[String: any TemplateConvertible]` dictionaries, written as
/// ordinary literals in `PageBuilder`.
public protocol TemplateConvertible: Sendable {
    var templateValue: TemplateValue { get }
}

/// One page's context, or one object inside it.
public typealias TemplateContext = [String: any TemplateConvertible]

extension TemplateValue: TemplateConvertible {
    public var templateValue: TemplateValue { self }
}

extension String: TemplateConvertible {
    public var templateValue: TemplateValue { .text(self) }
}

extension Int: TemplateConvertible {
    public var templateValue: TemplateValue { .number(String(self)) }
}

extension Bool: TemplateConvertible {
    public var templateValue: TemplateValue { .bool(self) }
}

extension Array: TemplateConvertible where Element: TemplateConvertible {
    public var templateValue: TemplateValue { .list(map(\.templateValue)) }
}

extension Dictionary: TemplateConvertible where Key == String, Value == any TemplateConvertible {
    public var templateValue: TemplateValue { .object(mapValues { $0.templateValue }) }
}
