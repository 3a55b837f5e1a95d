import Foundation

/// The size and modification time of every file a site was made from (the
/// site folder and a theme folder), taken before loading: comparing two
/// tells which inputs changed, so a long-lived `Site` knows what a rebuild
/// must redo (README, *Developing*). Size and time, not a hash: reading a
/// 100,000-account export again to hash it would cost what loading costs.
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

    public init() {}

    /// Every regular file below `folders`, hidden ones and anything under
    /// `excluding` (the output folder, when it sits in the site) left out.
    public static func scan(_ folders: [String], excluding: String? = nil) -> InputFingerprints {
        var result = InputFingerprints()
        let excluded = excluding.map { URL(fileURLWithPath: $0).standardizedFileURL.path + "/" }
        for folder in folders {
            guard let enumerator = FileManager.default.enumerator(atPath: folder) else { continue }
            while let relative = enumerator.nextObject() as? String {
                let path = folder + "/" + relative
                if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
                if let excluded, (URL(fileURLWithPath: path).standardizedFileURL.path + "/").hasPrefix(excluded) {
                    continue
                }
                guard let fingerprint = Fingerprint(of: path) else { continue }
                result.files[path] = fingerprint
            }
        }
        return result
    }

    /// Those of these files, read as inputs, whose size or time is not what
    /// it was when these fingerprints were taken (or that are gone): files
    /// written while they were being read (issue 25: `orders.csv`
    /// truncated in place during a build published 145,921 orders of
    /// 225,746). Inputs are site.yaml and what lies under the site's
    /// `data/`, `playbooks/`, `pages/`, `templates/`, `assets/` and
    /// `themes/`, and under `themeFolders`: a note edited beside them is
    /// not one.
    public func changedInputs(site: String, themeFolders: [String]) -> [String] {
        let root = site.hasSuffix("/") ? site : site + "/"
        let prefixes =
            ["site.yaml", "data/", "playbooks/", "pages/", "templates/", "assets/", "themes/"].map { root + $0 }
            + themeFolders.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        return files.keys.filter { path in
            prefixes.contains(where: { path.hasPrefix($0) }) && Fingerprint(of: path) != files[path]
        }.sorted()
    }

    /// These fingerprints, and those of `other`'s files that these lack:
    /// a second scan that adds folders keeps what the first one saw.
    public func merging(_ other: InputFingerprints) -> InputFingerprints {
        var result = self
        result.files.merge(other.files) { mine, _ in mine }
        return result
    }

    /// Paths added, removed or changed since `earlier`, sorted.
    public func changes(since earlier: InputFingerprints) -> [String] {
        Set(files.keys).union(earlier.files.keys).filter { files[$0] != earlier.files[$0] }.sorted()
    }
}
