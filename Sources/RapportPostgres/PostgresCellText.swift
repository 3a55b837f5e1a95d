import NIOCore
import PostgresNIO
import RapportCore

/// A value as PostgreSQL sends it to postgres-nio (its binary format) turned
/// into the text the table decoders read — what `psql` would print: the
/// decoders parse amounts, dates and numbers from text, the same for
/// every source. Only the types a CRM's tables hold are read; another
/// type is named, with the cast that reads it.
enum PostgresCellText {
    /// Appends the value's text to `out`; false when the type is not read.
    static func append(_ value: ByteBuffer, type: PostgresDataType, to out: inout [UInt8]) -> Bool {
        var value = value
        switch type {
        case .text, .varchar, .bpchar, .name, .char, .json, .unknown:
            value.withUnsafeReadableBytes { out.append(contentsOf: $0) }
        case .jsonb:
            // A version byte, then the text.
            value.moveReaderIndex(forwardBy: min(1, value.readableBytes))
            value.withUnsafeReadableBytes { out.append(contentsOf: $0) }
        case .bool:
            guard let byte = value.readInteger(as: UInt8.self) else { return false }
            out.append(contentsOf: (byte != 0 ? "true" : "false").utf8)
        case .int2:
            guard let number = value.readInteger(as: Int16.self) else { return false }
            appendDecimal(Int64(number), to: &out)
        case .int4, .oid:
            guard let number = value.readInteger(as: Int32.self) else { return false }
            appendDecimal(type == .oid ? Int64(UInt32(bitPattern: number)) : Int64(number), to: &out)
        case .int8:
            guard let number = value.readInteger(as: Int64.self) else { return false }
            appendDecimal(number, to: &out)
        case .float4:
            guard let bits = value.readInteger(as: UInt32.self) else { return false }
            out.append(contentsOf: String(describing: Float(bitPattern: bits)).utf8)
        case .float8:
            guard let bits = value.readInteger(as: UInt64.self) else { return false }
            out.append(contentsOf: String(describing: Double(bitPattern: bits)).utf8)
        case .numeric:
            guard appendNumeric(&value, to: &out) else { return false }
        case .date:
            guard let days = value.readInteger(as: Int32.self) else { return false }
            appendDate(daysSince2000: Int64(days), to: &out)
        case .timestamp, .timestamptz:
            // Microseconds since 2000-01-01 00:00 (UTC for timestamptz).
            guard let micros = value.readInteger(as: Int64.self) else { return false }
            let seconds = micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
            let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
            let time = seconds - days * 86_400
            appendDate(daysSince2000: days, to: &out)
            out.append(UInt8(ascii: " "))
            appendDigits(Int(time / 3600), 2, to: &out)
            out.append(UInt8(ascii: ":"))
            appendDigits(Int(time / 60 % 60), 2, to: &out)
            out.append(UInt8(ascii: ":"))
            appendDigits(Int(time % 60), 2, to: &out)
        case .uuid:
            guard let bytes = value.readBytes(length: 16) else { return false }
            let hex = bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
            var text = ""
            for (index, character) in hex.enumerated() {
                if [8, 12, 16, 20].contains(index) { text.append("-") }
                text.append(character)
            }
            out.append(contentsOf: text.utf8)
        default:
            return false
        }
        return true
    }

    // The writers below append digits to `out` without building a
    // string: a date or an amount built as a String cost about 2,900
    // instructions, most of the event loop's work (callgrind, BENCHMARKS.md
    // "Data where it lives").

    /// `YYYY-MM-DD` of a day counted from 2000-01-01, which is day 10,957
    /// of `Day`'s count from 1970-01-01.
    static func appendDate(daysSince2000 days: Int64, to out: inout [UInt8]) {
        if days == Int64(Int32.max) { return out.append(contentsOf: "infinity".utf8) }
        if days == Int64(Int32.min) { return out.append(contentsOf: "-infinity".utf8) }
        let (year, month, day) = Day(ordinal: Int(days) + 10_957).components
        guard (0...9999).contains(year) else {
            return out.append(contentsOf: Day(ordinal: Int(days) + 10_957).iso.utf8)
        }
        appendDigits(year, 4, to: &out)
        out.append(UInt8(ascii: "-"))
        appendDigits(month, 2, to: &out)
        out.append(UInt8(ascii: "-"))
        appendDigits(day, 2, to: &out)
    }

    /// `value` in `width` digits, zeros first (0 ≤ value < 10^width).
    @inline(__always)
    static func appendDigits(_ value: Int, _ width: Int, to out: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            out.append(UInt8(truncatingIfNeeded: 48 + rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    static func appendDecimal(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        // The magnitude as unsigned: Int64.min has no positive twin.
        var rest = value.magnitude
        var divisor: UInt64 = 1
        while divisor <= rest / 10 { divisor *= 10 }
        while divisor > 0 {
            out.append(UInt8(truncatingIfNeeded: 48 + rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    /// A `numeric` in PostgreSQL's binary form — base-10000 digits, the
    /// weight of the first, the sign and the scale — as its text.
    static func appendNumeric(_ value: inout ByteBuffer, to out: inout [UInt8]) -> Bool {
        guard let count = value.readInteger(as: Int16.self), let weight = value.readInteger(as: Int16.self),
            let sign = value.readInteger(as: UInt16.self), let scale = value.readInteger(as: Int16.self),
            count >= 0, scale >= 0, value.readableBytes == 2 * Int(count)
        else { return false }
        switch sign {
        case 0x0000, 0x4000: break
        case 0xC000: out.append(contentsOf: "NaN".utf8); return true
        case 0xD000: out.append(contentsOf: "Infinity".utf8); return true
        case 0xF000: out.append(contentsOf: "-Infinity".utf8); return true
        default: return false
        }
        let digits = value.readableBytesView
        func digit(_ index: Int) -> Int {
            guard index >= 0 && index < Int(count) else { return 0 }
            let high = Int(digits[digits.startIndex + 2 * index]), low = Int(digits[digits.startIndex + 2 * index + 1])
            return high << 8 | low
        }
        for index in 0..<Int(count) where digit(index) > 9999 { return false }
        if sign == 0x4000 { out.append(UInt8(ascii: "-")) }
        if weight < 0 {
            out.append(UInt8(ascii: "0"))
        } else {
            appendDecimal(Int64(digit(0)), to: &out)
            if weight > 0 { for index in 1...Int(weight) { appendDigits(digit(index), 4, to: &out) } }
        }
        if scale > 0 {
            out.append(UInt8(ascii: "."))
            var written = 0, group = 1
            while written < Int(scale) {
                var four = digit(Int(weight) + group), divisor = 1000
                while divisor > 0 && written < Int(scale) {
                    out.append(UInt8(truncatingIfNeeded: 48 + four / divisor))
                    four %= divisor
                    divisor /= 10
                    written += 1
                }
                group += 1
            }
        }
        value.moveReaderIndex(forwardBy: value.readableBytes)
        return true
    }

    /// The name of a type as `psql` shows it, for the message about a type that is not read.
    static func name(of type: PostgresDataType) -> String {
        type.knownSQLName ?? "type \(type.rawValue)"
    }
}
