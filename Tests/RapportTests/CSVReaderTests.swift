import Foundation
import RapportCore
import RapportSample
import Testing

@testable import RapportLoad
@testable import RapportRender

@Suite struct CSVReaderTests {
    struct Record: Equatable {
        var fields: [String]
        var line: Int
        var starts: [Int]
    }

    static func records(_ reader: CSVReader) throws -> [Record] {
        var result: [Record] = []
        while try reader.next() {
            result.append(
                Record(
                    fields: reader.fields, line: reader.recordLine,
                    starts: (0..<reader.fieldCount).map { reader.location(of: $0).column }))
        }
        return result
    }

    func records(_ text: String) throws -> [Record] {
        try Self.records(CSVReader(bytes: Array(text.utf8)))
    }

    func syntaxError(_ bytes: [UInt8]) -> CSVSyntaxError? {
        let reader = CSVReader(bytes: bytes)
        do {
            while try reader.next() {}
        } catch {
            return error
        }
        return nil
    }

    @Test func readsQuotedFieldsWithCommasQuotesAndNewlines() throws {
        let rows = try records("id,name,note\n1,\"Gamma, Inc.\",\"said \"\"hi\"\"\nthen left\"\n2,plain,\n")
        #expect(
            rows.map(\.fields) == [
                ["id", "name", "note"], ["1", "Gamma, Inc.", "said \"hi\"\nthen left"], ["2", "plain", ""],
            ])
        #expect(rows.map(\.line) == [1, 2, 4])
        // "plain" starts at character 3 of line 4; the quoted name at its quote.
        #expect(rows[2].starts == [1, 3, 9])
        #expect(rows[1].starts == [1, 3, 17])
    }

    @Test func acceptsCRLFAndBOM() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a,b\r\n1,2\r\n".utf8)
        #expect(try Self.records(CSVReader(bytes: bytes)).map(\.fields) == [["a", "b"], ["1", "2"]])
    }

    @Test func lastLineWithoutNewline() throws {
        #expect(try records("a,b\n1,2").map(\.fields) == [["a", "b"], ["1", "2"]])
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let rows = try records("é,ü,x\n")
        #expect(rows[0].starts == [1, 3, 5])
    }

    @Test func unclosedQuotePointsAtTheLineWhereTheFieldOpened() {
        let error = syntaxError(Array("a,b\n1,\"open\n2,3\n4,5\n".utf8))
        #expect(error?.kind == .unclosedQuote)
        #expect(error?.line == 2)
        #expect(error?.column == 3)
    }

    @Test func strayQuotesAreErrors() {
        #expect(syntaxError(Array("a\nab\"c\n".utf8))?.kind == .strayQuote)
        let afterClose = syntaxError(Array("a,b\n\"x\"y,2\n".utf8))
        #expect(afterClose?.kind == .strayQuote)
        #expect(afterClose?.line == 2 && afterClose?.column == 4)
    }

    @Test func invalidUTF8IsAnError() {
        let error = syntaxError(Array("a,b\n1,".utf8) + [0xFF, 0xFE] + Array("\n".utf8))
        #expect(error?.kind == .invalidUTF8)
        #expect(error?.line == 2 && error?.column == 3)
    }

    @Test func trailingCommaAndEmptyFields() throws {
        #expect(try records("a,b,\n,,\n").map(\.fields) == [["a", "b", ""], ["", "", ""]])
        #expect(try records("a,").map(\.fields) == [["a", ""]])
        #expect(try records("").isEmpty)
        #expect(try records("\"\"").map(\.fields) == [[""]])
    }

    /// Random tables written with CSVWriter read back identically, from memory
    /// and streamed from disk in chunks of 1 to 64 bytes, so that every
    /// state of the reader meets a chunk boundary.
    @Test func roundTripsThroughTheWriterAcrossChunkBoundaries() throws {
        var random = SeededRandom(seed: 42)
        let alphabet = ["a", "b", "Z", "0", " ", ",", "\"", "\n", "\r\n", "é", "€", ";", "\t"]
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for round in 0..<200 {
            let columns = random.int(1...5)
            var table: [[String]] = []
            for _ in 0..<random.int(1...6) {
                table.append(
                    (0..<columns).map { _ in (0..<random.int(0...6)).map { _ in random.pick(alphabet) }.joined() })
            }
            // A record of one empty field is a blank line, which readers skip.
            if columns == 1 { table = table.map { $0 == [""] ? ["x"] : $0 } }
            var writer = CSVWriter(header: table[0])
            for row in table.dropFirst() { writer.append(row) }
            #expect(try records(writer.text).map(\.fields) == table, "round \(round): \(writer.text.debugDescription)")
            let path = directory + "/t.csv"
            try Data(writer.text.utf8).write(to: URL(fileURLWithPath: path))
            let chunk = random.int(1...64)
            let streamed = try Self.records(CSVReader(path: path, chunkSize: chunk))
            #expect(streamed == (try records(writer.text)), "round \(round), chunk \(chunk)")
        }
    }

    @Test func errorsAreTheSameWhenStreamed() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/bad.csv"
        try Data("id,name\n1,ok\n2,\"open\n3,x\n".utf8).write(to: URL(fileURLWithPath: path))
        for chunk in [1, 2, 3, 5, 8, 1 << 20] {
            let reader = try CSVReader(path: path, chunkSize: chunk)
            #expect(
                throws: CSVSyntaxError(
                    kind: .unclosedQuote, line: 3, column: 3, message: "quoted field opened here is never closed")
            ) {
                while try reader.next() {}
            }
        }
    }

    @Test func hugeFieldIsAnError() {
        let big = String(repeating: "x", count: CSVReader.maxFieldBytes + 1)
        #expect(syntaxError(Array("a\n\(big)\n".utf8))?.kind == .fieldTooLarge)
    }
}

