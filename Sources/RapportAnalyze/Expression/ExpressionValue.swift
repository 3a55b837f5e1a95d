import RapportCore

/// A value in a playbook's `when` expression, and in the metrics it reads.
public enum ExpressionValue: Sendable, Equatable, CustomStringConvertible {
    case number(Double)
    case string(String)
    case bool(Bool)
    case date(Day)
    case list([ExpressionValue])
    /// A metric with no value for this account (no orders, no NPS, …):
    /// every comparison with it is false.
    case missing

    public var description: String {
        switch self {
        case .number(let value):
            return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        case .string(let value): return "\"\(value)\""
        case .bool(let value): return value ? "true" : "false"
        case .date(let day): return day.iso
        case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .missing: return "missing"
        }
    }

    var typeName: String {
        switch self {
        case .number: return "number"
        case .string: return "string"
        case .bool: return "boolean"
        case .date: return "date"
        case .list: return "list"
        case .missing: return "missing"
        }
    }
}

/// The kind of value a metric name holds, known before any account is
/// evaluated, so a `when` comparing a date with a number is caught when the
/// playbook is loaded rather than silently never matching.
public enum ExpressionType: String, Sendable, Equatable {
    case number, string, bool, date, list
}
