import RapportAnalyze
import RapportCore

/// `feed.xml`: the weekly briefs as an Atom feed (RFC 4287), one entry for
/// the team and one per rep. Entry ids include the as-of date, so each
/// week's rebuild is a new entry in a reader and the same week rebuilt is not.
struct FeedFile: DataFileKind {
    let name = "feed"

    func count(_ site: PageBuilder) -> Int { 1 }

    func route(_ item: Int, _ site: PageBuilder) -> Route {
        Route(kind: name, path: PageBuilder.feedPath, template: nil)
    }

    func file(_ route: Route, _ site: PageBuilder) -> DataFile { .whole(site.feed()) }
}

extension PageBuilder {
    func feed() -> OutputFile {
        let base = model.settings.baseURL
        let updated = portfolio.asOf.iso + "T00:00:00Z"
        let week = Formatting.longDate(portfolio.asOf)
        func link(_ path: String) -> String { (base ?? "") + path }
        func id(_ path: String) -> String {
            base.map { $0 + path + "#" + portfolio.asOf.iso }
                ?? Self.uuid(model.settings.title + "|" + path + "|" + portfolio.asOf.iso)
        }
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        xml += "<title>\(HTML.escape(model.settings.title)): weekly briefs</title>\n"
        xml += "<id>\(HTML.escape(base.map { $0 + Self.feedPath } ?? Self.uuid(model.settings.title + "|feed")))</id>\n"
        xml += "<updated>\(updated)</updated>\n"
        xml += "<author><name>\(HTML.escape(model.settings.title))</name></author>\n"
        xml += "<link rel=\"self\" href=\"\(HTML.escape(link(Self.feedPath)))\"/>\n"
        xml += "<link rel=\"alternate\" type=\"text/html\" href=\"\(HTML.escape(link(Self.homePath)))\"/>\n"
        var entries = [(title: "Team, week of \(week)", path: Self.homePath, brief: teamBrief)]
        entries += repBriefs.map {
            ("\(repName($0.repID)), week of \(week)", repBriefPath($0.repID), $0.brief)
        }
        for entry in entries {
            xml += "<entry>\n<title>\(HTML.escape(entry.title))</title>\n"
            xml += "<id>\(HTML.escape(id(entry.path)))</id>\n<updated>\(updated)</updated>\n"
            xml += "<link rel=\"alternate\" type=\"text/html\" href=\"\(HTML.escape(link(entry.path)))\"/>\n"
            xml += "<summary>\(HTML.escape(summary(entry.brief)))</summary>\n"
            xml += "<content type=\"html\">\(HTML.escape(feedContent(entry.brief, root: base ?? "")))</content>\n"
            xml += "</entry>\n"
        }
        return OutputFile(path: Self.feedPath, text: xml + "</feed>\n")
    }

    func summary(_ brief: WeeklyBrief) -> String {
        "\(brief.overdueCount) reviews overdue, \(brief.dueCount) due in the next 7 days; "
            + "\(format.money(brief.revenueAtRisk)) of 12-month revenue at high risk; "
            + "\(RiskAnalysis.plural(brief.changes.count, "account")) changed since last week."
    }

    func feedContent(_ brief: WeeklyBrief, root: String) -> String {
        func name(_ a: AccountAnalysis) -> String {
            let text = HTML.escape(a.account.name)
            return root.isEmpty ? text : "<a href=\"\(HTML.escape(root + accountPath(a.account.id)))\">\(text)</a>"
        }
        var html = "<p>\(HTML.escape(summary(brief)))</p>"
        func list(_ heading: String, _ items: [String]) {
            guard !items.isEmpty else { return }
            html += "<h3>\(HTML.escape(heading))</h3><ul>"
            for item in items.prefix(10) { html += "<li>\(item)</li>" }
            if items.count > 10 { html += "<li>and \(items.count - 10) more</li>" }
            html += "</ul>"
        }
        list(
            "Since last week",
            brief.changes.map {
                "\(name($0.account)): \(HTML.escape(changeNotes($0.detail, $0.account).joined(separator: "; ")))"
            })
        list(
            "Reviews",
            brief.reviews.map {
                "\(name($0)): \($0.opportunity.overdue ? "overdue since" : "due") "
                    + "\($0.opportunity.nextReview?.iso ?? "—")"
            })
        list(
            "Most valuable at risk",
            brief.atRisk.map { "\(name($0)): \(HTML.escape(format.money($0.value.revenue12m))), risk \($0.risk.score)" }
        )
        return html
    }

    /// A name-based UUID (RFC 4122 layout, version 8) from two FNV-1a
    /// hashes: stable across builds and machines, with no crypto dependency.
    static func uuid(_ name: String) -> String {
        func fnv(_ seed: UInt64) -> UInt64 {
            var hash = seed
            for byte in name.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
            return hash
        }
        var high = fnv(0xcbf2_9ce4_8422_2325), low = fnv(0x8422_2325_cbf2_9ce4)
        high = (high & ~0xF000) | 0x8000
        low = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        func hex(_ value: UInt64, _ digits: Int) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: max(0, digits - text.count)) + text
        }
        let h = hex(high, 16), l = hex(low, 16)
        return "urn:uuid:\(h.prefix(8))-\(h.dropFirst(8).prefix(4))-\(h.suffix(4))-\(l.prefix(4))-\(l.suffix(12))"
    }
}
