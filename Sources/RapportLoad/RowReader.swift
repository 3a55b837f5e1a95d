import RapportCore

/// Typed access to one CSV record by canonical column name. Every failed
/// conversion becomes a diagnostic at the field's line and column naming the
/// column and the value; nothing is coerced silently.
struct RowReader {
    let file: String
    let record: CSVRecord
    /// Canonical column name → index in the record.
    let columns: [String: Int]
    /// Canonical column name → the name in the user's file (after mapping).
    let headerNames: [String: String]

    var line: Int { record.line }
    var origin: RowOrigin { RowOrigin(file: file, line: record.line) }

    func location(of column: String) -> SourceLocation {
        guard let index = columns[column], index < record.starts.count else {
            return SourceLocation(file: file, line: record.line)
        }
        let start = record.starts[index]
        return SourceLocation(file: file, line: start.line, column: start.column)
    }

    /// The trimmed value, or nil when the column is absent or the cell empty.
    func text(_ column: String) -> String? {
        guard let index = columns[column], index < record.fields.count else { return nil }
        let value = record.fields[index]
        let trimmed = value.trimmingWhitespace()
        return trimmed.isEmpty ? nil : trimmed
    }

    private func describe(_ column: String) -> String {
        let written = headerNames[column] ?? column
        return written == column ? "column '\(column)'" : "column '\(written)' (\(column))"
    }

    func required(_ column: String, _ diagnostics: inout Diagnostics) -> String? {
        guard let value = text(column) else {
            diagnostics.error(
                .missingValue, at: location(of: column), stage: .load, "\(describe(column)) is empty")
            return nil
        }
        return value
    }

    func day(_ column: String, required isRequired: Bool = false, _ diagnostics: inout Diagnostics) -> Day? {
        guard let value = isRequired ? required(column, &diagnostics) : text(column) else { return nil }
        guard let day = Day(iso: value) else {
            diagnostics.error(
                .invalidDate, at: location(of: column), stage: .load,
                "\(describe(column)): '\(value)' is not a date (expected YYYY-MM-DD)")
            return nil
        }
        return day
    }

    func money(
        _ column: String, required isRequired: Bool = false, allowNegative: Bool = false,
        _ diagnostics: inout Diagnostics
    ) -> Money? {
        guard let value = isRequired ? required(column, &diagnostics) : text(column) else { return nil }
        guard let money = Money(decimal: value) else {
            diagnostics.error(
                .invalidNumber, at: location(of: column), stage: .load,
                "\(describe(column)): '\(value)' is not an amount (expected a number such as 1234.50)")
            return nil
        }
        if money.cents < 0 && !allowNegative {
            diagnostics.error(
                .negativeValue, at: location(of: column), stage: .load,
                "\(describe(column)): '\(value)' is negative")
            return nil
        }
        return money
    }

    func integer(_ column: String, in range: ClosedRange<Int>, _ diagnostics: inout Diagnostics) -> Int? {
        guard let value = text(column) else { return nil }
        guard let number = Int(value) else {
            diagnostics.error(
                .invalidNumber, at: location(of: column), stage: .load,
                "\(describe(column)): '\(value)' is not a whole number")
            return nil
        }
        guard range.contains(number) else {
            diagnostics.error(
                number < 0 ? .negativeValue : .invalidNumber, at: location(of: column), stage: .load,
                "\(describe(column)): \(number) is outside \(range.lowerBound)…\(range.upperBound)")
            return nil
        }
        return number
    }

    func boolean(_ column: String, _ diagnostics: inout Diagnostics) -> Bool? {
        guard let value = text(column) else { return nil }
        switch value.lowercased() {
        case "true", "yes", "y", "1": return true
        case "false", "no", "n", "0": return false
        default:
            diagnostics.error(
                .invalidBoolean, at: location(of: column), stage: .load,
                "\(describe(column)): '\(value)' is not a yes/no value (use true/false, yes/no or 1/0)")
            return nil
        }
    }

    func choice<Value: RawRepresentable & CaseIterable>(
        _ column: String, required isRequired: Bool = false, _ diagnostics: inout Diagnostics
    ) -> Value? where Value.RawValue == String {
        guard let value = isRequired ? required(column, &diagnostics) : text(column) else { return nil }
        guard let parsed = Value(rawValue: value.lowercased()) else {
            let allowed = Value.allCases.map(\.rawValue).joined(separator: ", ")
            diagnostics.error(
                .invalidEnum, at: location(of: column), stage: .load,
                "\(describe(column)): '\(value)' is not one of: \(allowed)")
            return nil
        }
        return parsed
    }

    /// A `;`-separated list, trimmed, empty items dropped.
    func list(_ column: String) -> [String] {
        guard let value = text(column) else { return [] }
        return value.split(separator: ";").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }
}
