import Foundation
import RapportCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One build at a time per output folder. Two builds into one output share
/// its staging folder, and without this each swapped in pages of the other
/// (docs/reference.md#commands, "One build per output folder"). An advisory `flock` on a
/// hidden file beside the output: the kernel releases it when the holder
/// exits, however it exits, so a killed build never leaves a stale lock.
public final class OutputLock: Sendable {
    /// The open lock file; -1 once released.
    let descriptor: Mutex<Int32>
    public let path: String

    init(descriptor: Int32, path: String) {
        self.descriptor = Mutex(descriptor)
        self.path = path
    }

    deinit { release() }

    /// Takes the lock of `output`, or says which process holds it. Never
    /// waits: a weekly job and a person running the same command should
    /// learn of each other, not queue up unseen.
    public static func acquire(for output: String) -> Result<OutputLock, Diagnostic> {
        let path = OutputWriter.sibling(of: output, "lock")
        func failure(_ message: String) -> Result<OutputLock, Diagnostic> {
            .failure(Diagnostic(.error, .writeFailed, at: SourceLocation(file: output), stage: .write, message))
        }
        let folder = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // O_NOFOLLOW: a symlink planted under the lock's name must not make
        // the build truncate the file it points at.
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else {
            return failure("cannot open the build lock '\(path)': \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let reason = errno
            let holder = Self.holder(descriptor)
            close(descriptor)
            guard reason == EWOULDBLOCK else {
                return failure("cannot lock '\(path)': \(String(cString: strerror(reason)))")
            }
            return failure(
                "another rapport build\(holder.map { " (process \($0))" } ?? "") is writing to this folder; "
                    + "nothing was changed by this one: run it again when that build has finished")
        }
        // Who holds it, for the message the next build prints.
        let text = Array("\(getpid())\n".utf8)
        if ftruncate(descriptor, 0) == 0 {
            _ = text.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        }
        return .success(OutputLock(descriptor: descriptor, path: path))
    }

    /// The process id the holder wrote, if it is a number.
    static func holder(_ descriptor: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return Int32(text)
    }

    /// Lets the next build in. The file stays: removing it would let a
    /// waiting build lock a file that a third one then recreates.
    public func release() {
        descriptor.withLock { descriptor in
            guard descriptor >= 0 else { return }
            close(descriptor)
            descriptor = -1
        }
    }
}
