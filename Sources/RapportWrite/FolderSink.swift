import Foundation
import RapportCore
import Synchronization

/// Writes each file straight into a folder nobody reads yet: what
/// `rapport serve` renders a new generation or a partial rebuild into,
/// before it serves the files (docs/reference.md#commands, `serve`). `build` goes through
/// `OutputWriter` and its staging folder instead. Plain system calls, and
/// each folder made once: writing 10,000 pages through Foundation's atomic
/// files made a data rebuild slower than a build (BENCHMARKS.md, issue 17).
public final class FolderSink: OutputSink {
    public let root: String
    private let created = Mutex<Set<String>>([])
    /// False once nothing may be written any more: a stopping preview
    /// removes its folder, which a late write must not make again.
    private let isOpen: @Sendable () -> Bool

    public init(root: String, isOpen: @escaping @Sendable () -> Bool = { true }) {
        self.root = root
        self.isOpen = isOpen
    }

    public func write(_ path: String, _ bytes: [UInt8]) -> Diagnostic? {
        bytes.withUnsafeBytes { write(path, $0) }
    }

    public func write(_ path: String, text: String) -> Diagnostic? {
        var text = text
        return text.withUTF8 { write(path, UnsafeRawBufferPointer($0)) }
    }

    private func write(_ path: String, _ bytes: UnsafeRawBufferPointer) -> Diagnostic? {
        switch prepare(path) {
        case .failure(let diagnostic): return diagnostic
        case .success(let target):
            return FileContents.write(bytes, to: target) ? nil : failure(target)
        }
    }

    /// Chunk by chunk: a 35 MB export is never whole in memory.
    public func write(_ path: String, chunks: Int, chunk: (Int) -> [UInt8]) -> Diagnostic? {
        let target: String
        switch prepare(path) {
        case .failure(let diagnostic): return diagnostic
        case .success(let prepared): target = prepared
        }
        let descriptor = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return failure(target) }
        defer { close(descriptor) }
        for index in 0..<chunks where !FileContents.append(chunk(index), to: descriptor) { return failure(target) }
        return nil
    }

    private func prepare(_ path: String) -> Result<String, Diagnostic> {
        guard isOpen() else {
            return .failure(
                Diagnostic(.error, .writeFailed, at: SourceLocation(file: path), stage: .write, "stopping"))
        }
        guard OutputWriter.isSafe(path) else {
            return .failure(
                Diagnostic(
                    .error, .writeFailed, at: SourceLocation(file: path), stage: .write, "unsafe output path '\(path)'"
                ))
        }
        let folder = path.lastIndex(of: "/").map { root + "/" + path[..<$0] } ?? root
        let problem = created.withLock { created -> String? in
            guard !created.contains(folder) else { return nil }
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                return error.localizedDescription
            }
            created.insert(folder)
            return nil
        }
        if let problem {
            return .failure(
                Diagnostic(
                    .error, .writeFailed, at: SourceLocation(file: folder), stage: .write,
                    "cannot create folder: \(problem)"))
        }
        return .success(root + "/" + path)
    }

    private func failure(_ target: String) -> Diagnostic {
        Diagnostic(
            .error, .writeFailed, at: SourceLocation(file: target), stage: .write,
            "cannot write file: \(String(cString: strerror(errno)))")
    }
}
