import Foundation
import Rapport
import RapportCore
import RapportTestSupport
import Testing

/// Issue 25, point 8: small gaps in how inputs are read and shown.
@Suite struct InputGapTests {
    func site() -> (site: String, root: String) {
        let site = Fixtures.copy("basic-site")
        return (site, (site as NSString).deletingLastPathComponent)
    }

    /// `check` printed a CSV value's terminal escapes raw: ESC [2J cleared
    /// the screen, and a line of the user's terminal could be made to say
    /// anything. Every diagnostic shows control characters as escapes.
    @Test func controlCharactersInDiagnosticsAreShownNotSent() throws {
        let (site, root) = site()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let orders = site + "/data/orders.csv"
        Fixtures.write(
            Fixtures.read(orders).replacingOccurrences(
                of: "A1,2025-06-30,1000,", with: "A1,2025-06-3\u{1B}[2J\u{9B}31m,1000,"),
            to: orders)
        let run = try Binary.run(["check", "--site", site])
        #expect(run.status == 1)
        #expect(!run.stderr.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x9B }, "\(run.stderr)")
        #expect(run.stderr.contains("'2025-06-3\\u{1B}[2J\\u{9B}31m' is not a date"), "\(run.stderr)")
        // In the library too: what `serve` shows in the browser.
        let message = Diagnostic(
            .error, .invalidDate, at: SourceLocation(file: "a\u{7}.csv", line: 1), stage: .load, "x\u{0}y\u{202E}z")
        #expect(message.description == "a\\u{7}.csv:1: error: x\\u{0}y\\u{202E}z [load]")
    }

    /// A quoted value is cut at 200 characters: a 1 MB cell made every copy
    /// of the problems (one per open preview page) 1 MB.
    @Test func longQuotedValuesAreCut() {
        let long = String(repeating: "9", count: 5_000)
        let message = Diagnostic(
            .error, .invalidDate, at: SourceLocation(file: "f"), stage: .load, "'\(long)' is not a date"
        )
        .message
        #expect(message == "'" + String(repeating: "9", count: 200) + "… (5000 characters)' is not a date")
        let short = "column 'date': '2026-13-01' is not a date"
        #expect(Diagnostic(.error, .invalidDate, at: SourceLocation(file: "f"), stage: .load, short).message == short)
    }

    /// 200,000 `account_id` columns took minutes: each duplicate's column
    /// was counted again from the start of the line.
    @Test(.timeLimit(.minutes(1))) func aHeaderOfRepeatedColumnsIsReadInLinearTime() {
        let (site, root) = site()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let header = Array(repeating: "account_id", count: 200_000).joined(separator: ",")
        Fixtures.write(header + ",name\nA1,Alpha\n", to: site + "/data/accounts.csv")
        let result = Pipeline.check(BuildOptions(site: site), today: Fixtures.fixtureToday)
        let duplicates = result.diagnostics.errors.filter { $0.kind == .duplicateKey }
        #expect(duplicates.first?.location.column == 12)
        #expect(duplicates.first?.message == "column 'account_id' appears twice (also column 1)")
        #expect(result.diagnostics.hasErrors)
    }

    /// A FIFO named like a table blocked `check` forever on its open().
    @Test(.timeLimit(.minutes(1))) func aFIFOInDataIsRefusedWithoutOpeningIt() throws {
        let (site, root) = site()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.removeItem(atPath: site + "/data/orders.csv")
        #expect(mkfifo(site + "/data/orders.csv", 0o600) == 0)
        mkfifo(site + "/playbooks/pipe.md", 0o600)
        let result = Pipeline.check(BuildOptions(site: site), today: Fixtures.fixtureToday)
        let messages = result.diagnostics.errors.map(\.description)
        #expect(messages.contains { $0.contains("data/orders.csv: error: not a regular file (a FIFO)") }, "\(messages)")
        #expect(
            messages.contains { $0.contains("playbooks/pipe.md: error: not a regular file (a FIFO)") }, "\(messages)")
    }

    /// A NUL byte in an id reached `exports/accounts.csv`; an id with a
    /// control character is an error at its cell, and no export cell
    /// carries one.
    @Test func controlCharactersInIdsAreErrors() {
        let (site, root) = site()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let accounts = site + "/data/accounts.csv"
        Fixtures.write(Fixtures.read(accounts).replacingOccurrences(of: "A2,Beta", with: "A\u{0}2,Beta"), to: accounts)
        let result = Pipeline.check(BuildOptions(site: site), today: Fixtures.fixtureToday)
        #expect(
            result.diagnostics.errors.map(\.description).contains(
                "\(site)/data/accounts.csv:3:1: error: column 'account_id': 'A\\u{0}2' holds a control character "
                    + "(U+0000); ids must be printable [load]"),
            "\(result.diagnostics.sorted.map(\.description))")
        #expect(CSVWriter.neutralised("Alpha\u{0}Foods\u{1B}") == "Alpha\u{FFFD}Foods\u{FFFD}")
    }

    /// `\n=1+1` as a name: a spreadsheet that drops the leading line feed
    /// runs the formula. Any cell starting with a control character or a
    /// formula sign gets the guard; control characters other than line
    /// breaks and tabs become U+FFFD, as on the pages.
    @Test func formulaGuardCoversLeadingLineBreaksAndControls() {
        #expect(CSVWriter.neutralised("\n=1+1") == "'\n=1+1")
        #expect(CSVWriter.neutralised("\r\n=1+1") == "'\r\n=1+1")
        #expect(CSVWriter.neutralised("\t=1+1") == "'\t=1+1")
        #expect(CSVWriter.neutralised("\u{0}=1+1") == "'\u{FFFD}=1+1")
        // Line breaks inside a cell are data (a quote over two lines).
        #expect(CSVWriter.neutralised("Great\nservice") == "Great\nservice")
        #expect(CSVWriter.neutralised("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")")
        #expect(CSVWriter.neutralised("-12.50") == "-12.50" && CSVWriter.neutralised("Alpha") == "Alpha")
    }

    /// The orders files append cells through a fast path that copies cells
    /// needing no guard and no quotes: it must write exactly what quoting
    /// the neutralised cell writes, for each case the two rules treat.
    @Test func appendedCellsAreQuotedNeutralisedCells() {
        let cells = [
            "", "Alpha", "O-1001", "-12.50", "+1", "=1+1", "@SUM(A1)", "-x", "\n=1+1", "\t=1+1", "a\tb",
            "Great\nservice", "a,b", "say \"hi\"", "\u{FEFF}id", "\u{0}=1", "Alpha\u{1B}Foods", "Zoë", "日本,語",
            "Ünïcödé \"q\"", "\u{7F}", "é\u{301}\"",
        ]
        for cell in cells {
            var bytes = Array("x,".utf8)
            CSVWriter.appendCell(cell, to: &bytes)
            #expect(
                String(decoding: bytes, as: UTF8.self) == "x," + CSVWriter.quote(CSVWriter.neutralised(cell)), "\(cell)"
            )
        }
        for cents in [0, 5, 50, 100, 123_456, -5, -1_050, Int64.max, Int64.min] as [Int64] {
            var money: [UInt8] = []
            Money(cents: cents).appendPlain(to: &money)
            #expect(String(decoding: money, as: UTF8.self) == Money(cents: cents).plain)
        }
        #expect(Money(cents: -1_050).plain == "-10.50" && Money(cents: 5).plain == "0.05")
        #expect(Money(cents: 123_400).plain == "1234" && Money(cents: Int64.min).plain == "-92233720368547758.08")
    }
}
