import Foundation
import RapportCore

/// Writes each file straight into a folder, each one whole under its final
/// name (written beside it, then renamed): a reader never sees half a file.
/// What `rapport serve` renders its private copy of the portal into; `build`
/// goes through `OutputWriter` and its staging folder instead.
public struct FolderSink: OutputSink {
    public let root: String

    public init(root: String) { self.root = root }

    public func write(_ path: String, _ bytes: [UInt8]) -> Diagnostic? {
        place(path) { try $0.write(contentsOf: bytes) }
    }

    public func write(_ path: String, text: String) -> Diagnostic? { write(path, Array(text.utf8)) }

    /// Chunk by chunk: a 35 MB export is never whole in memory.
    public func write(_ path: String, chunks: Int, chunk: (Int) -> [UInt8]) -> Diagnostic? {
        place(path) { handle in
            for index in 0..<chunks { try handle.write(contentsOf: chunk(index)) }
        }
    }

    private func place(_ path: String, _ contents: (FileHandle) throws -> Void) -> Diagnostic? {
        guard OutputWriter.isSafe(path) else {
            return Diagnostic(
                .error, .writeFailed, at: SourceLocation(file: path), stage: .write, "unsafe output path '\(path)'")
        }
        let target = root + "/" + path
        let folder = (target as NSString).deletingLastPathComponent
        let temporary = folder + "/.rapport-" + UUID().uuidString
        func failure(_ message: String) -> Diagnostic {
            try? FileManager.default.removeItem(atPath: temporary)
            return Diagnostic(.error, .writeFailed, at: SourceLocation(file: target), stage: .write, message)
        }
        do {
            // Idempotent, and safe when several threads make the same folder.
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: temporary, contents: nil),
                let handle = FileHandle(forWritingAtPath: temporary)
            else { return failure("cannot create the file") }
            defer { try? handle.close() }
            try contents(handle)
            try handle.close()
        } catch {
            return failure(error.localizedDescription)
        }
        guard rename(temporary, target) == 0 else { return failure(String(cString: strerror(errno))) }
        return nil
    }
}
