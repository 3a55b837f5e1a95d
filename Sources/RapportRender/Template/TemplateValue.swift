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

    subscript(key: String) -> TemplateValue? {
        guard let index = index(of: key) else { return nil }
        return values[index]
    }

    /// Where `key` is. Lengths first: most keys are not the one looked for,
    /// and telling strings of different lengths apart by `==` went through
    /// the standard library's full comparison.
    func index(of key: String) -> Int? {
        let length = key.utf8.count
        for index in keys.indices where keys[index].utf8.count == length && keys[index] == key { return index }
        return nil
    }

    var pairs: Zip2Sequence<[String], [TemplateValue]> { zip(keys, values) }

    var count: Int { keys.count }
}

/// What page contexts are built from: strings, numbers, booleans, arrays of
/// them and `TemplateContext` objects, written as ordinary literals in
/// `PageBuilder`.
public protocol TemplateConvertible: Sendable {
    var templateValue: TemplateValue { get }
}

/// One page's context, or one object inside it, written as a dictionary
/// literal. Members are kept as typed values in the order they were set, not
/// in a `Dictionary` of existentials: hashing each key and converting every
/// page's dictionaries afterwards were a fifth of the page-building time of
/// a 10,000-account build (BENCHMARKS.md, issue 27). Setting a name again
/// replaces its value; setting it to nil removes it, as with a dictionary.
public struct TemplateContext: Sendable, ExpressibleByDictionaryLiteral, TemplateConvertible {
    var object: TemplateObject

    public init(dictionaryLiteral elements: (String, any TemplateConvertible)...) {
        var keys: [String] = []
        var values: [TemplateValue] = []
        keys.reserveCapacity(elements.count)
        values.reserveCapacity(elements.count)
        for (key, value) in elements {
            // A literal that names a key twice is a bug in a page builder;
            // checked where the tests run, not on every page of a build.
            assert(!keys.contains(key), "a context names \(key) twice")
            keys.append(key)
            values.append(value.templateValue)
        }
        object = TemplateObject(keys: keys, values: values)
    }

    public subscript(key: String) -> (any TemplateConvertible)? {
        get { object[key] }
        set {
            let index = object.index(of: key)
            switch (index, newValue) {
            case (let index?, let value?): object.values[index] = value.templateValue
            case (let index?, nil):
                object.keys.remove(at: index)
                object.values.remove(at: index)
            case (nil, let value?):
                object.keys.append(key)
                object.values.append(value.templateValue)
            case (nil, nil): break
            }
        }
    }

    /// Sets every member of `other`, its values replacing those of the same name.
    public mutating func merge(_ other: TemplateContext) {
        object.keys.reserveCapacity(object.count + other.object.count)
        object.values.reserveCapacity(object.count + other.object.count)
        for (key, value) in other.object.pairs {
            if let index = object.index(of: key) {
                object.values[index] = value
            } else {
                object.keys.append(key)
                object.values.append(value)
            }
        }
    }

    public var templateValue: TemplateValue { .object(object) }
}

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
