import RapportCore

extension Expression {
    /// Evaluates against one account's metrics. A comparison with a missing
    /// value is false (so `not` of it is true).
    public func matches(_ lookup: (String) -> ExpressionValue) -> Bool {
        if case .bool(let result) = evaluate(lookup) { return result }
        return false
    }

    func evaluate(_ lookup: (String) -> ExpressionValue) -> ExpressionValue {
        switch self {
        case .literal(let value): return value
        case .name(let name, _): return lookup(name)
        case .list(let items): return .list(items.map { $0.evaluate(lookup) })
        case .not(let inner):
            if case .bool(let value) = inner.evaluate(lookup) { return .bool(!value) }
            return .bool(true)
        case .and(let left, let right):
            return .bool(left.matches(lookup) && right.matches(lookup))
        case .or(let left, let right):
            return .bool(left.matches(lookup) || right.matches(lookup))
        case .compare(let comparison, let left, let right, _):
            return .bool(Self.compare(comparison, left.evaluate(lookup), right.evaluate(lookup)))
        case .member(let left, let right, let negated, _):
            let value = left.evaluate(lookup)
            guard case .list(let items) = right.evaluate(lookup), value != .missing else { return .bool(false) }
            let found = items.contains { Self.compare(.equal, value, $0) }
            return .bool(negated ? !found : found)
        }
    }

    static func compare(_ comparison: ComparisonOperator, _ left: ExpressionValue, _ right: ExpressionValue) -> Bool {
        func ordered<T: Comparable>(_ a: T, _ b: T) -> Bool {
            switch comparison {
            case .equal: return a == b
            case .notEqual: return a != b
            case .less: return a < b
            case .lessOrEqual: return a <= b
            case .greater: return a > b
            case .greaterOrEqual: return a >= b
            }
        }
        switch (left, right) {
        case (.number(let a), .number(let b)): return ordered(a, b)
        case (.date(let a), .date(let b)): return ordered(a, b)
        case (.date(let a), .string(let text)):
            guard let b = Day(iso: text) else { return false }
            return ordered(a, b)
        case (.string(let text), .date(let b)):
            guard let a = Day(iso: text) else { return false }
            return ordered(a, b)
        case (.string(let a), .string(let b)): return ordered(a, b)
        case (.bool(let a), .bool(let b)):
            return comparison == .equal ? a == b : comparison == .notEqual ? a != b : false
        default: return false
        }
    }
}
