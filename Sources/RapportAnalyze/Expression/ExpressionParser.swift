import RapportCore

/// Parses the small, safe expression language of playbook `when` fields:
///
///     expression := or
///     or         := and ("or" and)*
///     and        := unary ("and" unary)*
///     unary      := "not" unary | comparison
///     comparison := operand (("==" | "!=" | "<" | "<=" | ">" | ">=") operand
///                           | "in" list-or-name | "not" "in" list-or-name)?
///     operand    := number | string | "true" | "false" | name | list | "(" expression ")"
///     name       := identifier ("." identifier)*
///     list       := "[" (operand ("," operand)*)? "]"
///
/// Strings are in double quotes (`\"` and `\\` escapes); a string written as
/// `YYYY-MM-DD` compares as a date with date metrics. Names are checked
/// against the metrics that exist, so a typo is an error, not a silent "no".
public struct ExpressionParser {
    enum Token: Equatable {
        case number(Double), string(String), identifier(String), symbol(String), end
    }

    let characters: [Character]
    var position = 0
    var token: Token = .end
    var tokenStart = 0
    var nesting = 0
    let names: [String: ExpressionType]

    /// - Parameter names: the metric names an expression may use, with their types.
    public static func parse(_ text: String, names: [String: ExpressionType]) throws(ExpressionError) -> Expression {
        var parser = ExpressionParser(characters: Array(text), names: names)
        try parser.advance()
        guard parser.token != .end else { throw ExpressionError(offset: 0, message: "the expression is empty") }
        let expression = try parser.parseOr()
        guard parser.token == .end else {
            throw ExpressionError(offset: parser.tokenStart, message: "unexpected \(parser.describe(parser.token))")
        }
        try ExpressionChecker(names: names).check(expression)
        return expression
    }

    func describe(_ token: Token) -> String {
        switch token {
        case .number(let value): return "number \(ExpressionValue.number(value))"
        case .string(let value): return "string \"\(value)\""
        case .identifier(let name): return "'\(name)'"
        case .symbol(let symbol): return "'\(symbol)'"
        case .end: return "end of expression"
        }
    }

    mutating func advance() throws(ExpressionError) {
        while position < characters.count, characters[position].isWhitespace { position += 1 }
        tokenStart = position
        guard position < characters.count else {
            token = .end
            return
        }
        let character = characters[position]
        if character.isNumber
            || (character == "-" && position + 1 < characters.count && characters[position + 1].isNumber)
        {
            var text = String(character)
            position += 1
            while position < characters.count, characters[position].isNumber || characters[position] == "." {
                text.append(characters[position])
                position += 1
            }
            guard let value = Double(text) else {
                throw ExpressionError(offset: tokenStart, message: "bad number '\(text)'")
            }
            token = .number(value)
        } else if character == "\"" {
            position += 1
            var text = ""
            while true {
                guard position < characters.count else {
                    throw ExpressionError(offset: tokenStart, message: "string is never closed")
                }
                let next = characters[position]
                position += 1
                if next == "\"" { break }
                if next == "\\", position < characters.count {
                    text.append(characters[position])
                    position += 1
                } else {
                    text.append(next)
                }
            }
            token = .string(text)
        } else if character.isLetter || character == "_" {
            var text = ""
            while position < characters.count,
                characters[position].isLetter || characters[position].isNumber || characters[position] == "_"
                    || characters[position] == "."
            {
                text.append(characters[position])
                position += 1
            }
            token = .identifier(text)
        } else {
            let two = position + 1 < characters.count ? String(characters[position...position + 1]) : ""
            if ["==", "!=", "<=", ">="].contains(two) {
                token = .symbol(two)
                position += 2
            } else if "<>()[],".contains(character) {
                token = .symbol(String(character))
                position += 1
            } else if character == "=" {
                throw ExpressionError(offset: tokenStart, message: "use '==' to compare, not '='")
            } else {
                throw ExpressionError(offset: tokenStart, message: "unexpected character '\(character)'")
            }
        }
    }

    /// Parentheses, lists and `not` may nest this deep. Each level is a few stack
    /// frames in the parser, the checker and the evaluator, and 4,000 of
    /// them overflowed the stack of a debug build (docs/reference.md#playbook-conditions-when).
    static let maximumNesting = 64

