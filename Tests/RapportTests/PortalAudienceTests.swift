import Foundation
import Rapport
import RapportCore
import RapportLoad
import RapportTestSupport
import Testing

/// Issue 26, point 1: one portal per audience, each naming only its own
/// customers (docs/guide.md#publishing-privately).
@Suite struct PortalAudienceTests {
    func errors(_ yaml: String) -> [String] {
        var diagnostics = Diagnostics()
        _ = SiteConfig.parse(yaml, file: "site.yaml", diagnostics: &diagnostics)
        return diagnostics.errors.map { "\($0.location.line ?? 0):\($0.location.column ?? 0) \($0.message)" }
    }

    @Test func portalsAreReadWithTheirOptions() {
        var diagnostics = Diagnostics()
        let config = SiteConfig.parse(
            "portals:\n  team: {}\n  reps: { encrypt: true }\n  teams:\n", file: "site.yaml", diagnostics: &diagnostics)
        #expect(diagnostics.errors.isEmpty)
        #expect(
            config.settings.portals
                == PortalSettings(kinds: [.team: .init(), .reps: .init(encrypt: true), .teams: .init()]))
        #expect(SiteConfig.parse("title: x\n", file: "site.yaml", diagnostics: &diagnostics).settings.portals == nil)
        #expect(
            errors("portals:\n  managers: {}\n  reps: 3\n") == [
                "2:3 'portals': no audience 'managers' (audiences: team, reps, teams)",
                "3:9 'portals.reps' must be {} or { encrypt: true }",
                "2:3 'portals' names no audience (team, reps, teams)",
            ])
        #expect(
            errors("portals: yes\n") == [
                "1:10 'portals' must be a mapping of audiences (team, reps, teams), each {} or { encrypt: true }"
            ])
    }

    /// Every file of a portal, as written and decoded (HTML entities, JSON
    /// escapes, percent-encoding), with its path.
    static func texts(under root: String) -> [(path: String, text: String)] {
        var result: [(String, String)] = []
        for (path, data) in Fixtures.snapshot(root) {
            let raw = String(decoding: data, as: UTF8.self)
            var decoded = [raw, path]
            if raw.contains("%") { decoded.append(raw.removingPercentEncoding ?? raw) }
            if raw.contains("&") { decoded.append(Self.unescapingHTML(raw)) }
            if raw.contains("\\u") { decoded.append(Self.unescapingJSON(raw)) }
            for text in decoded { result.append((path, text)) }
        }
        return result
    }

    /// How often `needle` stands in `haystack`: Foundation's search, built
    /// optimised, where a loop in this debug-built test took seconds.
    static func count(_ needle: Data, in haystack: Data) -> Int {
        guard !needle.isEmpty else { return 0 }
        var found = 0
        var start = haystack.startIndex
        while let range = haystack.range(of: needle, in: start..<haystack.endIndex) {
            found += 1
            start = range.lowerBound + 1
        }
        return found
    }

    /// Whether `needle` stands in `haystack` with no letter or digit on
    /// either side (ACC-0003 is not in ACC-00031).
    static func standsAlone(_ needle: Data, in haystack: Data) -> Bool {
        var start = haystack.startIndex
        while let range = haystack.range(of: needle, in: start..<haystack.endIndex) {
            func isWord(_ index: Int) -> Bool {
                guard index >= haystack.startIndex && index < haystack.endIndex else { return false }
                let byte = haystack[index]
                return (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
            }
            if !isWord(range.lowerBound - 1) && !isWord(range.upperBound) { return true }
            start = range.lowerBound + 1
        }
        return false
    }

    static func unescapingHTML(_ text: String) -> String {
        var result = text
        for (entity, character) in [("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'")] {
            result = result.replacingOccurrences(of: entity, with: character)
        }
        guard result.contains("&#") else { return result }
        return result.replacing(/&#(x?)([0-9A-Fa-f]+);/) { match in
            let value = UInt32(match.output.2, radix: match.output.1.isEmpty ? 10 : 16) ?? 0x3F
            return String(Character(Unicode.Scalar(value) ?? "?"))
        }
    }

    static func unescapingJSON(_ text: String) -> String {
        text.replacing(/\\u([0-9A-Fa-f]{4})/) { match in
            String(Character(Unicode.Scalar(UInt32(match.output.1, radix: 16) ?? 0x3F) ?? "?"))
        }.replacingOccurrences(of: "\\/", with: "/")
    }

    /// The demo with a portal per rep and per team: none names a customer
    /// another rep owns (a sister company's prospect of the same name is
    /// its own), and every portal names every account it owns.
    @Test func aRepsPortalNamesOnlyItsOwnCustomers() throws {
        let root = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let site = root + "/content"
        try FileManager.default.copyItem(atPath: Fixtures.packageRoot + "/content", toPath: site)
        Fixtures.write(
            Fixtures.read(site + "/site.yaml") + "portals:\n  team: {}\n  reps: {}\n  teams: {}\n",
            to: site + "/site.yaml")
        let result = Pipeline.build(BuildOptions(site: site, output: root + "/out"), today: Fixtures.fixtureToday)
        #expect(result.succeeded, "\(result.diagnostics.sorted.map(\.description))")
        var diagnostics = Diagnostics()
        let (model, _) = SiteLoader.load(directory: site)
        _ = diagnostics
        let teams = Dictionary(model.reps.map { ($0.id, $0.team ?? "") }, uniquingKeysWith: { first, _ in first })
        let audiences: [(folder: String, owns: (Account) -> Bool, prospects: Set<String>)] =
            Set(model.accounts.compactMap(\.owner)).sorted().map { rep in
                (
                    "reps/" + Slug.make(rep.text), { $0.owner == rep },
                    Set(model.prospects.filter { $0.owner == rep }.map(\.name))
                )
            }
            + Set(teams.values).filter { !$0.isEmpty }.sorted().map { team in
                (
                    "teams/" + Slug.make(team), { $0.owner.map { teams[$0] == team } ?? false },
                    Set(model.prospects.filter { $0.owner.map { teams[$0] == team } ?? false }.map(\.name))
                )
            }
        #expect(audiences.count == 4 + 2)
        for audience in audiences {
            let own = Set(model.accounts.filter(audience.owns).map(\.name)).union(audience.prospects)
                .sorted { $0.count > $1.count }
            let others = Set(model.accounts.filter { !audience.owns($0) }.map(\.name)).subtracting(own)
            var named = Set<String>()
            let ownBytes = own.map { Data($0.utf8) }
            let otherBytes = others.map { ($0, Data($0.utf8)) }
            // Ids as written and as file names (ACC-0033, acc-0033).
            let otherIDs = model.accounts.filter { !audience.owns($0) }.flatMap { account in
                [account.id.text, Slug.make(account.id.text)].map { ($0, Data($0.utf8)) }
            }
            for (path, text) in Self.texts(under: root + "/out/" + audience.folder) {
                let bytes = Data(text.utf8)
                for (index, name) in ownBytes.enumerated() where Self.count(name, in: bytes) > 0 {
                    named.insert(own[index])
                }
                for (name, needle) in otherBytes {
                    let found = Self.count(needle, in: bytes)
                    guard found > 0 else { continue }
                    // Inside an own name that contains it ("Summit Power" in
                    // "Summit Power, Inc."), it names the own account.
                    let inside = ownBytes.filter { $0.count > needle.count && Self.count(needle, in: $0) > 0 }
                        .reduce(0) { $0 + Self.count($1, in: bytes) }
                    if found > inside { Issue.record("\(audience.folder)/\(path) names \(name), not its customer") }
                }
                for (id, needle) in otherIDs where Self.standsAlone(needle, in: bytes) {
                    Issue.record("\(audience.folder)/\(path) names the id \(id), not its customer's")
                }
            }
            let owned = Set(model.accounts.filter(audience.owns).map(\.name))
            #expect(owned.isSubset(of: named), "\(audience.folder): \(owned.subtracting(named).sorted())")
            #expect(!owned.isEmpty)
        }
        // The team's portal is the whole portal, in its folder.
        #expect(FileManager.default.fileExists(atPath: root + "/out/team/accounts/acc-0001.html"))
    }
}
