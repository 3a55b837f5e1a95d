import RapportCore

/// One record of any data source, read by canonical column name: what the
/// table decoders (`RecordDecoder`) see, whether the record is a line of a
/// CSV file (`RowReader`) or a keyed record handed over by a program
/// (`KeyedRecord`). Every failed conversion becomes a diagnostic at the
/// field naming the column and the value; nothing is coerced silently.
/// Values are parsed from bytes: no string is built for a date or amount.
public protocol RecordFields {
    var origin: RecordOrigin { get }
    /// The record's number in its table (`RecordOrigin.number`).
    var recordNumber: Int { get }
    var formats: ValueFormats { get }
    /// Dates are plain `YYYY-MM-DD`: read without touching the format list.
    var isoDatesOnly: Bool { get }
    /// Each column's value in the record before, as the interning hint.
    var previous: PreviousSymbols { get }
    func location(of column: Column) -> SourceLocation
    /// "column 'Revenue' (amount)": the column as the source names it.
    func describe(_ column: Column) -> String
    /// The value's bytes with surrounding spaces trimmed, the table's default
    /// when the source has no such column, or nil when the value is empty.
    func withValue<Result>(_ column: Column, _ body: (UnsafeBufferPointer<UInt8>?) -> Result) -> Result
}

extension RecordFields {
    /// The trimmed text, or nil when the column is absent or the cell empty.
    func text(_ column: Column) -> String? {
        withValue(column) { bytes in bytes.map { String(decoding: $0, as: UTF8.self) } }
    }

    /// The trimmed text as a symbol of `symbols`, or nil when absent or empty:
    /// interned from the record's bytes, no string built.
    func symbol<Value: SymbolBacked>(_ column: Column, in symbols: inout SymbolTable) -> Value? {
        stored(column, previous: \.symbols) { symbols.intern($0, hint: $1) }.map(Value.init)
    }

    /// The trimmed text in the text store, or nil when absent or empty.
    func text(_ column: Column, in store: inout TextStore) -> TextRef? {
        stored(column, previous: \.texts) { store.append($0, previous: $1) }
    }

    /// The value stored by `store`, given the bytes and this column's value in
    /// the row before (the hint that skips a look-up when a column repeats).
    @inline(__always)
    private func stored<Ref>(
        _ column: Column, previous values: ReferenceWritableKeyPath<PreviousSymbols, [Ref?]>,
        _ store: (UnsafeBufferPointer<UInt8>, Ref?) -> Ref
    ) -> Ref? {
        withValue(column) { bytes in
            guard let bytes else { return nil }
            let ref = store(bytes, previous[keyPath: values][column.ordinal])
            previous[keyPath: values][column.ordinal] = ref
            return ref
        }
    }

    func requiredSymbol<Value: SymbolBacked>(
        _ column: Column, in symbols: inout SymbolTable, _ diagnostics: inout Diagnostics
    ) -> Value? {
        guard let value: Value = symbol(column, in: &symbols) else {
            missing(column, &diagnostics)
            return nil
        }
        return value
    }

    /// The value as an id of its kind, or nil with an error when empty or
    /// holding a control character.
    func requiredID<ID: RecordID>(_ column: Column, _ diagnostics: inout Diagnostics) -> ID? {
        guard let text = required(column, &diagnostics), printableID(text, column, &diagnostics) else { return nil }
        return ID(text)
    }

    /// The value as an id of its kind, or nil when absent or empty (or, with
    /// an error, holding a control character).
    func id<ID: RecordID>(_ column: Column, _ diagnostics: inout Diagnostics) -> ID? {
        guard let text = text(column), printableID(text, column, &diagnostics) else { return nil }
        return ID(text)
    }

