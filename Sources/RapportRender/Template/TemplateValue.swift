/// A page context as the template engine sees it: typed, so rendering is a
/// switch over five cases instead of the dynamic casts `[String: Any]` needs
/// (those casts were most of swift-mustache's time in the 10,000-account
/// profile; see BENCHMARKS.md). Not `indirect`: lists and objects recurse
/// through arrays already, and boxing every value cost a heap allocation
/// per table cell.
public enum TemplateValue: Sendable, Equatable {
    /// Text, HTML-escaped by `{{name}}`, verbatim by `{{{name}}}`.
    case text(String)
    /// A number, printed as given. A section over it is a theme error (the
    /// template checker reports it): a count is not a yes/no.
    case number(String)
    case bool(Bool)
    case list([TemplateValue])
    case object(TemplateObject)

    func member(_ key: String) -> TemplateValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }
}

/// An object's members as two parallel arrays searched in order. Page
/// objects have a handful to a few dozen members and are read a few times
/// each: comparing short strings beats hashing them (hashing was a tenth of
/// a 10,000-account build's time with dictionaries).
public struct TemplateObject: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    var keys: [String]
    var values: [TemplateValue]

    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        keys = elements.map(\.0)
        values = elements.map(\.1)
    }

    /// Members under `keys` (one array shared by every row of a table, so a
    /// row costs its values only), `values` in the same order.
    public init(keys: [String], values: [TemplateValue]) {
        precondition(keys.count == values.count, "one value per key")
        self.keys = keys
        self.values = values
    }

    init(_ members: [String: any TemplateConvertible]) {
        keys = []
        values = []
        keys.reserveCapacity(members.count)
        values.reserveCapacity(members.count)
        for (key, value) in members {
            keys.append(key)
            values.append(value.templateValue)
        }
    }

    subscript(key: String) -> TemplateValue? {
        for index in keys.indices where keys[index] == key { return values[index] }
        return nil
    }

    var pairs: Zip2Sequence<[String], [TemplateValue]> { zip(keys, values) }

    var count: Int { keys.count }
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
    public var templateValue: TemplateValue { .list(map { $0.templateValue }) }
}

extension Dictionary: TemplateConvertible where Key == String, Value == any TemplateConvertible {
    public var templateValue: TemplateValue { .object(TemplateObject(self)) }
}
