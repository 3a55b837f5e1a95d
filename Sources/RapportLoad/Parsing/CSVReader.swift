import RapportCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A problem in the CSV syntax itself. Values, not text, so tests can match them.
public struct CSVSyntaxError: Error, Sendable, Equatable {
    public var kind: DiagnosticKind
    public var line: Int
    public var column: Int
    public var message: String
}

/// A streaming RFC 4180 reader over bytes: quoted fields, doubled quotes,
/// embedded commas and newlines, LF or CRLF, an optional UTF-8 BOM.
///
/// Hand-written rather than taken from a package: measured on this kind of
/// machine, CSV.swift 2.5.2 parses 100 MB in about 5 s and SwiftCSV 0.10.0 in
/// about 9 s with 680 MB resident; this state machine reads the file in 1 MiB
/// chunks, keeps only the current record, and hands out fields as byte ranges
/// so dates and amounts are parsed without building strings (BENCHMARKS.md).
///
/// `next()` advances to the next record; the current record's fields are then
/// read through `field(_:)`, `string(_:)` and `location(of:)` until the next call.
public final class CSVReader {
    public static let maxFieldBytes = CSVScanner.maxFieldBytes

    // The state lives in a struct held through a pointer: as a class
    // property it paid a runtime exclusivity check on every access, and
    // reading a field through the property copied the whole struct (eight
    // arrays retained and released per field; both seen in perf).
    private let scanner: UnsafeMutablePointer<CSVScanner>
    private let descriptor: Int32?

    /// Reads from memory: tests and the fuzzer.
    public init(bytes: [UInt8]) {
        scanner = .allocate(capacity: 1)
        scanner.initialize(to: CSVScanner(bytes: bytes))
        descriptor = nil
    }

    /// Streams a file; throws the `errno` text when it cannot be opened.
    /// - Parameter chunkSize: bytes read at a time (small in tests, to cross
    ///   chunk boundaries everywhere).
    public init(path: String, chunkSize: Int = 1 << 20) throws(CSVSyntaxError) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw CSVSyntaxError(
                kind: .unreadableFile, line: 0, column: 0, message: "cannot open: \(String(cString: strerror(errno)))")
        }
        descriptor = fd
        scanner = .allocate(capacity: 1)
        scanner.initialize(to: CSVScanner(descriptor: fd, chunkSize: chunkSize))
    }

    deinit {
        scanner.deinitialize(count: 1)
        scanner.deallocate()
        if let descriptor { close(descriptor) }
    }

    /// Advances to the next record. Returns false at the end of the input. A
    /// final line break does not start another record.
    public func next() throws(CSVSyntaxError) -> Bool { try scanner.pointee.next() }

    public var recordLine: Int { scanner.pointee.recordLine }
    /// Bytes consumed so far, including the current record.
    public var bytesRead: Int { scanner.pointee.bytesRead }
    public var fieldCount: Int { scanner.pointee.fieldCount }

    /// Calls `body` with the bytes of field `index` (quotes removed, doubled
    /// quotes collapsed). The pointer is valid only inside `body`.
    @inline(__always)
    public func withField<Result>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        scanner.pointee.withField(index, body)
    }

    public func string(_ index: Int) -> String {
        scanner.pointee.withField(index) { String(decoding: $0, as: UTF8.self) }
    }

    public var fields: [String] { (0..<fieldCount).map(string) }

    /// Where field `index` starts: its line and 1-based character column (the
    /// opening quote for a quoted field).
    public func location(of index: Int) -> (line: Int, column: Int) { scanner.pointee.location(of: index) }
}

/// The reader's state machine; see `CSVReader`.
struct CSVScanner {
    static let maxFieldBytes = 1 << 20
    private let chunkSize: Int

    private var buffer: [UInt8]
    /// Bytes of `buffer` that hold data.
    private var filled = 0
    private var position = 0
    private var line = 1
    /// Offset in `buffer` of the first byte of the current line.
    private var lineStart = 0
    private var exhausted = false
    private let descriptor: Int32?

    // The current record. Offsets are into `buffer`, or into `unescaped` for
    // quoted fields that contained doubled quotes.
    private var starts: [Int] = []
    private var ends: [Int] = []
    private var inUnescaped: [Bool] = []
    private var fieldLines: [Int] = []
    private var fieldLineStarts: [Int] = []
    /// Offset in `buffer` of each field's first byte as written (its opening
    /// quote if quoted), for columns in diagnostics.
    private var opens: [Int] = []
    private var unescaped: [UInt8] = []
    private(set) var recordLine = 0
    /// Bytes dropped from the front of the buffer by refills, so that
    /// `bytesRead` counts from the start of the file.
    private var discarded = 0
    var bytesRead: Int { discarded + position }

