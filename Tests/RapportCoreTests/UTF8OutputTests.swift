import RapportCore
import Testing

/// The byte writers that pages, charts and exports are made with write what
/// the `String` forms they replaced wrote.
@Suite struct UTF8OutputTests {
    @Test func decimalsAreWhatStringWrites() {
        let values = [0, 7, 9, 10, 11, 99, 100, 101, 999, 1_000, 12_345, 1_000_000, -1, -9, -10, -12_345, .max, .min]
        for value in values {
            var bytes = Array("x".utf8)
            bytes.appendDecimal(value)
            #expect(String(decoding: bytes, as: UTF8.self) == "x" + String(value))
        }
    }

    @Test func textIsAppendedWhole() {
        var bytes: [UInt8] = []
        for text in ["", "a", "small string", "a longer string than fifteen bytes", "Zoë → 日本 😀"] {
            bytes.appendUTF8(text)
        }
        #expect(String(decoding: bytes, as: UTF8.self) == "asmall stringa longer string than fifteen bytesZoë → 日本 😀")
    }
}
