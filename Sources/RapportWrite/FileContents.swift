#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whole-file reads, writes and comparisons with plain system calls: for
/// tens of thousands of files, Foundation's `Data` round trips and atomic
/// temporary files cost more than the writing itself.
enum FileContents {
    static func write(_ bytes: UnsafeRawBufferPointer, to path: String, mode: mode_t = 0o644) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return append(bytes, to: descriptor)
    }

    /// Appends to an open file; false on an error.
    static func append(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        bytes.withUnsafeBytes { append($0, to: descriptor) }
    }

    static func append(_ buffer: UnsafeRawBufferPointer, to descriptor: Int32) -> Bool {
        var offset = 0
        while offset < buffer.count {
            let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }

    /// Whether two files hold the same bytes, read side by side in blocks.
    static func sameFiles(_ first: String, _ second: String) -> Bool {
        var a = stat(), b = stat()
        guard stat(first, &a) == 0, stat(second, &b) == 0, (a.st_mode & S_IFMT) == S_IFREG,
            (b.st_mode & S_IFMT) == S_IFREG, a.st_size == b.st_size
        else { return false }
        let one = open(first, O_RDONLY | O_CLOEXEC), two = open(second, O_RDONLY | O_CLOEXEC)
        defer {
            if one >= 0 { close(one) }
            if two >= 0 { close(two) }
        }
        guard one >= 0, two >= 0 else { return false }
        var left = [UInt8](repeating: 0, count: 65_536), right = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = left.withUnsafeMutableBytes { read(one, $0.baseAddress!, $0.count) }
            guard count >= 0 else { return false }
            if count == 0 { return true }
            var filled = 0
            while filled < count {
                let more = right.withUnsafeMutableBytes { read(two, $0.baseAddress! + filled, count - filled) }
                guard more > 0 else { return false }
                filled += more
            }
            guard
                left.withUnsafeBytes({ l in right.withUnsafeBytes { memcmp(l.baseAddress!, $0.baseAddress!, count) } })
                    == 0
            else { return false }
        }
    }

    /// Whether the file at `path` holds exactly `bytes`; the size is compared
    /// first, so most changed files are told apart without reading them.
    static func equal(_ path: String, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) == bytes.count else {
            return false
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var offset = 0
        while offset < bytes.count {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0, offset + count <= bytes.count else { return false }
            let same = buffer.withUnsafeBytes { memcmp(bytes.baseAddress! + offset, $0.baseAddress!, count) == 0 }
            guard same else { return false }
            offset += count
        }
        return true
    }
}