    /// An id names a record on pages, in file names and in the exports a
    /// CRM loads back: a NUL or an escape in one is a broken export, never
    /// an id (issue 25).
    private func printableID(_ text: String, _ column: Column, _ diagnostics: inout Diagnostics) -> Bool {
        guard let hidden = text.unicodeScalars.first(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        else { return true }
        let code = String(hidden.value, radix: 16, uppercase: true)
        diagnostics.error(
            .unsafeIdentifier, at: location(of: column), stage: .load,
            "\(describe(column)): '\(text)' holds a control character (U+\(String(repeating: "0", count: max(0, 4 - code.count)) + code)); ids must be printable"
        )
        return false
    }

    func required(_ column: Column, _ diagnostics: inout Diagnostics) -> String? {
        guard let value = text(column) else {
            diagnostics.error(.missingValue, at: location(of: column), stage: .load, "\(describe(column)) is empty")
            return nil
        }
        return value
    }

    private func missing(_ column: Column, _ diagnostics: inout Diagnostics) {
        diagnostics.error(.missingValue, at: location(of: column), stage: .load, "\(describe(column)) is empty")
    }

    func day(_ column: Column, required isRequired: Bool = false, _ diagnostics: inout Diagnostics) -> Day? {
        if isoDatesOnly {
            let parsed = withValue(column) { bytes in bytes.map { DateFormat.parseISO($0) } }
            if case .some(.some(let day)) = parsed { return day }
        }
        let dates = formats.dates
        if dates.count == 1 {
            // One format cannot be ambiguous: skip building a DateReading.
            let parsed = withValue(column) { bytes in bytes.map { dates[0].parse($0) } }
            if case .some(.some(let day)) = parsed { return day }
        }
        let reading = withValue(column) { bytes in bytes.map { DateReading.read($0, formats: dates) } }
        switch reading {
        case nil:
            if isRequired { missing(column, &diagnostics) }
            return nil
        case .day(let day)?:
            return day
        case .invalid?:
            let expected = formats.dates.map(\.description).joined(separator: " or ")
            diagnostics.error(
                .invalidDate, at: location(of: column), stage: .load,
                "\(describe(column)): '\(text(column) ?? "")' is not a date (expected \(expected))")
            return nil
        case .ambiguous(let first, let firstFormat, let second, let secondFormat)?:
            diagnostics.error(
                .invalidDate, at: location(of: column), stage: .load,
                "\(describe(column)): '\(text(column) ?? "")' is ambiguous: \(first.iso) as \(firstFormat), "
                    + "\(second.iso) as \(secondFormat); list only the format the export uses")
            return nil
        }
    }

    private func numberFailure(
        _ failure: NumberFormat.Failure, _ column: Column, whole: Bool, _ diagnostics: inout Diagnostics
    ) {
        let value = text(column) ?? ""
        let message: String
        switch failure {
        case .tooManyDecimals:
            message = "'\(value)' has more than two decimals; amounts are kept to the cent"
        case .badGrouping:
            message = "'\(value)' has misplaced thousands separators"
        case .notANumber:
            var hint = whole ? "a whole number" : "an amount (expected a number such as 1234.50)"
            if !whole && formats.numbers.thousands == nil && value.contains(",") {
                hint += "; if ',' separates thousands, set formats.thousands"
            }
            message = "'\(value)' is not \(hint)"
        }
        diagnostics.error(.invalidNumber, at: location(of: column), stage: .load, "\(describe(column)): \(message)")
    }

    func money(
        _ column: Column, required isRequired: Bool = false, allowNegative: Bool = false,
        _ diagnostics: inout Diagnostics
    ) -> Money? {
        let result = withValue(column) { bytes in bytes.map { formats.numbers.money($0) } }
        switch result {
        case nil:
            if isRequired { missing(column, &diagnostics) }
            return nil
        case .failure(let failure)?:
            numberFailure(failure, column, whole: false, &diagnostics)
            return nil
        case .success(let money)?:
            if money.cents < 0 && !allowNegative {
                diagnostics.error(
                    .negativeValue, at: location(of: column), stage: .load,
                    "\(describe(column)): '\(text(column) ?? "")' is negative")
                return nil
            }
            return money
        }
    }

    func integer(_ column: Column, in range: ClosedRange<Int>, _ diagnostics: inout Diagnostics) -> Int? {
        let result = withValue(column) { bytes in bytes.map { formats.numbers.integer($0) } }
        switch result {
        case nil:
            return nil
        case .failure(let failure)?:
            numberFailure(failure, column, whole: true, &diagnostics)
            return nil
        case .success(let number)?:
            guard range.contains(number) else {
                diagnostics.error(
                    number < 0 ? .negativeValue : .invalidNumber, at: location(of: column), stage: .load,
                    "\(describe(column)): \(number) is outside \(range.lowerBound)…\(range.upperBound)")
                return nil
            }
            return number
        }
    }

    func boolean(_ column: Column, _ diagnostics: inout Diagnostics) -> Bool? {
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
        _ column: Column, required isRequired: Bool = false, _ diagnostics: inout Diagnostics
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
    func list(_ column: Column) -> [String] {
        guard let value = text(column) else { return [] }
        return value.split(separator: ";").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
    }
}

/// Each column's last value: a class, as the record reader is shared by
/// every record of a table.
public final class PreviousSymbols {
    public init() {}
    var symbols = [Symbol?](repeating: nil, count: Column.allCases.count)
    var texts = [TextRef?](repeating: nil, count: Column.allCases.count)
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }
}
