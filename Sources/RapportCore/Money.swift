/// An amount in the site currency, held in minor units (cents) so that sums
/// over a million order lines are exact and the same on every machine.
public struct Money: Hashable, Comparable, Sendable, AdditiveArithmetic {
    public var cents: Int64

    public init(cents: Int64) { self.cents = cents }

    public static let zero = Money(cents: 0)

    /// The most all order amounts may add up to, counting refunds as
    /// positive (docs/reference.md#the-tables-csv-schema, orders): every sum the analysis makes
    /// is a sum of some of them, so none can leave 64 bits. $10^16.
    public static let totalLimit: Int64 = 1_000_000_000_000_000_000

    public var major: Double { Double(cents) / 100 }

    /// `cents` rounded to a whole cent; `nil` for a value that is not
    /// finite or is beyond `totalLimit`, which no computed amount may reach:
    /// converting such a Double to Int64 would stop the program (issue 25).
    public init?(roundingCents cents: Double) {
        let rounded = cents.rounded()
        guard rounded.isFinite, abs(rounded) <= Double(Self.totalLimit) else { return nil }
        self.cents = Int64(rounded)
    }

    public static func + (lhs: Money, rhs: Money) -> Money { Money(cents: lhs.cents + rhs.cents) }
    public static func - (lhs: Money, rhs: Money) -> Money { Money(cents: lhs.cents - rhs.cents) }
    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.cents < rhs.cents }

    /// Parses a plain decimal number such as `1234.5` or `-12.30` (at most two
    /// decimals; more would be rounded, which the loader must not do silently).
    public init?(decimal text: some StringProtocol) {
        var bytes = Substring(text).utf8[...]
        var negative = false
        if bytes.first == UInt8(ascii: "-") {
            negative = true
            bytes = bytes.dropFirst()
        } else if bytes.first == UInt8(ascii: "+") {
            bytes = bytes.dropFirst()
        }
        var whole: Int64 = 0
        var fraction: Int64 = 0
        var fractionDigits = 0
        var seenDigit = false
        var seenPoint = false
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard !seenPoint else { return nil }
                seenPoint = true
                continue
            }
            let digit = Int64(byte) - 48
            guard (0...9).contains(digit) else { return nil }
            seenDigit = true
            if seenPoint {
                fractionDigits += 1
                guard fractionDigits <= 2 else { return nil }
                fraction = fraction * 10 + digit
            } else {
                let (product, overflow1) = whole.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = product.addingReportingOverflow(digit)
                guard !overflow1, !overflow2, sum < Int64.max / 1000 else { return nil }
                whole = sum
            }
        }
        guard seenDigit else { return nil }
        if fractionDigits == 1 { fraction *= 10 }
        let cents = whole * 100 + fraction
        self.cents = negative ? -cents : cents
    }

    /// `12345.6` → "12,345.60" (no currency symbol; the renderer adds it).
    public var grouped: String {
        let absolute = cents.magnitude
        let fraction = absolute % 100
        let tail = fraction < 10 ? ".0" + String(fraction) : "." + String(fraction)
        return (cents < 0 ? "-" : "") + Money.groupedDigits(absolute / 100) + tail
    }

    /// Whole currency units with thousands separators: "12,346".
    public var groupedWhole: String {
        let rounded = (cents.magnitude + 50) / 100
        return (cents < 0 && rounded > 0 ? "-" : "") + Money.groupedDigits(rounded)
    }

    /// "$12,346" or "-$12,346": whole units with the currency symbol, the way
    /// every page and every reason shows money.
    public func display(symbol: String) -> String {
        (cents < 0 ? "-" : "") + symbol + Money(cents: abs(cents)).groupedWhole
    }

    /// A number for JSON and CSV exports: "12345.60" or "12345", exact to the cent.
    public var plain: String {
        var bytes: [UInt8] = []
        appendPlain(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `plain`, appended as UTF-8: an orders file writes one per line.
    public func appendPlain(to bytes: inout [UInt8]) {
        if cents < 0 { bytes.append(UInt8(ascii: "-")) }
        let absolute = cents.magnitude
        let fraction = absolute % 100
        bytes.appendDecimal(Int(absolute / 100))
        guard fraction != 0 else { return }
        bytes.append(UInt8(ascii: "."))
        bytes.append(UInt8(ascii: "0") + UInt8(fraction / 10))
        bytes.append(UInt8(ascii: "0") + UInt8(fraction % 10))
    }

    /// `value` in decimal digits with a comma before each group of three
    /// from the right: "12,345". Written digit by digit into the string's
    /// own storage: amounts are on every row of every page, and going
    /// through `String(value)` and an array of its bytes cost about 1,100
    /// instructions an amount (BENCHMARKS.md, issue 27).
    public static func groupedDigits(_ value: UInt64) -> String {
        let digits = value.decimalDigitCount
        let length = digits + (digits - 1) / 3
        return String(unsafeUninitializedCapacity: length) { buffer in
            var rest = value
            var position = length
            var written = 0
            repeat {
                if written > 0 && written % 3 == 0 {
                    position -= 1
                    buffer[position] = UInt8(ascii: ",")
                }
                position -= 1
                buffer[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                written += 1
            } while rest > 0
            return length
        }
    }
}
