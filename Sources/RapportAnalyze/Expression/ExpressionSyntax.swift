/// The parsed form of a `when` expression.
public indirect enum Expression: Sendable, Equatable {
    case literal(ExpressionValue)
    case name(String, offset: Int)
    case list([Expression])
    case not(Expression)
    case and(Expression, Expression)
    case or(Expression, Expression)
    case compare(ComparisonOperator, Expression, Expression, offset: Int)
    case member(Expression, Expression, negated: Bool, offset: Int)
}

extension Expression {
    /// Every metric name the expression reads.
    public var names: [String] {
        switch self {
        case .literal: return []
        case .name(let name, _): return [name]
        case .list(let items): return items.flatMap(\.names)
        case .not(let inner): return inner.names
        case .and(let left, let right), .or(let left, let right), .compare(_, let left, let right, _),
            .member(let left, let right, _, _):
            return left.names + right.names
        }
    }
}

public enum ComparisonOperator: String, Sendable, Equatable {
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
}

/// A problem in an expression, at a character offset into its text.
public struct ExpressionError: Error, Sendable, Equatable {
    public var offset: Int
    public var message: String

    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }
}
