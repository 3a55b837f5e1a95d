import RapportCore

/// Checks an expression's types against the metric types before any account
/// is evaluated: `value.tier > 3` or `risk.score == "high"` would otherwise
/// just never match.
struct ExpressionChecker {
    let names: [String: ExpressionType]

    enum Kind: Equatable {
        case number, string, bool, date, list(Element?)
        enum Element: Equatable { case number, string, bool, date }
    }

    func check(_ expression: Expression) throws(ExpressionError) {
        let kind = try kind(of: expression)
        guard kind == .bool else {
            throw ExpressionError(
                offset: 0, message: "the expression must be a condition (true or false), not a \(kind)")
        }
    }

    func kind(of expression: Expression) throws(ExpressionError) -> Kind {
        switch expression {
        case .literal(let value):
            switch value {
            case .number: return .number
            case .string(let text): return Day(iso: text) != nil ? .date : .string
            case .bool: return .bool
            case .date: return .date
            case .list, .missing: return .list(nil)
            }
        case .name(let name, _):
            switch names[name]! {
            case .number: return .number
            case .string: return .string
            case .bool: return .bool
            case .date: return .date
            case .list: return .list(.string)
            }
        case .list(let items):
            var element: Kind.Element?
            for item in items {
                let itemKind = try kind(of: item)
                let itemElement: Kind.Element
                switch itemKind {
                case .number: itemElement = .number
                case .string: itemElement = .string
                case .bool: itemElement = .bool
                case .date: itemElement = .date
                case .list: throw ExpressionError(offset: 0, message: "lists cannot contain lists")
                }
                if let existing = element, !Self.compatible(existing, itemElement) {
                    throw ExpressionError(offset: 0, message: "a list mixes \(existing) and \(itemElement) values")
                }
                element = element ?? itemElement
            }
            return .list(element)
        case .not(let inner):
            try requireBool(inner, "'not'")
            return .bool
        case .and(let left, let right), .or(let left, let right):
            try requireBool(left, "'and'/'or'")
            try requireBool(right, "'and'/'or'")
            return .bool
        case .compare(let comparison, let left, let right, let offset):
            let (l, r) = (try kind(of: left), try kind(of: right))
            guard Self.comparable(l, r) else {
                throw ExpressionError(offset: offset, message: "cannot compare a \(l) with a \(r)")
            }
            // A date against text that is no day ("2026-02-30", "yesterday")
            // would match nothing, silently (docs/reference.md#playbook-conditions-when).
            try Self.requireDay(left, against: r, offset: offset)
            try Self.requireDay(right, against: l, offset: offset)
            if comparison != .equal && comparison != .notEqual && !(l == .number || l == .date) {
                throw ExpressionError(
                    offset: offset, message: "'\(comparison.rawValue)' needs numbers or dates, not a \(l)")
            }
            return .bool
        case .member(let left, let right, _, let offset):
            let l = try kind(of: left)
            guard case .list(let element) = try kind(of: right) else {
                throw ExpressionError(offset: offset, message: "'in' needs a list on its right")
            }
            if let element, !Self.comparable(l, Self.kind(element)) {
                throw ExpressionError(offset: offset, message: "cannot look for a \(l) in a list of \(element) values")
            }
            if case .list(let items) = right {
                for item in items { try Self.requireDay(item, against: l, offset: offset) }
            }
            return .bool
        }
    }

    /// Text compared with a date must be a real day, YYYY-MM-DD.
    static func requireDay(_ expression: Expression, against other: Kind, offset: Int) throws(ExpressionError) {
        guard other == .date, case .literal(.string(let text)) = expression, Day(iso: text) == nil else { return }
        throw ExpressionError(
            offset: offset, message: "'\(text)' is not a date: a date is compared with a day written YYYY-MM-DD")
    }

    func requireBool(_ expression: Expression, _ what: String) throws(ExpressionError) {
        let kind = try kind(of: expression)
        guard kind == .bool else {
            throw ExpressionError(
                offset: Self.offset(of: expression), message: "\(what) needs a condition, not a \(kind)")
        }
    }

    static func offset(of expression: Expression) -> Int {
        switch expression {
        case .name(_, let offset), .compare(_, _, _, let offset), .member(_, _, _, let offset): return offset
        default: return 0
        }
    }

    static func kind(_ element: Kind.Element) -> Kind {
        switch element {
        case .number: return .number
        case .string: return .string
        case .bool: return .bool
        case .date: return .date
        }
    }

    static func compatible(_ a: Kind.Element, _ b: Kind.Element) -> Bool {
        a == b || (a == .date && b == .string) || (a == .string && b == .date)
    }

    /// Dates compare with date-shaped strings; strings with strings (a
    /// string that happens to look like a date still equals the string).
    static func comparable(_ a: Kind, _ b: Kind) -> Bool {
        switch (a, b) {
        case (.date, .date), (.string, .string), (.number, .number), (.bool, .bool): return true
        case (.date, .string), (.string, .date): return true
        default: return false
        }
    }
}

extension ExpressionChecker.Kind: CustomStringConvertible {
    var description: String {
        switch self {
        case .number: return "number"
        case .string: return "string"
        case .bool: return "condition"
        case .date: return "date"
        case .list: return "list"
        }
    }
}
