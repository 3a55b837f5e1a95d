import Foundation
import RapportCore
import RapportLoad
import RapportTestSupport
import Testing

/// One file per kind of bad input in `Fixtures/bad-csv/TABLE.CASE.csv`,
/// dropped into the fixture site in place of that table; each must give
/// exactly the diagnostic listed here (kind, line, column), worked out by
/// reading the file.
@Suite struct BadInputCorpusTests {
    struct Case: Sendable, CustomStringConvertible {
        var file: String
        var kind: DiagnosticKind
        var line: Int?
        var column: Int?
        var message: String? = nil
        var description: String { file }
    }

    static let cases: [Case] = [
        // The quote before SO-2 opens on line 3 at character 19 and never closes.
        Case(file: "orders.unclosed-quote.csv", kind: .unclosedQuote, line: 3, column: 19),
        Case(file: "orders.stray-quote.csv", kind: .strayQuote, line: 2, column: 21),
        Case(file: "orders.field-count.csv", kind: .fieldCount, line: 2, column: 1),
        // 2026 is not a leap year.
        Case(
            file: "orders.impossible-date.csv", kind: .invalidDate, line: 2, column: 4,
            message: "column 'date': '2026-02-29' is not a date (expected YYYY-MM-DD)"),
        Case(file: "orders.not-a-number.csv", kind: .invalidNumber, line: 2, column: 15),
        Case(file: "orders.negative-quantity.csv", kind: .negativeValue, line: 2, column: 19),
        Case(
            file: "orders.missing-column.csv", kind: .missingColumn, line: 1, column: 1,
            message: "missing required column date; found: account_id, when, amount"),
        Case(file: "orders.empty.csv", kind: .emptyFile, line: nil, column: nil),
        Case(file: "orders.header-only.csv", kind: .headerOnly, line: 1, column: nil),
        // "caf\u{E9}" in Latin-1: the sku field starts at character 19.
        Case(file: "orders.non-utf8.csv", kind: .invalidUTF8, line: 2, column: 19),
        Case(file: "interactions.unknown-enum.csv", kind: .invalidEnum, line: 2, column: 15),
        Case(
            file: "accounts.duplicate-key.csv", kind: .duplicateKey, line: 4, column: 1,
            message: "duplicate account key 'A1' (first on line 2)"),
        Case(file: "accounts.negative-budget.csv", kind: .negativeValue, line: 2, column: 10),
        Case(file: "accounts.bad-boolean.csv", kind: .invalidBoolean, line: 2, column: 10),
        Case(file: "feedback.nps-out-of-range.csv", kind: .invalidNumber, line: 2, column: 15),
    ]

    func load(_ file: String) -> (Diagnostics, String) {
        let site = Fixtures.copy("basic-site")
        let table = String(file.split(separator: ".")[0])
        let target = site + "/data/\(table).csv"
        try? FileManager.default.removeItem(atPath: target)
        try! FileManager.default.copyItem(atPath: Fixtures.directory + "/bad-csv/" + file, toPath: target)
        let diagnostics = SiteLoader.load(directory: site).1
        try? FileManager.default.removeItem(atPath: (site as NSString).deletingLastPathComponent)
        return (diagnostics, target)
    }

    @Test(arguments: cases) func reportsTheProblemAtItsPlace(_ expected: Case) {
        let (diagnostics, target) = load(expected.file)
        #expect(diagnostics.errors.count == 1, "\(diagnostics.sorted)")
        let error = diagnostics.errors.first
        #expect(error?.kind == expected.kind)
        #expect(error?.location.file == target)
        #expect(error?.location.line == expected.line)
        #expect(error?.location.column == expected.column)
        #expect(error?.stage == .load)
        if let message = expected.message { #expect(error?.message == message) }
    }

    @Test func hugeFieldIsReportedWhereItStarts() {
        let site = Fixtures.copy("basic-site")
        defer { try? FileManager.default.removeItem(atPath: (site as NSString).deletingLastPathComponent) }
        let huge = String(repeating: "x", count: CSVReader.maxFieldBytes + 10)
        Fixtures.write("account_id,name\nA1,Alpha\nA2,\"\(huge)\"\n", to: site + "/data/accounts.csv")
        let error = SiteLoader.load(directory: site).1.errors.first
        #expect(error?.kind == .fieldTooLarge)
        #expect(error?.location.line == 3 && error?.location.column == 4)
    }

    @Test func bomAndCRLFAreFine() {
        let (diagnostics, _) = load("orders.bom-crlf.csv")
        #expect(diagnostics.errors.isEmpty, "\(diagnostics.sorted)")
    }

    @Test func errorsAreCappedButCounted() {
        let site = Fixtures.copy("basic-site")
        defer { try? FileManager.default.removeItem(atPath: (site as NSString).deletingLastPathComponent) }
        let rows = (1...250).map { "A1,2026-01-05,bad\($0)" }.joined(separator: "\n")
        Fixtures.write("account_id,date,amount\n" + rows + "\n", to: site + "/data/orders.csv")
        let diagnostics = SiteLoader.load(directory: site).1
        #expect(diagnostics.errorCount == 200)
        #expect(diagnostics.droppedErrors == 50)
        #expect(diagnostics.summary == "250 errors, 0 warnings (50 errors not shown)")
    }
}
