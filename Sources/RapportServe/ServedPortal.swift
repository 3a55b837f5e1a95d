import Foundation
import RapportCore
import RapportWrite
import Synchronization

/// The portal `serve` serves, in a private folder of its own (not the
/// user's output folder): a full rebuild renders into a new generation
/// folder and switches to it only when it succeeded, so the last good
/// portal stays served meanwhile; a partial rebuild replaces its files in
/// the current generation one by one, each renamed into place whole. Holding a
/// 10,000-account portal (450 MB of pages) in memory would have put the
/// server's steady memory past its 500 MB budget (BENCHMARKS.md, issue 17).
final class ServedPortal: Sendable {
    let base: String
    private struct State {
        var generation = 0
        var current: String?
        /// Kept for one more switch, so a response being read from it
        /// when the switch happens still finishes.
        var previous: String?
    }
    private let state = Mutex(State())
    /// Set when the preview stops: no sink writes from then on.
    private let closed = Atomic<Bool>(false)

    /// - Parameter base: an empty folder that belongs to this server.
    init(base: String) { self.base = base }

    /// A new private folder under the system's temporary folder.
    static func makeBase() throws -> String {
        var template = Array((NSTemporaryDirectory() + "rapport-serve-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        return String(cString: made)
    }

    var generation: Int { state.withLock { $0.generation } }

    /// A folder for the next full rendering and a sink into it.
    func nextGeneration() -> FolderSink {
        let number = state.withLock { $0.generation } + 1
        let folder = base + "/generation-\(number)"
        try? FileManager.default.removeItem(atPath: folder)
        return sink(folder)
    }

    private func sink(_ folder: String) -> FolderSink {
        FolderSink(root: folder, isOpen: { !self.closed.load(ordering: .relaxed) })
    }

    /// Refuses every write from now on: the preview is stopping.
    func close() { closed.store(true, ordering: .relaxed) }

    /// Serves the folder `sink` wrote from now on; the one before the
    /// previous is removed.
    func switchTo(_ sink: FolderSink) {
        let stale = state.withLock { state -> String? in
            let stale = state.previous
            state.previous = state.current
            state.current = sink.root
            state.generation += 1
            return stale
        }
        if let stale { try? FileManager.default.removeItem(atPath: stale) }
    }

    /// Discards a rendering that failed.
    func discard(_ sink: FolderSink) { try? FileManager.default.removeItem(atPath: sink.root) }

    /// An empty folder a partial rebuild renders into before its files
    /// replace the served ones (`adopt`).
    func stagingSink() -> FolderSink {
        let folder = base + "/staging"
        try? FileManager.default.removeItem(atPath: folder)
        return sink(folder)
    }

    /// Moves every file of `staging` into the served generation, each
    /// replacing its old version whole, and counts a new generation.
    func adopt(_ staging: FolderSink) {
        guard !closed.load(ordering: .relaxed), let current = state.withLock({ $0.current }),
            let files = FileManager.default.enumerator(atPath: staging.root)
        else { return }
        while let relative = files.nextObject() as? String {
            var info = stat()
            guard lstat(staging.root + "/" + relative, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            let target = current + "/" + relative
            try? FileManager.default.createDirectory(
                atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            rename(staging.root + "/" + relative, target)
        }
        state.withLock { $0.generation += 1 }
    }

    func remove(_ paths: [String]) {
        guard let current = state.withLock({ $0.current }) else { return }
        for path in paths where OutputWriter.isSafe(path) {
            try? FileManager.default.removeItem(atPath: current + "/" + path)
        }
    }

    enum Lookup: Equatable {
        case file([UInt8])
        /// A folder with an index: the request should end in `/`.
        case folder
        case missing
    }

    /// The bytes of `path` in the current generation. Regular files only:
    /// the folder holds nothing else, and a link would not be followed.
    func read(_ path: String) -> Lookup {
        guard let current = state.withLock({ $0.current }), OutputWriter.isSafe(path) else { return .missing }
        let full = current + "/" + path
        var info = stat()
        guard lstat(full, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            guard let data = FileManager.default.contents(atPath: full) else { return .missing }
            return .file([UInt8](data))
        case S_IFDIR:
            var index = stat()
            return lstat(full + "/index.html", &index) == 0 && index.st_mode & S_IFMT == S_IFREG ? .folder : .missing
        default:
            return .missing
        }
    }

    /// Removes every generation: the server has stopped.
    func removeAll() { try? FileManager.default.removeItem(atPath: base) }
}
