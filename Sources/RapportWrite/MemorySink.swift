import RapportCore
import Synchronization

/// The portal's files held in memory, by path: what a preview server serves
/// and what tests read, with no folder and no swap.
public final class MemorySink: OutputSink {
    private let files = Mutex<[String: [UInt8]]>([:])

    public init() {}

    public func write(_ path: String, _ bytes: [UInt8]) -> Diagnostic? {
        guard OutputWriter.isSafe(path) else {
            return Diagnostic(
                .error, .writeFailed, at: SourceLocation(file: path), stage: .write, "unsafe output path '\(path)'")
        }
        files.withLock { $0[path] = bytes }
        return nil
    }

    public func write(_ path: String, text: String) -> Diagnostic? { write(path, Array(text.utf8)) }

    public func write(_ path: String, chunks: Int, chunk: (Int) -> [UInt8]) -> Diagnostic? {
        var bytes: [UInt8] = []
        for index in 0..<chunks { bytes += chunk(index) }
        return write(path, bytes)
    }

    /// A file's bytes, or nil when nothing was written there.
    public subscript(path: String) -> [UInt8]? { files.withLock { $0[path] } }

    /// Every path written, sorted.
    public var paths: [String] { files.withLock { $0.keys.sorted() } }
}
