import NIOCore
import PostgresNIO
import Testing

@testable import RapportPostgres

/// PostgreSQL's binary forms (src/backend/utils/adt/numeric.c `numeric_send`,
/// date.c, timestamp.c) read into the text `psql` prints for the same values.
@Suite struct PostgresCellTextTests {
    static func text(_ bytes: [UInt8], _ type: PostgresDataType) -> String? {
        var out: [UInt8] = []
        guard PostgresCellText.append(ByteBuffer(bytes: bytes), type: type, to: &out) else { return nil }
        return String(decoding: out, as: UTF8.self)
    }

    static func int16s(_ values: [Int]) -> [UInt8] {
        values.flatMap { value in [UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)] }
    }

    /// numeric: ndigits, weight, sign, dscale, then base-10000 digits.
    static let numerics: [([Int], String)] = [
        ([2, 0, 0, 2, 2822, 4000], "2822.40"),
        ([1, -1, 0, 2, 500], "0.05"),
        ([2, 1, 0x4000, 0, 12, 3456], "-123456"),
        ([0, 0, 0, 0], "0"),
        ([1, -2, 0, 6, 1200], "0.000012"),
        ([1, 1, 0, 2, 1], "10000.00"),
        ([0, 0, 0xC000, 0], "NaN"),
        ([4, 2, 0, 1, 1, 0, 5, 5000], "100000005.5"),
    ]

    @Test(arguments: numerics)
    func readsNumerics(_ fields: [Int], _ expected: String) {
        #expect(Self.text(Self.int16s(fields), .numeric) == expected)
    }

    @Test func readsDatesTimestampsIntegersAndBooleans() {
        // 2026-11-16 is 9,816 days after 2000-01-01.
        #expect(Self.text([0, 0, 0x26, 0x58], .date) == "2026-11-16")
        #expect(Self.text([0xFF, 0xFF, 0xFF, 0xFF], .date) == "1999-12-31")
        // 9,816 days and 13:05:09 in microseconds.
        let seconds: Int64 = 9816 * 86_400 + 13 * 3600 + 5 * 60 + 9
        let micros: Int64 = seconds * 1_000_000
        let bytes: [UInt8] = (0..<8).map { (index: Int64) -> UInt8 in
            UInt8(truncatingIfNeeded: micros >> (56 - 8 * index))
        }
        #expect(Self.text(bytes, .timestamp) == "2026-11-16 13:05:09")
        #expect(Self.text([0xFF, 0xFD], .int2) == "-3")
        #expect(Self.text([0, 0, 0x30, 0x39], .int4) == "12345")
        #expect(Self.text([0, 0, 0, 0], .int4) == "0")
        #expect(Self.text([0x80, 0, 0, 0, 0, 0, 0, 0], .int8) == "-9223372036854775808")
        #expect(Self.text([0, 0, 0, 0, 0, 0, 0, 10], .int8) == "10")
        #expect(Self.text([1], .bool) == "true")
        #expect(Self.text(Array("Acme".utf8), .varchar) == "Acme")
        #expect(Self.text([0, 0], .point) == nil)
    }
}