    init(bytes: [UInt8]) {
        buffer = bytes
        filled = bytes.count
        exhausted = true
        descriptor = nil
        chunkSize = bytes.count
        skipBOM()
    }

    init(descriptor: Int32, chunkSize: Int) {
        self.descriptor = descriptor
        self.chunkSize = max(chunkSize, 1)
        buffer = [UInt8](repeating: 0, count: self.chunkSize)
        _ = refill()
        skipBOM()
    }

    private mutating func skipBOM() {
        if filled >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF {
            position = 3
            lineStart = 3
        }
    }

    /// Moves the current record to the front of the buffer and reads more.
    /// Returns false at the end of the input.
    private mutating func refill() -> Bool {
        guard let descriptor, !exhausted else { return false }
        let keepFrom = min(fieldLineStarts.first ?? lineStart, lineStart, position)
        if keepFrom > 0 {
            buffer.withUnsafeMutableBufferPointer { raw in
                _ = memmove(raw.baseAddress!, raw.baseAddress! + keepFrom, filled - keepFrom)
            }
            filled -= keepFrom
            discarded += keepFrom
            position -= keepFrom
            lineStart -= keepFrom
            for index in starts.indices where !inUnescaped[index] {
                starts[index] -= keepFrom
                ends[index] -= keepFrom
            }
            for index in fieldLineStarts.indices {
                fieldLineStarts[index] -= keepFrom
                opens[index] -= keepFrom
            }
        }
        if buffer.count - filled < chunkSize {
            buffer.append(contentsOf: [UInt8](repeating: 0, count: max(chunkSize, buffer.count)))
        }
        let count = buffer.withUnsafeMutableBufferPointer { raw in
            read(descriptor, raw.baseAddress! + filled, min(raw.count - filled, chunkSize))
        }
        guard count > 0 else {
            exhausted = true
            return false
        }
        filled += count
        return true
    }

    /// The 1-based column (in characters, not bytes) of `offset` on the line
    /// that starts at `start`.
    private func column(lineStart start: Int, offset: Int) -> Int {
        var count = 1
        var cursor = start
        while cursor < offset {
            if buffer[cursor] & 0xC0 != 0x80 { count += 1 }
            cursor += 1
        }
        return count
    }

    private func error(_ kind: DiagnosticKind, lineStart start: Int, line: Int, offset: Int, _ message: String)
        -> CSVSyntaxError
    {
        CSVSyntaxError(kind: kind, line: line, column: column(lineStart: start, offset: offset), message: message)
    }

    /// Advances to the next record. Returns false at the end of the input. A
    /// final line break does not start another record.
    mutating func next() throws(CSVSyntaxError) -> Bool {
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        inUnescaped.removeAll(keepingCapacity: true)
        fieldLines.removeAll(keepingCapacity: true)
        fieldLineStarts.removeAll(keepingCapacity: true)
        opens.removeAll(keepingCapacity: true)
        unescaped.removeAll(keepingCapacity: true)
        if position >= filled && !refill() { return false }
        recordLine = line
        while true {
            try readField()
            if position >= filled && !refill() { break }
            let byte = buffer[position]
            if byte == 0x2C {  // ,
                position += 1
                if position >= filled && !refill() {
                    // A trailing comma at the very end: one more empty field.
                    appendField(start: position, end: position, unescaped: false, line: line, lineStart: lineStart)
                    break
                }
                continue
            }
            if byte == 0x0D {  // CR, optionally followed by LF
                position += 1
                if position < filled || refill(), buffer[position] == 0x0A { position += 1 }
            } else {  // LF
                position += 1
            }
            line += 1
            lineStart = position
            break
        }
        try validateUTF8()
        return true
    }

    private mutating func appendField(start: Int, end: Int, unescaped isUnescaped: Bool, line: Int, lineStart: Int) {
        starts.append(start)
        ends.append(end)
        inUnescaped.append(isUnescaped)
        fieldLines.append(line)
        fieldLineStarts.append(lineStart)
        opens.append(start)
    }

