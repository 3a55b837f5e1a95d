import Foundation
import RapportCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a build may write its output, decided before anything is written
/// (docs/reference.md#commands, `build`, "The output folder"; issue 25).
public enum OutputPlace {
    /// The folder the output really is: `output` itself, or, when `output`
    /// is a symbolic link (`public → /var/www/reviews`), the folder it
    /// leads to. The build is staged beside that folder and swapped in
    /// there, so the link keeps leading to the new portal: replacing the
    /// link by a folder left the web root stale.
    public static func resolve(_ output: String) -> Result<String, Diagnostic> {
        var info = stat()
        guard lstat(output, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return .success(output) }
        guard let real = realpath(output, nil) else {
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: output)) ?? "?"
            return .failure(
                Diagnostic(
                    .error, .writeFailed, at: SourceLocation(file: output), stage: .write,
                    "the output is a link to \(target), which does not exist: create that folder, or point "
                        + "--output at a folder"))
        }
        defer { free(real) }
        return .success(String(cString: real))
    }

    /// Why `output` may not be written given the folders the build reads
    /// (the site, theme folders): inside one of them, each build would read
    /// its own output (an output in `assets/` nested inside itself on every
    /// build); holding one, replacing it would delete the site.
    public static func problem(output: String, reading folders: [String]) -> Diagnostic? {
        let place = realPath(ofMaybeMissing: output)
        for folder in folders {
            guard let real = SiteBoundary(root: folder).root else { continue }
            let message: String
            if place == real || place.hasPrefix(real == "/" ? "/" : real + "/") {
                message =
                    "the output folder lies inside \(folder), which the build reads: choose an --output outside it"
            } else if real.hasPrefix(place == "/" ? "/" : place + "/") {
                message = "the output folder holds \(folder), which the build reads and the output would replace"
            } else {
                continue
            }
            return Diagnostic(.error, .writeFailed, at: SourceLocation(file: output), stage: .write, message)
        }
        return nil
    }

    /// The real path of `path`, or of its nearest existing ancestor with
    /// the rest appended: an output folder often does not exist yet.
    public static func realPath(ofMaybeMissing path: String) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        var existing = absolute
        var rest: [String] = []
        while !existing.isEmpty && existing != "/" {
            if let real = realpath(existing, nil) {
                defer { free(real) }
                return ([String(cString: real)] + rest.reversed()).joined(separator: "/")
            }
            rest.append((existing as NSString).lastPathComponent)
            existing = (existing as NSString).deletingLastPathComponent
        }
        return "/" + rest.reversed().joined(separator: "/")
    }

    /// The permission bits a new output gets: the existing output folder's
    /// for every folder (a 700 portal stays 700), and for files the same
    /// with no reader the folder does not have (700 gives 600, 750 gives
    /// 640); 755 and 644 when there is no output yet.
    public struct Modes: Sendable, Equatable {
        public var folder: mode_t
        public var file: mode_t

        public static let fresh = Modes(folder: 0o755, file: 0o644)

        public init(folder: mode_t, file: mode_t) {
            self.folder = folder
            self.file = file
        }

        /// From the existing output folder's mode.
        public init(keeping existing: mode_t) {
            folder = existing & 0o777
            file = (0o644 & (existing & 0o444)) | 0o200
        }
    }
}
