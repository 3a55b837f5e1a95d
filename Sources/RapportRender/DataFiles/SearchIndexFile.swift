import RapportAnalyze
import RapportCore

/// Search over accounts, reps, segments and playbooks from a static index
/// (`search-index.json`): the search page's script loads it and matches in
/// the browser; no server needed.
struct SearchIndexFile: DataFileKind {
    let name = "search-index"

    func count(_ site: PageBuilder) -> Int { 1 }

    func route(_ item: Int, _ site: PageBuilder) -> Route {
        Route(kind: name, path: PageBuilder.searchIndexPath, template: nil)
    }

    /// Playbook titles are in it.
    func inputs(_ route: Route, _ site: PageBuilder) -> [RouteInput] {
        site.sortedPlaybooks.map { .playbook($0.document.id) }
    }

    func file(_ route: Route, _ site: PageBuilder) -> DataFile { .whole(site.searchIndex()) }
}

extension PageBuilder {
    /// One entry per line: `{"t": title, "k": kind, "u": link from the
    /// root, "d": what else to match and show}`, in a fixed order: accounts by
    /// rank, reps, segments, prospects, playbooks.
    func searchIndex() -> OutputFile {
        var entries: [(title: String, kind: String, url: String, detail: String)] = []
        // By rank through positions: sorting the analyses themselves copied
        // every one of them (800 bytes each).
        for position in rankedAccounts {
            let a = portfolio.accounts[position]
            let owner = a.account.owner.map { repName($0) } ?? "no owner"
            entries.append(
                (
                    a.account.name, "Account", accountPath(a.account.id),
                    "\(a.account.id) · \(a.segmentLabel) · tier \(a.value.tier.rawValue) · \(owner) · "
                        + "risk \(a.risk.band.rawValue)"
                ))
        }
        for rep in repBriefs {
            let id = rep.repID, brief = rep.brief
            entries.append(
                (repName(id), "Rep", repBriefPath(id), "\(id) · \(brief.accounts.count) accounts"))
        }
        for segment in portfolio.segments {
            entries.append((segment.label, "Segment", segmentPath(segment.key), segment.pitch.headline))
        }
        for brief in portfolio.prospects {
            let prospect = brief.prospect
            entries.append(
                (
                    prospect.name, "Prospect", prospectPath(prospect.id),
                    "\(prospect.id) · \(prospect.industry ?? "industry unknown") · "
                        + "\(brief.sizeBand.map(CustomerVoices.sizeWords) ?? "size unknown") · "
                        + "\(prospect.owner.map { repName($0) } ?? "no owner")"
                ))
        }
        for playbook in model.playbooks.sorted(by: { $0.document.id < $1.document.id }) {
            entries.append(
                (
                    playbook.document.title, "Playbook", playbookPath(playbook.document.id),
                    playbook.pillar ?? ""
                ))
        }
        var bytes = Array("[\n".utf8)
        for (index, entry) in entries.enumerated() {
            bytes.appendUTF8("{\"t\":")
            JSON.quote(entry.title, into: &bytes)
            bytes.appendUTF8(",\"k\":")
            JSON.quote(entry.kind, into: &bytes)
            bytes.appendUTF8(",\"u\":")
            JSON.quote(entry.url, into: &bytes)
            bytes.appendUTF8(",\"d\":")
            JSON.quote(entry.detail, into: &bytes)
            bytes.appendUTF8(index == entries.count - 1 ? "}\n" : "},\n")
        }
        bytes.appendUTF8("]\n")
        return OutputFile(path: Self.searchIndexPath, bytes: bytes)
    }
}
