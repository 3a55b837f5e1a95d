/// Pages, charts and exports are written as UTF-8 bytes, not built up as
/// `String`s: a `String` append cost about 280 instructions, and appends
/// were a sixth of a whole build (BENCHMARKS.md, issue 27).
extension [UInt8] {
    /// Appends `text`'s UTF-8 in one copy (native and small strings are
    /// contiguous; anything else is copied byte by byte).
    @inline(__always)
    public mutating func appendUTF8(_ text: String) {
        let copied: Void? = text.utf8.withContiguousStorageIfAvailable { append(contentsOf: $0) }
        if copied == nil { append(contentsOf: text.utf8) }
    }

    /// Appends `value` in decimal digits, as `String(value)` writes it: the
    /// digits counted first, then written from the last one back, one
    /// division by ten each (a constant division, a multiplication).
    public mutating func appendDecimal(_ value: Int) {
        if value < 0 { append(UInt8(ascii: "-")) }
        var rest = value.magnitude
        guard rest >= 10 else { return append(UInt8(ascii: "0") + UInt8(rest)) }
        let digits = UInt64(rest).decimalDigitCount
        let end = count + digits
        append(contentsOf: repeatElement(UInt8(ascii: "0"), count: digits))
        withUnsafeMutableBufferPointer { buffer in
            var position = end
            while rest > 0 {
                position -= 1
                buffer[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
        }
    }
}

extension UInt64 {
    /// How many decimal digits `String(self)` has.
    public var decimalDigitCount: Int {
        var digits = 1
        var rest = self
        while rest >= 10 {
            rest /= 10
            digits += 1
        }
        return digits
    }
}
