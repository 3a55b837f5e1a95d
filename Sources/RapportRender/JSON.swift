/// A minimal JSON writer whose output is the same bytes on every machine:
/// keys stay in the order given (the export contract's order), numbers are
/// printed by one rule, strings escaped per RFC 8259. Not `indirect`:
/// arrays already hold the nesting, and a box per value showed in the
/// profile of the 300 MB `accounts.json`.
public enum JSON: Sendable, Equatable {
    case object([(String, JSON)])
    case array([JSON])
    case string(String)
    /// Printed exactly as given: money ("1234.50") and integers.
    case raw(String)
    case number(Double)
    case bool(Bool)
    case null

    public static func == (lhs: JSON, rhs: JSON) -> Bool { lhs.text == rhs.text }

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The UTF-8 it is written as.
    public var bytes: [UInt8] {
        var output: [UInt8] = []
        write(to: &output, indent: 0)
        return output
    }

    /// Pretty-printed with two spaces: exports are read by people too.
    /// Written into bytes: `String` appends were most of the export's cost.
    func write(to output: inout [UInt8], indent: Int) {
        switch self {
        case .object(let members):
            guard !members.isEmpty else { return output.appendUTF8("{}") }
            output.appendUTF8("{\n")
            for (index, (key, value)) in members.enumerated() {
                output.appendUTF8(JSON.pad(indent + 1))
                JSON.quote(key, into: &output)
                output.appendUTF8(": ")
                value.write(to: &output, indent: indent + 1)
                output.appendUTF8(index == members.count - 1 ? "\n" : ",\n")
            }
            output.appendUTF8(JSON.pad(indent))
            output.append(UInt8(ascii: "}"))
        case .array(let items):
            guard !items.isEmpty else { return output.appendUTF8("[]") }
            output.appendUTF8("[\n")
            for (index, item) in items.enumerated() {
                output.appendUTF8(JSON.pad(indent + 1))
                item.write(to: &output, indent: indent + 1)
                output.appendUTF8(index == items.count - 1 ? "\n" : ",\n")
            }
            output.appendUTF8(JSON.pad(indent))
            output.append(UInt8(ascii: "]"))
        case .string(let text): JSON.quote(text, into: &output)
        case .raw(let text): output.appendUTF8(text)
        case .number(let value): output.appendUTF8(JSON.number(value))
        case .bool(let value): output.appendUTF8(value ? "true" : "false")
        case .null: output.appendUTF8("null")
        }
    }

    /// Indentation strings made once: a new string per nested value showed
    /// in the profile of a 10,000-account export.
    static let pads = (0..<16).map { String(repeating: "  ", count: $0) }

    static func pad(_ level: Int) -> String { level < pads.count ? pads[level] : String(repeating: "  ", count: level) }

    /// Up to 6 decimals, trailing zeros dropped: "0.64", "0.333333", "12".
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        let scaled = (value * 1_000_000).rounded()
        // Beyond 2⁶³ millionths a conversion to Int64 would trap (a fitted
        // parameter can be that large): Swift's own shortest form, `1e+20`.
        guard abs(scaled) < 9.2e18 else { return "\(value)" }
        let negative = scaled < 0
        let magnitude = Int64(exactly: abs(scaled)) ?? 0
        let sign = negative && magnitude != 0 ? "-" : ""
        let whole = String(magnitude / 1_000_000)
        var fraction = magnitude % 1_000_000
        guard fraction != 0 else { return sign + whole }
        // Trailing zeros dropped by division, leading ones put back.
        var digits = 6
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        let text = String(fraction)
        return sign + whole + "." + String(repeating: "0", count: digits - text.count) + text
    }

    static func quoted(_ text: String) -> String {
        var result: [UInt8] = []
        quote(text, into: &result)
        return String(decoding: result, as: UTF8.self)
    }

    /// Appends `text` as a JSON string; text with nothing to escape (almost
    /// all of it) is appended in one piece.
    static func quote(_ text: String, into output: inout [UInt8]) {
        func plain(_ byte: UInt8) -> Bool { byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") }
        let clean = text.utf8.withContiguousStorageIfAvailable { $0.allSatisfy(plain) } ?? text.utf8.allSatisfy(plain)
        if clean {
            output.append(UInt8(ascii: "\""))
            output.appendUTF8(text)
            output.append(UInt8(ascii: "\""))
            return
        }
        output.appendUTF8(escaped(text))
    }

    private static func escaped(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
