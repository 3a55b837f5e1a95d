import RapportCore
import Testing

@testable import RapportLoad

@Suite struct CSVReaderTests {
    func records(_ text: String) throws -> [CSVRecord] {
        var reader = CSVReader(bytes: Array(text.utf8))
        var result: [CSVRecord] = []
        while let record = try reader.next() { result.append(record) }
        return result
    }

    func syntaxError(_ bytes: [UInt8]) -> CSVSyntaxError? {
        var reader = CSVReader(bytes: bytes)
        do {
            while try reader.next() != nil {}
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
        // "plain" starts at character 3 of line 4.
        #expect(rows[2].starts[1].line == 4 && rows[2].starts[1].column == 3)
    }

    @Test func acceptsCRLFAndBOM() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a,b\r\n1,2\r\n".utf8)
        var reader = CSVReader(bytes: bytes)
        #expect(try reader.next()?.fields == ["a", "b"])
        #expect(try reader.next()?.fields == ["1", "2"])
        #expect(try reader.next() == nil)
    }

    @Test func lastLineWithoutNewline() throws {
        #expect(try records("a,b\n1,2").map(\.fields) == [["a", "b"], ["1", "2"]])
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let rows = try records("é,ü,x\n")
        #expect(rows[0].starts.map(\.column) == [1, 3, 5])
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
}
