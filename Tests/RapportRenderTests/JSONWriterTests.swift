import Foundation
import Testing

@testable import RapportRender

/// The export writer's numbers and strings, against values worked by hand
/// and against Foundation's parser.
@Suite struct JSONWriterTests {
    @Test func numbersKeepUpToSixDecimalsWithoutTrailingZeros() {
        #expect(JSON.number(0.64) == "0.64")
        #expect(JSON.number(1.0 / 3.0) == "0.333333")
        #expect(JSON.number(12) == "12")
        #expect(JSON.number(0.05) == "0.05")
        #expect(JSON.number(2.000_001) == "2.000001")
        #expect(JSON.number(-0.5) == "-0.5")
        #expect(JSON.number(-0.000_000_1) == "0")  // rounds to zero: no "-0"
        #expect(JSON.number(.nan) == "null")
    }

    @Test func stringsAreEscapedPerRFC8259() throws {
        #expect(JSON.quoted("plain text") == "\"plain text\"")
        #expect(JSON.quoted("say \"hi\"\\") == "\"say \\\"hi\\\"\\\\\"")
        #expect(JSON.quoted("a\nb\tc\u{01}") == "\"a\\nb\\tc\\u0001\"")
        #expect(JSON.quoted("Zürich → 東京") == "\"Zürich → 東京\"")
        let value = JSON.object([("k", .string("line\none \"q\" \u{1F}")), ("n", .number(0.25))])
        let parsed = try JSONSerialization.jsonObject(with: Data(value.text.utf8)) as! [String: Any]
        #expect(parsed["k"] as? String == "line\none \"q\" \u{1F}")
        #expect(parsed["n"] as? Double == 0.25)
    }
}
