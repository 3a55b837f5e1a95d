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
            out.append(contentsOf: String(number).utf8)
        case .int4, .oid:
            guard let number = value.readInteger(as: Int32.self) else { return false }
            out.append(contentsOf: String(type == .oid ? Int64(UInt32(bitPattern: number)) : Int64(number)).utf8)
        case .int8:
            guard let number = value.readInteger(as: Int64.self) else { return false }
            out.append(contentsOf: String(number).utf8)
        case .float4:
            guard let bits = value.readInteger(as: UInt32.self) else { return false }
            out.append(contentsOf: String(describing: Float(bitPattern: bits)).utf8)
        case .float8:
            guard let bits = value.readInteger(as: UInt64.self) else { return false }
            out.append(contentsOf: String(describing: Double(bitPattern: bits)).utf8)
        case .numeric:
            guard let text = numeric(&value) else { return false }
            out.append(contentsOf: text.utf8)
        case .date:
            guard let days = value.readInteger(as: Int32.self) else { return false }
            out.append(contentsOf: date(daysSince2000: Int64(days)).utf8)
        case .timestamp, .timestamptz:
            // Microseconds since 2000-01-01 00:00 (UTC for timestamptz).
            guard let micros = value.readInteger(as: Int64.self) else { return false }
            let seconds = micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
            let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
            let time = seconds - days * 86_400
            let clock = [time / 3600, time / 60 % 60, time % 60].map { $0 < 10 ? "0\($0)" : "\($0)" }
            out.append(contentsOf: (date(daysSince2000: days) + " " + clock.joined(separator: ":")).utf8)
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

    /// `YYYY-MM-DD` of a day counted from 2000-01-01, which is day 10,957
    /// of `Day`'s count from 1970-01-01.
    static func date(daysSince2000 days: Int64) -> String {
        if days == Int64(Int32.max) { return "infinity" }
        if days == Int64(Int32.min) { return "-infinity" }
        return Day(ordinal: Int(days) + 10_957).iso
    }

    /// A `numeric` in PostgreSQL's binary form — base-10000 digits, the
    /// weight of the first, the sign and the scale — as its text.
    static func numeric(_ value: inout ByteBuffer) -> String? {
        guard let count = value.readInteger(as: Int16.self), let weight = value.readInteger(as: Int16.self),
            let sign = value.readInteger(as: UInt16.self), let scale = value.readInteger(as: Int16.self),
            count >= 0, scale >= 0
        else { return nil }
        var digits: [Int] = []
        for _ in 0..<count {
            guard let digit = value.readInteger(as: Int16.self), (0...9999).contains(digit) else { return nil }
            digits.append(Int(digit))
        }
        switch sign {
        case 0x0000, 0x4000: break
        case 0xC000: return "NaN"
        case 0xD000: return "Infinity"
        case 0xF000: return "-Infinity"
        default: return nil
        }
        func digit(_ index: Int) -> Int { digits.indices.contains(index) ? digits[index] : 0 }
        func fourDigits(_ number: Int) -> String {
            let text = String(number)
            return String(repeating: "0", count: 4 - text.count) + text
        }
        var text = sign == 0x4000 ? "-" : ""
        if weight < 0 {
            text += "0"
        } else {
            text += String(digit(0))
            if weight > 0 { for index in 1...Int(weight) { text += fourDigits(digit(index)) } }
        }
        if scale > 0 {
            var fraction = ""
            var group = 1
            while fraction.count < Int(scale) {
                fraction += fourDigits(digit(Int(weight) + group))
                group += 1
            }
            text += "." + fraction.prefix(Int(scale))
        }
        return text
    }

    /// The name of a type as `psql` shows it, for the message about a type that is not read.
    static func name(of type: PostgresDataType) -> String {
        type.knownSQLName ?? "type \(type.rawValue)"
    }
}