    private mutating func readField() throws(CSVSyntaxError) {
        let fieldLine = line
        let fieldLineStart = lineStart
        if position < filled || refill(), buffer[position] == 0x22 {
            try readQuotedField(line: fieldLine, lineStart: fieldLineStart)
            return
        }
        // Record the field before scanning so a refill keeps and shifts it.
        appendField(start: position, end: position, unescaped: false, line: fieldLine, lineStart: fieldLineStart)
        let index = starts.count - 1
        while true {
            let stop = buffer.withUnsafeBufferPointer { raw -> Int in
                var cursor = position
                while cursor < filled {
                    let byte = raw[cursor]
                    if byte == 0x2C || byte == 0x0A || byte == 0x0D || byte == 0x22 { break }
                    cursor += 1
                }
                return cursor
            }
            position = stop
            if position - starts[index] > Self.maxFieldBytes {
                throw error(
                    .fieldTooLarge, lineStart: fieldLineStarts[index], line: fieldLine, offset: opens[index],
                    "field is larger than \(Self.maxFieldBytes / 1024) KiB")
            }
            if position < filled {
                if buffer[position] == 0x22 {
                    throw error(
                        .strayQuote, lineStart: lineStart, line: line, offset: position,
                        "quote inside an unquoted field (quote the whole field and double the quote)")
                }
                break
            }
            if !refill() { break }
        }
        ends[index] = position
    }

    private mutating func readQuotedField(line fieldLine: Int, lineStart fieldLineStart: Int) throws(CSVSyntaxError) {
        appendField(start: position, end: position, unescaped: false, line: fieldLine, lineStart: fieldLineStart)
        let index = starts.count - 1
        position += 1
        starts[index] = position
        var hasDoubledQuotes = false
        var closed = false
        scan: while true {
            while position < filled {
                let byte = buffer[position]
                if byte == 0x22 {
                    if position + 1 >= filled { _ = refill() }
                    if position + 1 < filled && buffer[position + 1] == 0x22 {
                        hasDoubledQuotes = true
                        position += 2
                        continue
                    }
                    ends[index] = position
                    position += 1
                    closed = true
                    break scan
                }
                if byte == 0x0A {
                    line += 1
                    lineStart = position + 1
                }
                position += 1
                if position - starts[index] > Self.maxFieldBytes {
                    throw error(
                        .fieldTooLarge, lineStart: fieldLineStarts[index], line: fieldLine, offset: opens[index],
                        "field is larger than \(Self.maxFieldBytes / 1024) KiB")
                }
            }
            if !refill() { break }
        }
        guard closed else {
            throw error(
                .unclosedQuote, lineStart: fieldLineStarts[index], line: fieldLine, offset: opens[index],
                "quoted field opened here is never closed")
        }
        if position < filled || refill() {
            let byte = buffer[position]
            if byte != 0x2C && byte != 0x0A && byte != 0x0D {
                throw error(
                    .strayQuote, lineStart: lineStart, line: line, offset: position,
                    "unexpected character after closing quote")
            }
        }
        if hasDoubledQuotes {
            let start = unescaped.count
            var cursor = starts[index]
            while cursor < ends[index] {
                unescaped.append(buffer[cursor])
                cursor += buffer[cursor] == 0x22 ? 2 : 1
            }
            starts[index] = start
            ends[index] = unescaped.count
            inUnescaped[index] = true
        }
    }

    private mutating func validateUTF8() throws(CSVSyntaxError) {
        for index in starts.indices {
            let valid = withField(index) { bytes -> Bool in
                var ascii = true
                for byte in bytes where byte >= 0x80 {
                    ascii = false
                    break
                }
                return ascii || String(validating: bytes, as: UTF8.self) != nil
            }
            if !valid {
                let location = location(of: index)
                throw CSVSyntaxError(
                    kind: .invalidUTF8, line: location.line, column: location.column,
                    message: "field is not valid UTF-8 (save the export as UTF-8)")
            }
        }
    }

    // MARK: - The current record

    var fieldCount: Int { starts.count }

    /// `mutating` only so that calls through `UnsafeMutablePointer.pointee`
    /// work in place: a non-mutating call copied the whole struct (perf).
    @inline(__always)
    mutating func withField<Result>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let start = starts[index], end = ends[index]
        if inUnescaped[index] {
            return unescaped.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
        }
        return buffer.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }

    func location(of index: Int) -> (line: Int, column: Int) {
        (fieldLines[index], column(lineStart: fieldLineStarts[index], offset: opens[index]))
    }
}
