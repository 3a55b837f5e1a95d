#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The folder a build may read from: the site, or a theme folder. Every file
/// is read only if, with all its symbolic links followed, it still lies
/// inside (docs/guide.md#a-site-folder, "Links"). A link such as
/// `data/reps.csv → /etc/passwd` or `assets/leak.txt → ~/.ssh/id_rsa` would
/// otherwise have its target printed in an error or published with the portal.
public struct SiteBoundary: Sendable {
    /// The folder's real path (links resolved), or nil when it does not exist.
    public let root: String?

    public init(root: String) {
        self.root = Self.realPath(root)
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Why `path` may not be read, or nil when it may (or does not exist:
    /// then the caller's own "not found" applies).
    public func problem(_ path: String) -> String? {
        guard let root, let real = Self.realPath(path) else { return nil }
        if real == root || real.hasPrefix(root == "/" ? "/" : root + "/") { return nil }
        return "leads outside \(root) (to \(real)); Rapport reads nothing out of the site or theme folder, "
            + "so copy the file in instead of linking to it"
    }

    /// `problem` as an error at `path`, appended to `diagnostics`; true when it may be read.
    public func admits(_ path: String, stage: Stage, _ diagnostics: inout Diagnostics) -> Bool {
        guard let problem = problem(path) else { return true }
        diagnostics.error(.outsideSite, at: SourceLocation(file: path), stage: stage, problem)
        return false
    }

    /// `admits`, and `path` (links followed) is a regular file: opening a
    /// FIFO blocks until something writes to it, a device reads forever
    /// (issue 25). Checked before anything opens it. True for a path that
    /// does not exist: the caller's own "not found" applies.
    public func admitsFile(_ path: String, stage: Stage, _ diagnostics: inout Diagnostics) -> Bool {
        guard admits(path, stage: stage, &diagnostics) else { return false }
        guard let kind = Self.irregularKind(path) else { return true }
        diagnostics.error(
            .unreadableFile, at: SourceLocation(file: path), stage: stage,
            "not a regular file (\(kind)); Rapport reads only regular files")
        return false
    }

    /// What `path` is when it exists and is not a regular file, links followed.
    public static func irregularKind(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFIFO: return "a FIFO"
        case S_IFSOCK: return "a socket"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFDIR: return "a folder"
        default: return "not a file"
        }
    }
}
