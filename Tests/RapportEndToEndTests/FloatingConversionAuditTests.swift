import Foundation
import RapportCore
import RapportTestSupport
import Testing

/// Issue 25's audit of every `Int(someDouble)` in Sources: `Int(x)`,
/// `Int64(x)` and the like trap when a Double is NaN, infinite or out of
/// range, and a setting or a fitted model can make one so. Every
/// conversion of a computed Double goes through `Int(saturating:)`,
/// `Int(rounding:clampedTo:)` or `Money(roundingCents:)` (RapportCore,
/// SafeConversion.swift and Money.swift). This test reads Sources and
/// fails on a plain integer conversion whose argument is visibly floating
/// point: it rounds, names `Double`, or calls a floating-point function.
/// A conversion of a Double held in a plain variable is not visible this
/// way; the audit of issue 25 read those by hand (chart sizes, day counts).
@Suite struct FloatingConversionAuditTests {
    static let converters = ["Int", "Int64", "Int32", "Int16", "Int8", "UInt", "UInt64", "UInt32", "UInt16", "UInt8"]
    static let floatingMarkers = [
        ".rounded(", "Double(", "Float(", "sqrt(", "log(", "exp(", "pow(", "floor(", "ceil(", "timeInterval",
    ]
    static let safeLabels = [
        "saturating:", "rounding:", "exactly:", "clamping:", "truncatingIfNeeded:", "bitPattern:", "ascii:",
        "bigEndian:", "littleEndian:",
    ]

    /// Every `Converter(argument)` in `line`, with its balanced argument text.
    static func conversions(in line: Substring) -> [String] {
        var found: [String] = []
        let characters = Array(line)
        var index = 0
        while index < characters.count {
            guard
                let name = converters.first(where: { name in
                    let end = index + name.count
                    guard end < characters.count, characters[end] == "(", String(characters[index..<end]) == name
                    else { return false }
                    // Not the tail of a longer name (`toInt(`, `BigInt(`).
                    return index == 0 || !(characters[index - 1].isLetter || characters[index - 1].isNumber)
                })
            else {
                index += 1
                continue
            }
            var depth = 0
            var cursor = index + name.count
            var argument = ""
            repeat {
                let character = characters[cursor]
                if character == "(" { depth += 1 }
                if character == ")" { depth -= 1 }
                if depth > 0 && !(depth == 1 && character == "(") { argument.append(character) }
                cursor += 1
            } while depth > 0 && cursor < characters.count
            found.append(argument)
            index = cursor
        }
        return found
    }

    static func isUnsafe(_ argument: String) -> Bool {
        let trimmed = argument.trimmingCharacters(in: .whitespaces)
        guard !safeLabels.contains(where: { trimmed.hasPrefix($0) }) else { return false }
        return floatingMarkers.contains { argument.contains($0) }
            || argument.range(of: #"\d\.\d"#, options: .regularExpression) != nil
    }

    @Test func noPlainConversionOfAFloatingPointValueInSources() throws {
        let sources = Fixtures.packageRoot + "/Sources"
        let files = FileManager.default.enumerator(atPath: sources)!.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") }.sorted()
        #expect(files.count > 100)
        var offenders: [String] = []
        for file in files {
            let text = try String(contentsOfFile: sources + "/" + file, encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                for argument in Self.conversions(in: line) where Self.isUnsafe(argument) {
                    offenders.append("Sources/\(file):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        #expect(offenders == [], "\(offenders.joined(separator: "\n"))")
    }

    /// The scanner itself: what it must find and what it must let pass.
    @Test func theAuditFindsWhatItLooksFor() {
        let unsafe = [
            "let x = Int((value * 100).rounded())", "Money(cents: Int64(Double(cents) * 1.5))",
            "\"\\(Int(p * 0.5)) %\"", "let n = Int(log(value))",
        ]
        for line in unsafe {
            #expect(Self.conversions(in: line[...]).contains(where: Self.isUnsafe), "\(line)")
        }
        let safe = [
            "Int(saturating: value * 100)", "Int(rounding: total, clampedTo: 0...100)", "UInt8(ascii: \"-\")",
            "Int64(exactly: abs(scaled))", "Int(bytes[5] - 48)", "let count = Int(text)", "toInt(3.5)",
        ]
        for line in safe {
            #expect(!Self.conversions(in: line[...]).contains(where: Self.isUnsafe), "\(line)")
        }
    }
}
