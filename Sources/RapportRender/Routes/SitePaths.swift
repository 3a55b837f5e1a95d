import RapportCore

/// Where every output file goes, from the output root: made here and
/// nowhere else, so a link and the file it points at cannot disagree.
extension PageBuilder {
    static let homePath = "index.html"
    static let repListPath = "reps/index.html"
    static let segmentListPath = "segments/index.html"
    static let prospectListPath = "prospects/index.html"
    static let problemsPath = "problems/index.html"
    static let playbookListPath = "playbooks/index.html"
    static let searchPath = "search.html"
    static let scoresPath = "scores/index.html"
    public static let searchIndexPath = "search-index.json"
    public static let feedPath = "feed.xml"

    /// A playbook's page, from the output root: made here only.
    func playbookPath(_ id: String) -> String { "playbooks/\(playbookSlugs[id] ?? Slug.make(id)).html" }

    func repPath(_ id: RepID) -> String { "reps/\(repSlugs[id] ?? Slug.make(id.text))/" }

    public func accountPath(_ id: AccountID) -> String { "accounts/\(accountSlug(id)).html" }

    /// Every order line of an account, beside its brief.
    public func accountOrdersPath(_ id: AccountID) -> String { "accounts/\(accountSlug(id))-orders.csv" }

    private func accountSlug(_ id: AccountID) -> String { accountSlugs[id] ?? Slug.make(id.text) }

    func accountListPath(_ page: Int) -> String { page == 0 ? "accounts/index.html" : "accounts/page-\(page + 1).html" }

    func segmentPath(_ key: String) -> String { "segments/\(segmentSlugs[key] ?? Slug.make(key)).html" }

    /// A rep's folder, with its weekly brief, packet and e-mail.
    func repBriefPath(_ id: RepID) -> String { repPath(id) + "index.html" }
    func packetPath(_ id: RepID) -> String { repPath(id) + "packet.html" }
    func emailPath(_ id: RepID) -> String { repPath(id) + "email.html" }

    func prospectPath(_ id: ProspectID) -> String {
        "prospects/\(prospectSlugs[id] ?? Slug.make(id.text)).html"
    }

    func freePagePath(_ id: String) -> String { "pages/\(pageSlugs[id] ?? Slug.make(id)).html" }
}