@Suite struct DayAndMoneyTests {
    @Test func parsesAndFormatsISODates() {
        // 2000-01-01 is 10,957 days after 1970-01-01 (30 years, 7 of them leap).
        #expect(Day(iso: "2000-01-01")?.ordinal == 10_957)
        #expect(Day(iso: "1970-01-01")?.ordinal == 0)
        #expect(Day(ordinal: 10_957).iso == "2000-01-01")
        #expect(Day(iso: "2024-02-29") != nil)
        #expect(Day(iso: "2023-02-29") == nil)
        #expect(Day(iso: "2026-13-01") == nil)
        #expect(Day(iso: "2026-4-01") == nil)
        #expect(Day(iso: "01/02/2026") == nil)
    }

    @Test func windowsAreInclusive() {
        // "12 months" ending 2026-06-30 starts 2025-07-01 (364 days earlier).
        let window = DayWindow(endingOn: Day(iso: "2026-06-30")!, length: 365)
        #expect(window.first.iso == "2025-07-01")
        #expect(window.contains(Day(iso: "2025-07-01")!))
        #expect(!window.contains(Day(iso: "2025-06-30")!))
        #expect(!window.contains(Day(iso: "2026-07-01")!))
    }

    @Test func parsesMoneyExactly() {
        #expect(Money(decimal: "1500.50")?.cents == 150_050)
        #expect(Money(decimal: "499.5")?.cents == 49_950)
        #expect(Money(decimal: "-12")?.cents == -1_200)
        #expect(Money(decimal: "1.234") == nil)
        #expect(Money(decimal: "12a") == nil)
        #expect(Money(decimal: "") == nil)
        #expect(Money(decimal: "1,000") == nil)
        #expect(Money(cents: 1_234_567_89).grouped == "1,234,567.89")
        #expect(Money(cents: 150_050).groupedWhole == "1,501")
        #expect(Money(cents: 150_050).plain == "1500.50")
        #expect(Money(cents: 700_000).plain == "7000")
    }

