import Foundation
import RapportCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The write stage: the whole portal goes into a staging folder next to the
/// output, which is then swapped in. A build that fails at any point leaves
/// the previous output exactly as it was, and a reader never sees half a site.
public struct OutputWriter: Sendable {
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
    /// Where the new output is written, and where the previous one waits
    /// during the swap: worked out once (`URL` per file showed in perf).
    let staging: String
    let previous: String

    public init(output: String) {
        let output = output.hasSuffix("/") && output.count > 1 ? String(output.dropLast()) : output
        self.output = output
        staging = Self.sibling(of: output, "staging")
        previous = Self.sibling(of: output, "previous")
    }

    static func sibling(of output: String, _ role: String) -> String {
        let url = URL(fileURLWithPath: output)
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).rapport-\(role)").path
    }

    /// Writes all `files` and swaps them in: `begin`, `write` each, `commit`.
    /// - Parameter files: paths relative to the output folder.
    public func write(_ files: [(path: String, bytes: [UInt8])]) -> Result<Report, Diagnostic> {
        let session: Session
        switch begin() {
        case .success(let started): session = started
        case .failure(let diagnostic): return .failure(diagnostic)
        }
        for file in files {
            if let diagnostic = session.write(file.path, file.bytes) {
                session.abort()
                return .failure(diagnostic)
            }
        }
        return session.commit()
    }

    /// Starts a build's output: checks that `output` may be replaced and
    /// creates an empty staging folder. Files are then written into it one by
    /// one (from any thread), so a large portal never has to be in memory at once.
    /// - Parameter lock: the output's lock, when the caller took it earlier
    ///   (a build takes it before loading, so a second build fails at once);
    ///   taken here otherwise. The session releases it when it ends.
    public func begin(holding taken: OutputLock? = nil) -> Result<Session, Diagnostic> {
        let manager = FileManager.default
        let lock: OutputLock
        if let taken {
            lock = taken
        } else {
            switch OutputLock.acquire(for: output) {
            case .success(let acquired): lock = acquired
            case .failure(let diagnostic): return .failure(diagnostic)
            }
        }
        if let diagnostic = recoverPrevious() {
            lock.release()
            return .failure(diagnostic)
        }
        var isDirectory: ObjCBool = false
        let exists = manager.fileExists(atPath: output, isDirectory: &isDirectory)
        // The existing output's permissions carry over to the new one
        // (issue 25: a 700 portal came back 755, its files 644).
        var info = stat()
        let modes: OutputPlace.Modes? =
            exists && isDirectory.boolValue && stat(output, &info) == 0 ? OutputPlace.Modes(keeping: info.st_mode) : nil
        if exists {
            let contents = (try? manager.contentsOfDirectory(atPath: output)) ?? []
            if !isDirectory.boolValue || (!contents.isEmpty && !contents.contains(Self.markerName)) {
                lock.release()
                return .failure(
                    Diagnostic(
                        .error, .writeFailed, at: SourceLocation(file: output), stage: .write,
                        "refusing to replace '\(output)': it exists and was not written by rapport "
                            + "(no \(Self.markerName) inside); choose another --output or empty it"))
            }
        }
        try? manager.removeItem(atPath: staging)
        do {
            try manager.createDirectory(
                atPath: staging, withIntermediateDirectories: true,
                attributes: modes.map { [.posixPermissions: Int($0.folder)] })
        } catch {
            lock.release()
            return .failure(
                Diagnostic(
                    .error, .writeFailed, at: SourceLocation(file: staging), stage: .write,
                    "cannot create folder: \(error.localizedDescription)"))
        }
        return .success(Session(writer: self, previousExists: exists, lock: lock, modes: modes))
    }

    /// What an interrupted swap left: killed between its two renames, the
    /// output is gone and the last good one waits aside — put it back; left
    /// aside because it could not be deleted (read-only), it would block
    /// every later swap — delete it, or say which folder to fix (docs/reference.md#commands, build).
    public func recoverPrevious() -> Diagnostic? {
        let manager = FileManager.default
        guard manager.fileExists(atPath: previous) else { return nil }
        if !manager.fileExists(atPath: output),
            manager.fileExists(atPath: previous + "/" + Self.markerName),
            rename(previous, output) == 0
        {
            return nil
        }
        try? manager.removeItem(atPath: previous)
        guard manager.fileExists(atPath: previous) else { return nil }
        return Diagnostic(
            .error, .writeFailed, at: SourceLocation(file: previous), stage: .write,
            "an earlier build left this folder behind and it cannot be removed (read-only?): "
                + "remove it (chmod -R u+w, then rm -r) and build again")
    }

    /// One build's writing into the staging folder. `write` may be called
    /// from several threads; `commit` or `abort` ends it.
    public final class Session: OutputSink {
        struct State {
            var created: Set<String> = []
            var report = Report(written: 0, unchanged: 0)
        }

        let writer: OutputWriter
        let previousExists: Bool
        let lock: OutputLock
        let state = Mutex(State())
        /// The previous output's permissions, kept; nil for a first build
        /// (755 folders, 644 files, less what the umask takes).
        let modes: OutputPlace.Modes?

        /// The staging folder, for files made by another program (PDFs)
        /// before the swap; they are swapped in with everything else.
        public var stagingFolder: String { writer.staging }

        init(writer: OutputWriter, previousExists: Bool, lock: OutputLock, modes: OutputPlace.Modes?) {
            self.writer = writer
            self.previousExists = previousExists
            self.lock = lock
            self.modes = modes
        }

        var fileMode: mode_t { modes?.file ?? OutputPlace.Modes.fresh.file }

        /// Writes one file (a path relative to the output folder). A file whose
        /// bytes equal the previous build's is carried over as a hard link, so
        /// its modification time does not change. Returns the failure, if any.
        static func failure(_ at: String, _ message: String) -> Diagnostic {
            Diagnostic(.error, .writeFailed, at: SourceLocation(file: at), stage: .write, message)
        }

        /// The file's place in the staging folder, its folder created once
        /// (under the lock: another thread must not find the folder "known"
        /// before it exists).
        func prepare(_ path: String) -> Result<String, Diagnostic> {
            guard OutputWriter.isSafe(path) else { return .failure(Self.failure(path, "unsafe output path '\(path)'")) }
            if let slash = path.lastIndex(of: "/") {
                let directory = writer.staging + "/" + path[..<slash]
                let problem = state.withLock { state -> String? in
                    guard !state.created.contains(directory) else { return nil }
                    do {
                        try FileManager.default.createDirectory(
                            atPath: directory, withIntermediateDirectories: true,
                            attributes: modes.map { [.posixPermissions: Int($0.folder)] })
                    } catch {
                        return error.localizedDescription
                    }
                    state.created.insert(directory)
                    return nil
                }
                if let problem { return .failure(Self.failure(directory, "cannot create folder: \(problem)")) }
            }
            return .success(writer.staging + "/" + path)
        }

        public func write(_ path: String, _ bytes: [UInt8]) -> Diagnostic? {
            bytes.withUnsafeBytes { write(path, $0) }
        }

        /// A page's text written as it is, without copying it into a byte
        /// array first (40 KB a page, 4 GB at 100,000 accounts).
        public func write(_ path: String, text: String) -> Diagnostic? {
            var text = text
            return text.withUTF8 { write(path, UnsafeRawBufferPointer($0)) }
        }

        public func write(_ path: String, _ bytes: UnsafeRawBufferPointer) -> Diagnostic? {
            let target: String
            switch prepare(path) {
            case .success(let prepared): target = prepared
            case .failure(let diagnostic): return diagnostic
            }
            let old = writer.output + "/" + path
            if previousExists, FileContents.equal(old, bytes), link(old, target) == 0 {
                restrict(target)
                if path != OutputWriter.markerName { state.withLock { $0.report.unchanged += 1 } }
                return nil
            }
            guard FileContents.write(bytes, to: target, mode: fileMode) else {
                return Self.failure(target, "cannot write file: \(String(cString: strerror(errno)))")
            }
            if path != OutputWriter.markerName { state.withLock { $0.report.written += 1 } }
            return nil
        }

        /// Writes a file made of `chunks` pieces, each made when it is needed,
        /// so it is never in memory whole; carried over from the previous
        /// build like any other file when its bytes did not change.
        public func write(_ path: String, chunks: Int, chunk: (Int) -> [UInt8]) -> Diagnostic? {
            let target: String
            switch prepare(path) {
            case .success(let prepared): target = prepared
            case .failure(let diagnostic): return diagnostic
            }
            let descriptor = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, fileMode)
            guard descriptor >= 0 else {
                return Self.failure(target, "cannot write file: \(String(cString: strerror(errno)))")
            }
            for index in 0..<chunks {
                guard FileContents.append(chunk(index), to: descriptor) else {
                    close(descriptor)
                    return Self.failure(target, "cannot write file: \(String(cString: strerror(errno)))")
                }
            }
            close(descriptor)
            adopt(path)
            return nil
        }

        /// Counts a file already in the staging folder (written in pieces, or
        /// by another program such as the PDF printer), carrying the previous
        /// build's copy over instead when the bytes are the same.
        public func adopt(_ path: String) {
            let target = writer.staging + "/" + path, old = writer.output + "/" + path
            // Made by another program (the PDF printer): no more readable
            // than the output folder either.
            if let modes { chmod(target, modes.file) }
            if previousExists, FileContents.sameFiles(old, target), unlink(target) == 0, link(old, target) == 0 {
                restrict(target)
                state.withLock { $0.report.unchanged += 1 }
            } else {
                state.withLock { $0.report.written += 1 }
            }
        }

        /// A file carried over from the previous build keeps its mode, unless
        /// the output folder has since been closed to some readers (chmod
        /// 700 between builds): then it is closed the same way.
        private func restrict(_ target: String) {
            if let modes, modes.file != OutputPlace.Modes.fresh.file { chmod(target, modes.file) }
        }

        /// Swaps the staging folder in for the output; the previous output is
        /// kept aside until the new one is in place.
        public func commit() -> Result<Report, Diagnostic> {
            let output = writer.output, previous = writer.previous, staging = writer.staging
            defer { lock.release() }
            func failure(_ message: String) -> Result<Report, Diagnostic> {
                try? FileManager.default.removeItem(atPath: staging)
                return .failure(
                    Diagnostic(.error, .writeFailed, at: SourceLocation(file: output), stage: .write, message))
            }
            if let diagnostic = write(OutputWriter.markerName, Array(OutputWriter.markerText.utf8)) {
                return .failure(diagnostic)
            }
            if previousExists {
                guard rename(output, previous) == 0 else {
                    return failure("cannot move the previous output aside: \(String(cString: strerror(errno)))")
                }
            }
            guard rename(staging, output) == 0 else {
                let reason = String(cString: strerror(errno))
                if previousExists { _ = rename(previous, output) }
                return failure("cannot move the new output into place: \(reason)")
            }
            try? FileManager.default.removeItem(atPath: previous)
            return .success(state.withLock { $0.report })
        }

        /// Drops everything written so far; the output stays as it was.
        public func abort() {
            try? FileManager.default.removeItem(atPath: writer.staging)
            lock.release()
        }
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
