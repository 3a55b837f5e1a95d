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
