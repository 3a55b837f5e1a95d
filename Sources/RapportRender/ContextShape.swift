/// The names a page context provides, derived from the context values
/// themselves so that the check and the rendering can never disagree.
public indirect enum ContextShape: Sendable, Equatable {
    /// A string or boolean: no names below it.
    case value
    /// A number: a section over one is a theme bug the checker reports (a
    /// count is always "present", 0 included).
    case number
    case object([String: ContextShape])
    case list(ContextShape)
    /// The elements of a list that is empty on every page: nothing is known
    /// about them, so no name inside its section can be checked.
    case unknown

    public init(of value: TemplateValue) {
        switch value {
        case .object(let members):
            var shapes: [String: ContextShape] = [:]
            shapes.reserveCapacity(members.count)
            for (key, value) in members.pairs { shapes[key] = ContextShape(of: value) }
            self = .object(shapes)
        case .list(let items):
            // Long lists of flat rows (order lines) repeat one shape: a row is
            // only measured when it differs from the shape so far.
            var shape = ContextShape.unknown
            // Rows built by one literal have the same keys in the same order:
            // comparing with the previous row's keys needs no hashing at all.
            var previousKeys: [String] = []
            for item in items {
                if case .object(let members) = item, members.keys == previousKeys, shape.coversKinds(members) {
                    continue
                }
                if case .object(let members) = item { previousKeys = members.keys }
                if !shape.covers(item) { shape = shape.merged(with: ContextShape(of: item)) }
            }
            self = .list(shape)
        case .number:
            self = .number
        case .text, .bool:
            self = .value
        }
    }

    /// The union of two shapes: a name present in either is present.
    public func merged(with other: ContextShape) -> ContextShape {
        switch (self, other) {
        case (.object(let lhs), .object(let rhs)):
            return .object(lhs.merging(rhs) { $0.merged(with: $1) })
        case (.list(let lhs), .list(let rhs)):
            return .list(lhs.merged(with: rhs))
        case (.unknown, let shape), (let shape, .unknown), (.value, let shape), (let shape, .value):
            return shape
        default:
            return self
        }
    }

    /// Whether merging `value`'s shape would change nothing: true for an
    /// object of scalars whose every member this shape already has as the
    /// same kind. Cheap, and conservative: anything else is merged.
    func covers(_ value: TemplateValue) -> Bool {
        guard case .object(let known) = self, case .object(let members) = value else { return false }
        for (key, member) in members.pairs {
            switch (member, known[key]) {
            case (.number, .number?), (.text, .value?), (.bool, .value?): continue
            default: return false
            }
        }
        return true
    }

    /// For a row with the same keys as one already covered: only the kinds
    /// of its scalar values can differ, and only those are checked.
    func coversKinds(_ members: TemplateObject) -> Bool {
        guard case .object(let known) = self else { return false }
        for (key, member) in members.pairs {
            switch member {
            case .number: if known[key] != .number { return false }
            case .text, .bool: continue
            default: return false
            }
        }
        return true
    }

    /// Whether merging `value`'s shape into this one would change nothing,
    /// found without building that shape: after the first few pages of a
    /// kind, every page is already covered, and building each page's shape
    /// (a dictionary per object) was 7 % of the render stage at 100,000
    /// accounts. Follows `merged(with:)` case by case.
    func includes(_ value: TemplateValue) -> Bool {
        switch value {
        case .text, .bool:
            if case .unknown = self { return false }
            return true
        case .number:
            switch self {
            case .number, .object, .list: return true
            default: return false
            }
        case .object(let members):
            switch self {
            case .object(let known):
                for (key, member) in members.pairs {
                    guard let shape = known[key], shape.includes(member) else { return false }
                }
                return true
            case .number, .list: return true
            default: return false
            }
        case .list(let items):
            switch self {
            case .list(let element):
                // Rows with the keys of the row before differ only in their
                // values: just the non-text ones need a look.
                var previousKeys: [String]?
                for item in items {
                    if case .object(let members) = item, let keys = previousKeys, members.keys == keys,
                        case .object(let known) = element
                    {
                        for (key, member) in members.pairs {
                            switch member {
                            case .text, .bool: continue
                            default: if !(known[key]?.includes(member) ?? false) { return false }
                            }
                        }
                        continue
                    }
                    guard element.includes(item) else { return false }
                    if case .object(let members) = item { previousKeys = members.keys } else { previousKeys = nil }
                }
                return true
            case .number, .object: return true
            default: return false
            }
        }
    }

    func member(_ name: String) -> ContextShape? {
        switch self {
        case .object(let members): return members[name]
        case .unknown: return .unknown
        default: return nil
        }
    }

    var isContainer: Bool {
        switch self {
        case .object, .unknown: return true
        default: return false
        }
    }
}