    /// Thousands separators at each length where a comma appears or not,
    /// and at the ends of the range; negative amounts and cents below ten.
    @Test func groupsThousands() {
        let expected: [(UInt64, String)] = [
            (0, "0"), (7, "7"), (12, "12"), (999, "999"), (1_000, "1,000"), (12_345, "12,345"),
            (100_000, "100,000"), (999_999, "999,999"), (1_000_000, "1,000,000"), (12_345_678, "12,345,678"),
            (UInt64.max, "18,446,744,073,709,551,615"),
        ]
        for (value, text) in expected { #expect(Money.groupedDigits(value) == text) }
        #expect(Money(cents: -5).grouped == "-0.05" && Money(cents: 100_007).grouped == "1,000.07")
        #expect(Money(cents: -123_456_789).groupedWhole == "-1,234,568" && Money(cents: -49).groupedWhole == "0")
        #expect(Money(cents: Int64.min).grouped == "-92,233,720,368,547,758.08")
        #expect(Formatting.count(1_234) == "1,234" && Formatting.count(-1_234) == "-1,234")
    }
}

@Suite struct FrontMatterTests {
    @Test func splitsAndKeepsFileLineNumbers() throws {
        let split = try FrontMatter.split("---\ntitle: x\nwhen: a\n---\nBody\n")
        #expect(split.yaml == "\ntitle: x\nwhen: a")
        #expect(split.body == "Body\n")
        #expect(split.bodyLine == 5)
    }

    @Test func noFrontMatter() throws {
        #expect(try FrontMatter.split("# Hi\n").yaml == nil)
    }

    @Test func unclosedFrontMatterThrows() {
        #expect(throws: FrontMatter.SplitError.unclosed) { try FrontMatter.split("---\ntitle: x\n") }
    }
}

@Suite struct SlugTests {
    @Test func makesSafeFileNames() {
        #expect(Slug.make("ACC-0001") == "acc-0001")
        #expect(Slug.make("../../etc/passwd") == "etc-passwd")
        #expect(Slug.make("a/b\\c") == "a-b-c")
        #expect(Slug.make("tab\there\u{0}") == "tab-here")
        #expect(Slug.make("Café") == "cafue9")
        #expect(Slug.make("///") == "id")
    }

    @Test func resolvesCaseCollisionsDeterministically() {
        let slugs = Slug.assign(["acme", "ACME", "Acme"])
        // Sorted: "ACME" < "Acme" < "acme"; the first keeps the plain slug.
        #expect(slugs == ["ACME": "acme", "Acme": "acme-2", "acme": "acme-3"])
        #expect(Slug.assign(["acme", "Acme", "ACME"]) == slugs)
    }

    /// Issue 14, point 2: an id whose slug is a list page's name.
    @Test func neverGivesAListPagesName() {
        #expect(
            Slug.assign(["index", "Page-2", "page-10", "page-x", "pages-2", "INDEX"])
                == [
                    "INDEX": "index-2", "index": "index-3", "Page-2": "page-2-2", "page-10": "page-10-2",
                    "page-x": "page-x", "pages-2": "pages-2",
                ])
    }
}

@Suite struct CSVWriterTests {
    @Test func quotesOnlyWhatNeedsIt() {
        #expect(CSVWriter.quote("plain") == "plain")
        #expect(CSVWriter.quote("a,b") == "\"a,b\"")
        #expect(CSVWriter.quote("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVWriter.quote("two\r\nlines") == "\"two\r\nlines\"")
        #expect(CSVWriter.quote("\u{FEFF}x") == "\"\u{FEFF}x\"")
    }

    @Test func neutralisesFormulaCells() {
        #expect(CSVWriter.neutralised("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")")
        #expect(CSVWriter.neutralised("+1+2") == "'+1+2")
        #expect(CSVWriter.neutralised("-2+3") == "'-2+3")
        #expect(CSVWriter.neutralised("@SUM(A1)") == "'@SUM(A1)")
        #expect(CSVWriter.neutralised("\tcmd") == "'\tcmd")
        #expect(CSVWriter.neutralised("\rcmd") == "'\rcmd")
        #expect(CSVWriter.neutralised("-12.50") == "-12.50")
        #expect(CSVWriter.neutralised("Acme = best") == "Acme = best")
        #expect(CSVWriter.neutralised("") == "")
    }
}
