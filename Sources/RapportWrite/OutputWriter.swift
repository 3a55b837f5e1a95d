import Foundation
import RapportCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The write stage: the whole portal goes into a staging folder next to the
/// output, which is then swapped in. A build that fails at any point leaves
/// the previous output exactly as it was, and a reader never sees half a site.
public struct OutputWriter {
    /// Marks a folder as Rapport's, so a mistyped `--output ~` is refused
    /// instead of being replaced.
    public static let markerName = ".rapport-output"
    static let markerText = "This folder is written by `rapport build` and replaced on every build.\n"

    public struct Report: Sendable, Equatable {
        /// Files whose bytes changed or are new.
        public var written: Int
        /// Files identical to the previous build, carried over as hard links
        /// so their modification times do not change.
        public var unchanged: Int

        public init(written: Int, unchanged: Int) {
            self.written = written
            self.unchanged = unchanged
        }
    }

    public let output: String

    public init(output: String) {
        self.output = output.hasSuffix("/") && output.count > 1 ? String(output.dropLast()) : output
    }

    var staging: String { sibling("staging") }
    var previous: String { sibling("previous") }

    func sibling(_ role: String) -> String {
        let url = URL(fileURLWithPath: output)
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).rapport-\(role)").path
    }

    /// - Parameter files: paths relative to the output folder.
    public func write(_ files: [(path: String, bytes: [UInt8])]) -> Result<Report, Diagnostic> {
        let manager = FileManager.default
        func failure(_ path: String, _ message: String) -> Result<Report, Diagnostic> {
            try? manager.removeItem(atPath: staging)
            return .failure(Diagnostic(.error, .writeFailed, at: SourceLocation(file: path), stage: .write, message))
        }
        var isDirectory: ObjCBool = false
        let exists = manager.fileExists(atPath: output, isDirectory: &isDirectory)
        if exists {
            let contents = (try? manager.contentsOfDirectory(atPath: output)) ?? []
            if !isDirectory.boolValue || (!contents.isEmpty && !contents.contains(Self.markerName)) {
                return failure(
                    output,
                    "refusing to replace '\(output)': it exists and was not written by rapport "
                        + "(no \(Self.markerName) inside); choose another --output or empty it")
            }
        }
        try? manager.removeItem(atPath: staging)
        try? manager.removeItem(atPath: previous)
        var report = Report(written: 0, unchanged: 0)
        var created: Set<String> = []
        let all = files + [(path: Self.markerName, bytes: Array(Self.markerText.utf8))]
        for file in all {
            guard Self.isSafe(file.path) else { return failure(file.path, "unsafe output path '\(file.path)'") }
            let target = staging + "/" + file.path
            let directory = (target as NSString).deletingLastPathComponent
            if !created.contains(directory) {
                do {
                    try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
                } catch {
                    return failure(directory, "cannot create folder: \(error.localizedDescription)")
                }
                created.insert(directory)
            }
            let old = output + "/" + file.path
            if exists, let data = manager.contents(atPath: old), data.elementsEqual(file.bytes), link(old, target) == 0
            {
                if file.path != Self.markerName { report.unchanged += 1 }
                continue
            }
            guard manager.createFile(atPath: target, contents: Data(file.bytes)) else {
                return failure(target, "cannot write file")
            }
            if file.path != Self.markerName { report.written += 1 }
        }
        if exists {
            guard rename(output, previous) == 0 else {
                return failure(output, "cannot move the previous output aside: \(String(cString: strerror(errno)))")
            }
        }
        guard rename(staging, output) == 0 else {
            let reason = String(cString: strerror(errno))
            if exists { _ = rename(previous, output) }
            return failure(output, "cannot move the new output into place: \(reason)")
        }
        try? manager.removeItem(atPath: previous)
        return .success(report)
    }

    /// Relative, no `..`, no empty or hidden-navigation segments, no control
    /// characters: output paths come from slugs, but the writer checks anyway.
    public static func isSafe(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/") else { return false }
        for segment in path.split(separator: "/", omittingEmptySubsequences: false) {
            if segment.isEmpty || segment == "." || segment == ".." { return false }
            if segment.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return false }
        }
        return true
    }
}
