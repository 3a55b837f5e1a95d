import RapportAnalyze
import RapportCore

/// One output file of the portal: its kind, whom it is for, where it goes
/// and which template draws it. Cheap to list (a portal's routes are all
/// listed before any is made); the page or file is made only when the route
/// is rendered, so a large portal never holds all its pages at once.
public struct Route: Sendable, Hashable {
    /// The name of the `RouteKind` that made it ("account", "feed").
    public let kind: String
    public let scope: BriefScope
    /// From the output root.
    public let path: String
    /// The theme template that draws it; nil for a data file.
    public let template: String?
    /// Its place among its kind's routes: an account's position in the
    /// portfolio, a rep brief's, a page of the accounts list's.
    public let position: Int

    init(kind: String, scope: BriefScope = .team, path: String, template: String?, position: Int = 0) {
        self.kind = kind
        self.scope = scope
        self.path = path
        self.template = template
        self.position = position
    }
}

/// What a route is made from besides the loaded data and its analysis
/// (which every route reads): a rebuild after an edit of one of these
/// re-makes only the routes that list it (`rapport serve`, issue 17). The
/// templates a route depends on follow from its template and the theme.
public enum RouteInput: Sendable, Hashable {
    /// The navigation bar: the titles of the free pages, on every page.
    case navigation
    /// A playbook's text: its page, and the briefs and prospects it matches.
    case playbook(String)
    /// A free page's text.
    case document(String)
}

/// A kind of output file: which routes a site has of it, and what each is
/// made from. Adding a kind is one file (a `PageKind` or `DataFileKind`)
/// plus its template, and one line in `RouteKinds.all`.
protocol RouteKind: Sendable {
    var name: String { get }
    /// How many routes of this kind the site has.
    func count(_ site: PageBuilder) -> Int
    /// The route of item `item` (0..<count), made when it is asked for: a
    /// build holds its routes as (kind, item) pairs, not 100,000 paths.
    func route(_ position: Int, _ site: PageBuilder) -> Route
    func inputs(_ route: Route, _ site: PageBuilder) -> [RouteInput]
}

extension RouteKind {
    func routes(_ site: PageBuilder) -> [Route] { (0..<count(site)).map { route($0, site) } }

    /// Pages with the navigation bar depend on it; that is all most have.
    func inputs(_ route: Route, _ site: PageBuilder) -> [RouteInput] {
        route.template == nil ? [] : [.navigation]
    }
}

/// A page drawn by a theme template.
protocol PageKind: RouteKind {
    func page(_ route: Route, _ site: PageBuilder) -> Page
}

/// One page per rep with accounts, in rep-id order, each scoped to its rep:
/// the weekly brief, the review packet, the e-mail.
protocol RepPageKind: PageKind {
    var template: String { get }
    func path(_ repID: RepID, _ site: PageBuilder) -> String
    func page(_ rep: RepBrief, _ site: PageBuilder) -> Page
}

extension RepPageKind {
    func count(_ site: PageBuilder) -> Int { site.repBriefs.count }

    func route(_ position: Int, _ site: PageBuilder) -> Route {
        let id = site.repBriefs[position].repID
        return Route(kind: name, scope: .rep(id), path: path(id, site), template: template, position: position)
    }

    func page(_ route: Route, _ site: PageBuilder) -> Page { page(site.repBriefs[route.position], site) }
}

/// A file that is not a page: an export, the search index, the feed.
protocol DataFileKind: RouteKind {
    func file(_ route: Route, _ site: PageBuilder) -> DataFile
}

/// A data file's bytes: whole, or in chunks made as they are written (the
/// accounts export is 300 MB at 100,000 accounts).
public enum DataFile: Sendable {
    case whole(OutputFile)
    case streamed(StreamedFile)

    public var path: String {
        switch self {
        case .whole(let file): return file.path
        case .streamed(let file): return file.path
        }
    }
}

/// Every kind of output file, in output order.
enum RouteKinds {
    static let all: [any RouteKind] = [
        HomePage(), AccountListPages(), AccountPages(), RepListPage(), RepBriefPages(), PacketPages(), EmailPages(),
        SegmentListPage(), SegmentPages(), ProspectListPage(), ProspectPages(), ProblemsPage(), PlaybookListPage(),
        PlaybookPages(), FreePages(), SearchPage(), ScoresPage(),
        AccountExports(), SearchIndexFile(), FeedFile(), AccountOrderFiles(),
    ]

    static let byName: [String: any RouteKind] = Dictionary(
        all.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
}

/// A route by its kind's place in `RouteKinds.all` and its position among its kind's: 8 bytes,
/// where a `Route` with its path is a hundred.
public struct RouteReference: Sendable, Hashable {
    public let kind: Int32
    let position: Int32
}

extension PageBuilder {
    /// Every output file of the portal but the theme's assets, in output order.
    public func routes() -> [Route] { RouteKinds.all.flatMap { $0.routes(self) } }

    /// The same routes as references, pages (drawn by a template) and data
    /// files apart, in output order.
    public func routeReferences() -> (pages: [RouteReference], dataFiles: [RouteReference]) {
        var pages: [RouteReference] = [], dataFiles: [RouteReference] = []
        for (index, kind) in RouteKinds.all.enumerated() {
            let references = (0..<kind.count(self)).map { RouteReference(kind: Int32(index), position: Int32($0)) }
            if kind is any PageKind { pages += references } else { dataFiles += references }
        }
        return (pages, dataFiles)
    }

    /// The paths of every route of one kind (`Route.reviewPacketKind`: the
    /// review packets `build --pdf` prints).
    public func paths(ofKind name: String) -> [String] {
        guard let kind = RouteKinds.byName[name] else { return [] }
        return (0..<kind.count(self)).map { kind.route($0, self).path }
    }

    /// The route a reference stands for.
    public func route(_ reference: RouteReference) -> Route {
        RouteKinds.all[Int(reference.kind)].route(Int(reference.position), self)
    }

    /// The page of a route drawn by a template.
    public func page(_ route: Route) -> Page {
        guard let kind = RouteKinds.byName[route.kind] as? any PageKind else {
            preconditionFailure("route \(route.path) of kind \(route.kind) is not a page")
        }
        return kind.page(route, self)
    }

    /// The bytes of a data-file route.
    public func dataFile(_ route: Route) -> DataFile {
        guard let kind = RouteKinds.byName[route.kind] as? any DataFileKind else {
            preconditionFailure("route \(route.path) of kind \(route.kind) is not a data file")
        }
        return kind.file(route, self)
    }

    /// What the route is made from besides the data and its analysis.
    public func inputs(of route: Route) -> [RouteInput] {
        RouteKinds.byName[route.kind]?.inputs(route, self) ?? []
    }
}
