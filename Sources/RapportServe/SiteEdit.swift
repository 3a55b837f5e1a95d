import RapportRender

/// What a batch of changed files asks a rebuild to redo (docs/reference.md#commands,
/// `serve`): the data or `site.yaml` → load and analyse again, then render
/// everything; playbooks and free pages → read them again and re-render the
/// routes that read them; templates → re-render the pages they draw;
/// assets → copy them again. Other files in the site folder are not inputs.
struct SiteEdit: Equatable {
    var reload = false
    /// Playbook and free-page ids, as `RouteInput`s.
    var documents: Set<RouteInput> = []
    var templates: Set<String> = []
    var assets = false
    /// The changed inputs, relative to the site or theme folder, for the message.
    var files: [String] = []

    var isEmpty: Bool { !reload && documents.isEmpty && templates.isEmpty && !assets }

    /// - Parameters:
    ///   - site: the site folder as given.
    ///   - themeFolders: the theme's folders besides the site's own.
    init(_ changed: [String], site: String, themeFolders: [String]) {
        for path in changed {
            guard let (root, relative) = Self.split(path, under: [site] + themeFolders) else { continue }
            let parts = relative.split(separator: "/").map(String.init)
            guard let first = parts.first else { continue }
            let name = parts.last!
            let stem = name.contains(".") ? String(name[..<name.lastIndex(of: ".")!]) : name
            switch (root == site, first, parts.count) {
            case (true, "site.yaml", 1), (true, "data", _):
                reload = true
            case (true, "playbooks", 2) where name.hasSuffix(".md"):
                documents.insert(.playbook(stem))
            case (true, "pages", 2) where name.hasSuffix(".md"):
                documents.insert(.document(stem))
            case (_, "templates", 2...) where name.hasSuffix(".mustache"):
                templates.insert(
                    parts.dropFirst().joined(separator: "/").replacingOccurrences(of: ".mustache", with: ""))
            case (_, "assets", 2...):
                assets = true
            default:
                continue
            }
            files.append(root == site ? relative : path)
        }
    }

    private static func split(_ path: String, under roots: [String]) -> (String, String)? {
        for root in roots.sorted(by: { $0.count > $1.count }) {
            let prefix = root.hasSuffix("/") ? root : root + "/"
            if path.hasPrefix(prefix) { return (root, String(path.dropFirst(prefix.count))) }
        }
        return nil
    }
}
