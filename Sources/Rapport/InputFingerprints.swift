import Foundation
import RapportCore

/// The size and modification time of every file a site is made from, taken
/// before loading: comparing two tells which inputs changed, so a
/// long-lived `Site` knows what a rebuild must redo (docs/ARCHITECTURE.md#where-things-live-and-how-to-add-one),
/// and a build knows whether an input changed while it read it. Size and
/// time, not a hash: reading a 100,000-account export again to hash it
/// would cost what loading costs.
///
/// Only inputs are looked at — `site.yaml` and what lies under the site's
/// `data/`, `playbooks/`, `pages/`, `templates/`, `assets/` and `themes/`,
/// and under a theme folder's `templates/` and `assets/` — so `rapport
/// serve`'s ten looks a second cost nothing for a site folder that also
/// holds 20,000 other files, and a file written beside the inputs every
/// 10 ms does not hold a rebuild back (issue 25). Links are followed, to
/// files and to folders that stay inside the folder they are in: an input
/// added as a link is watched like any other.
public struct InputFingerprints: Sendable, Equatable {
    public struct Fingerprint: Sendable, Equatable {
        public var size: Int64
        public var modified: Int64

        /// A regular file's, links followed (the file read is the target);
        /// nil for anything else or nothing.
        init?(of path: String) {
            var info = stat()
            guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
            size = Int64(info.st_size)
            modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        }
    }

    /// By path as found (folder + "/" + relative path).
    public private(set) var files: [String: Fingerprint] = [:]
    /// Input folders that exist but could not be listed, with why (too many
    /// open files, permissions): a scan that lost them must not be taken
    /// for inputs that were removed.
    public private(set) var unreadable: [String: String] = [:]

    public init() {}

    /// The input folders of a site, and of a theme folder.
    static let siteFolders = ["data", "playbooks", "pages", "templates", "assets", "themes"]
    static let themeFolders = ["templates", "assets"]

    /// Every input file of `site` and of `themes` (theme folders, which may
    /// lie inside the site), hidden ones and anything under `excluding`
    /// (the output folder, when it sits in the site) left out.
    public static func scan(site: String?, themes: [String] = [], excluding: String? = nil) -> InputFingerprints {
        var walk = Walk(excluded: excluding.map { URL(fileURLWithPath: $0).standardizedFileURL.path + "/" })
        let roots = ((site.map { [$0] } ?? []) + themes).map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        // A link back up to a root would walk the whole folder again.
        for root in roots { if let real = SiteBoundary(root: root).root { walk.visited.insert(real) } }
        if let site {
            let root = site.hasSuffix("/") ? String(site.dropLast()) : site
            walk.file(root + "/site.yaml")
            for folder in siteFolders { walk.folder(root + "/" + folder, boundary: root) }
        }
        for theme in themes {
            let themeRoot = theme.hasSuffix("/") ? String(theme.dropLast()) : theme
            for folder in themeFolders { walk.folder(themeRoot + "/" + folder, boundary: themeRoot) }
        }
        return walk.result
    }

    /// A walk through input folders with the system's own calls: Foundation's
    /// enumerator says nothing when a folder cannot be opened.
    struct Walk {
        let excluded: String?
        var result = InputFingerprints()
        /// Real paths of the folders walked, so links cannot make a cycle.
        var visited: Set<String> = []

        mutating func file(_ path: String) {
            if let fingerprint = Fingerprint(of: path) { result.files[path] = fingerprint }
        }

        /// `path`, a folder (or a link to one) inside `boundary`, and all below it.
        mutating func folder(_ path: String, boundary: String) {
            if let excluded, (URL(fileURLWithPath: path).standardizedFileURL.path + "/").hasPrefix(excluded) {
                return
            }
            guard let real = realpath(path, nil) else { return }
            let realPath = String(cString: real)
            free(real)
            guard visited.insert(realPath).inserted, let boundaryReal = SiteBoundary(root: boundary).root,
                realPath == boundaryReal || realPath.hasPrefix(boundaryReal + "/")
            else { return }
            guard let directory = opendir(path) else {
                if errno != ENOENT && errno != ENOTDIR {
                    result.unreadable[path] = String(cString: strerror(errno))
                }
                return
            }
            var names: [String] = []
            while true {
                errno = 0
                guard let entry = readdir(directory) else {
                    if errno != 0 { result.unreadable[path] = String(cString: strerror(errno)) }
                    break
                }
                let name = withUnsafePointer(to: entry.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
                }
                if !name.hasPrefix(".") { names.append(name) }
            }
            closedir(directory)
            for name in names.sorted() {
                let child = path + "/" + name
                var info = stat()
                guard stat(child, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFREG: file(child)
                case S_IFDIR: folder(child, boundary: boundary)
                default: continue
                }
            }
        }
    }

    /// These fingerprints, and those of `other`'s files that these lack:
    /// a second scan that adds folders keeps what the first one saw.
    public func merging(_ other: InputFingerprints) -> InputFingerprints {
        var result = self
        result.files.merge(other.files) { mine, _ in mine }
        result.unreadable.merge(other.unreadable) { mine, _ in mine }
        return result
    }

    /// Paths added, removed or changed since `earlier`, sorted.
    public func changes(since earlier: InputFingerprints) -> [String] {
        Set(files.keys).union(earlier.files.keys).filter { files[$0] != earlier.files[$0] }.sorted()
    }

    /// Those of these files whose size or time is not what it was when
    /// these fingerprints were taken (or that are gone): files written
    /// while they were being read (issue 25: `orders.csv` truncated in
    /// place during a build published 145,921 orders of 225,746).
    public func changedSinceTaken() -> [String] {
        files.keys.filter { Fingerprint(of: $0) != files[$0] }.sorted()
    }

    /// False, with an error for each, when a file changed since these
    /// fingerprints were taken (docs/guide.md#using-it, "The output folder"): what
    /// was read would mix two versions of the data, or part of a file.
    public func readWhole(_ diagnostics: inout Diagnostics) -> Bool {
        let changed = changedSinceTaken()
        for path in changed {
            diagnostics.error(
                .changedWhileRead, at: SourceLocation(file: path), stage: .load,
                "changed while it was being read: nothing written (run again once it is complete)")
        }
        return changed.isEmpty
    }
}
