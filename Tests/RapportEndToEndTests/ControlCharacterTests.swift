import Foundation
import Rapport
import RapportTestSupport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Issue 14, point 6: a rep named `Priya\x0cShah` or an account
/// `Pinecrest\x08Medical` made `feed.xml` malformed, so feed readers
/// rejected the whole feed. Control characters now reach no output.
@Suite struct ControlCharacterTests {
    @Test func controlCharactersInNamesLeaveTheFeedWellFormed() throws {
        let site = Fixtures.copy("basic-site")
        let root = (site as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: root) }
        let reps = Fixtures.read(site + "/data/reps.csv")
        Fixtures.write(reps.replacingOccurrences(of: "Rita Ames", with: "Priya\u{0C}Shah"), to: site + "/data/reps.csv")
        let accounts = Fixtures.read(site + "/data/accounts.csv")
        Fixtures.write(
            accounts.replacingOccurrences(of: "Alpha Foods", with: "Pinecrest\u{08}Medical"),
            to: site + "/data/accounts.csv")
        let result = Pipeline.build(
            Fixtures.options(site: site, output: root + "/out"), today: Fixtures.fixtureToday)
        #expect(result.succeeded, "\(result.diagnostics.sorted)")
        let feed = try Data(contentsOf: URL(fileURLWithPath: root + "/out/feed.xml"))
        let parser = XMLParser(data: feed)
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        let text = String(decoding: feed, as: UTF8.self)
        #expect(text.contains("Priya\u{FFFD}Shah"))
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" && $0 != "\r" })
        let brief = Fixtures.read(root + "/out/accounts/a1.html")
        #expect(brief.contains("Pinecrest\u{FFFD}Medical"))
        #expect(!brief.unicodeScalars.contains { $0.value == 0x08 || $0.value == 0x0C })
    }
}
