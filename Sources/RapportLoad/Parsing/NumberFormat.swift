import RapportCore

/// How numbers are written in an export: the decimal separator, an optional
/// thousands separator, and currency symbols or codes to strip.
///
/// Parsing is strict so that nothing is guessed: with thousands separator
/// `,`, `1,234.50` is read but `12,34` is an error, and with none `1,234` is
/// an error rather than 1 or 1234. Negative amounts are `-12.50` or the
/// accounting form `(12.50)`.
public struct NumberFormat: Sendable, Equatable {
    public var decimal: UInt8
    public var thousands: UInt8?
    /// Stripped from the start or end of a value (with any spaces between),
    /// longest first.
    public var currencySymbols: [String] {
        didSet { prepareSymbols() }
    }
    /// The symbols as bytes, made once: building them per value was a tenth
    /// of the load time of an orders file.
    private var symbolBytes: [[UInt8]] = []

    public init(decimal: UInt8 = UInt8(ascii: "."), thousands: UInt8? = nil, currencySymbols: [String] = []) {
        self.decimal = decimal
        self.thousands = thousands
        self.currencySymbols = currencySymbols
        prepareSymbols()
    }

    private mutating func prepareSymbols() {
        symbolBytes = currencySymbols.map { Array($0.utf8) }.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
    }

    public enum Failure: Error, Equatable {
        case notANumber
        case tooManyDecimals
        case badGrouping
    }

    /// An amount in cents.
    public func money(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<Money, Failure> {
        fixedPoint(bytes, decimals: 2).map { Money(cents: $0) }
    }

    /// A whole number.
    public func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<Int, Failure> {
        fixedPoint(bytes, decimals: 0).map { Int($0) }
    }

    func strip(_ bytes: UnsafeBufferPointer<UInt8>) -> (Int, Int) {
        var start = 0, end = bytes.count
        func trimSpaces() {
            while start < end && (bytes[start] == 0x20 || bytes[start] == 0x09) { start += 1 }
            while end > start && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09) { end -= 1 }
        }
        trimSpaces()
        // Most values start and end with a digit: no symbol to look for, and
        // no per-value walk over the symbol list (perf).
        if start < end, bytes[start] &- 0x30 < 10, bytes[end - 1] &- 0x30 < 10 { return (start, end) }
        for pattern in symbolBytes {
            guard end - start >= pattern.count else { continue }
            if (0..<pattern.count).allSatisfy({ bytes[start + $0] == pattern[$0] }) {
                start += pattern.count
                trimSpaces()
                break
            }
            if (0..<pattern.count).allSatisfy({ bytes[end - pattern.count + $0] == pattern[$0] }) {
                end -= pattern.count
                trimSpaces()
                break
            }
        }
        return (start, end)
    }

    /// The value times 10^decimals, exactly.
    func fixedPoint(_ bytes: UnsafeBufferPointer<UInt8>, decimals: Int) -> Result<Int64, Failure> {
        var (start, end) = strip(bytes)
        var negative = false
        if start < end && bytes[start] == UInt8(ascii: "(") && bytes[end - 1] == UInt8(ascii: ")") {
            negative = true
            start += 1
            end -= 1
        }
        if start < end && (bytes[start] == UInt8(ascii: "-") || bytes[start] == UInt8(ascii: "+")) {
            if negative { return .failure(.notANumber) }
            negative = bytes[start] == UInt8(ascii: "-")
            start += 1
            // "- $12" and "-$12" both occur in exports.
            let (innerStart, innerEnd) = strip(UnsafeBufferPointer(rebasing: bytes[start..<end]))
            end = start + innerEnd
            start += innerStart
        }
        var whole: Int64 = 0
        var fraction: Int64 = 0
        var fractionDigits = 0
        var digitsInGroup = 0
        var groups = 0
        var seenDigit = false
        var seenDecimal = false
        var cursor = start
        while cursor < end {
            let byte = bytes[cursor]
            cursor += 1
            if byte >= 0x30 && byte <= 0x39 {
                let digit = Int64(byte - 0x30)
                seenDigit = true
                if seenDecimal {
                    fractionDigits += 1
                    guard fractionDigits <= decimals else {
                        return .failure(decimals == 0 ? .notANumber : .tooManyDecimals)
                    }
                    fraction = fraction * 10 + digit
                } else {
                    let (product, overflowA) = whole.multipliedReportingOverflow(by: 10)
                    let (sum, overflowB) = product.addingReportingOverflow(digit)
                    guard !overflowA, !overflowB, sum < 1_000_000_000_000_000 / 100 else {
                        return .failure(.notANumber)
                    }
                    whole = sum
                    digitsInGroup += 1
                }
            } else if byte == decimal && !seenDecimal && decimals > 0 {
                guard groups == 0 || digitsInGroup == 3 else { return .failure(.badGrouping) }
                seenDecimal = true
            } else if let thousands, byte == thousands, !seenDecimal {
                // The first group has 1–3 digits, every later one exactly 3.
                guard seenDigit, (groups == 0 && digitsInGroup <= 3) || digitsInGroup == 3 else {
                    return .failure(.badGrouping)
                }
                groups += 1
                digitsInGroup = 0
            } else {
                return .failure(.notANumber)
            }
        }
        guard seenDigit else { return .failure(.notANumber) }
        if groups > 0 && !seenDecimal && digitsInGroup != 3 { return .failure(.badGrouping) }
        var scaled = whole
        for _ in 0..<decimals { scaled *= 10 }
        for _ in fractionDigits..<decimals { fraction *= 10 }
        scaled += fraction
        return .success(negative ? -scaled : scaled)
    }
}