    mutating func parseOr() throws(ExpressionError) -> Expression {
        var terms = [try parseAnd()]
        while token == .identifier("or") {
            try advance()
            terms.append(try parseAnd())
        }
        return Self.balanced(terms[...], Expression.or)
    }

    mutating func parseAnd() throws(ExpressionError) -> Expression {
        var terms = [try parseUnary()]
        while token == .identifier("and") {
            try advance()
            terms.append(try parseUnary())
        }
        return Self.balanced(terms[...], Expression.and)
    }

    /// `a or b or c …` as a balanced tree, in order: the same result as the
    /// left-leaning chain, but 50,000 terms are 16 levels deep, not 50,000.
    static func balanced(
        _ terms: ArraySlice<Expression>, _ join: (Expression, Expression) -> Expression
    ) -> Expression {
        if terms.count == 1 { return terms.first! }
        let middle = terms.startIndex + terms.count / 2
        return join(balanced(terms[..<middle], join), balanced(terms[middle...], join))
    }

    mutating func enterNesting() throws(ExpressionError) {
        nesting += 1
        guard nesting <= Self.maximumNesting else {
            throw ExpressionError(
                offset: tokenStart,
                message:
                    "nested more than \(Self.maximumNesting) levels deep (parentheses, lists and 'not'); simplify it")
        }
    }

    mutating func parseUnary() throws(ExpressionError) -> Expression {
        if token == .identifier("not") {
            try enterNesting()
            try advance()
            let inner = try parseUnary()
            nesting -= 1
            return .not(inner)
        }
        return try parseComparison()
    }

    mutating func parseComparison() throws(ExpressionError) -> Expression {
        let left = try parseOperand()
        let offset = tokenStart
        if case .symbol(let symbol) = token, let comparison = ComparisonOperator(rawValue: symbol) {
            try advance()
            return .compare(comparison, left, try parseOperand(), offset: offset)
        }
        if token == .identifier("in") {
            try advance()
            return .member(left, try parseOperand(), negated: false, offset: offset)
        }
        if token == .identifier("not") {
            try advance()
            guard token == .identifier("in") else {
                throw ExpressionError(offset: tokenStart, message: "expected 'in' after 'not' here")
            }
            try advance()
            return .member(left, try parseOperand(), negated: true, offset: offset)
        }
        return left
    }

    mutating func parseOperand() throws(ExpressionError) -> Expression {
        let start = tokenStart
        switch token {
        case .number(let value):
            try advance()
            return .literal(.number(value))
        case .string(let value):
            try advance()
            return .literal(.string(value))
        case .identifier("true"):
            try advance()
            return .literal(.bool(true))
        case .identifier("false"):
            try advance()
            return .literal(.bool(false))
        case .identifier(let name) where !["and", "or", "not", "in"].contains(name):
            try advance()
            guard names[name] != nil else {
                let suggestion = ExpressionParser.closest(to: name, in: Array(names.keys)).map {
                    " (did you mean '\($0)'?)"
                }
                throw ExpressionError(offset: start, message: "unknown name '\(name)'\(suggestion ?? "")")
            }
            return .name(name, offset: start)
        case .symbol("("):
            try enterNesting()
            try advance()
            let inner = try parseOr()
            guard token == .symbol(")") else { throw ExpressionError(offset: tokenStart, message: "expected ')'") }
            try advance()
            nesting -= 1
            return inner
        case .symbol("["):
            try enterNesting()
            try advance()
            var items: [Expression] = []
            while token != .symbol("]") {
                items.append(try parseOperand())
                if token == .symbol(",") {
                    try advance()
                } else if token != .symbol("]") {
                    throw ExpressionError(offset: tokenStart, message: "expected ',' or ']' in the list")
                }
            }
            try advance()
            nesting -= 1
            return .list(items)
        default:
            throw ExpressionError(offset: start, message: "expected a value, found \(describe(token))")
        }
    }

    /// The known name nearest to a misspelt one, if it is close.
    static func closest(to name: String, in candidates: [String]) -> String? {
        func distance(_ a: [Character], _ b: [Character]) -> Int {
            var previous = Array(0...b.count)
            for (i, x) in a.enumerated() {
                var current = [i + 1]
                for (j, y) in b.enumerated() {
                    current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
                }
                previous = current
            }
            return previous[b.count]
        }
        let scored = candidates.sorted().map { ($0, distance(Array(name), Array($0))) }.filter { $0.1 <= 3 }
        return scored.min { $0.1 < $1.1 }?.0
    }
}
