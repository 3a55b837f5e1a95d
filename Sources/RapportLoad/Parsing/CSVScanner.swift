import RapportCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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

    /// The current record's fields: one array, so a field costs one append.
    private var spans: [FieldSpan] = []
    /// Contents of quoted fields that had doubled quotes, with them collapsed.
    private var unescaped: [UInt8] = []
    private(set) var recordLine = 0
    /// Whether the current record has a byte above 0x7F: only then is it
    /// checked for valid UTF-8 (one pass saved on ASCII exports).
    private var recordHasHighBytes = false
    /// The last column counted for `location(of:)`: the next field of the
    /// same line is counted on from it, so locating every field of a
    /// 200,000-column header is linear, not quadratic (issue 25). Reset with
    /// each record, whose offsets a refill may move.
    private var counted: (lineStart: Int, offset: Int, column: Int)?
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
        let keepFrom = min(spans.first?.lineStart ?? lineStart, lineStart, position)
        if keepFrom > 0 {
            buffer.withUnsafeMutableBufferPointer { raw in
                _ = memmove(raw.baseAddress!, raw.baseAddress! + keepFrom, filled - keepFrom)
            }
            filled -= keepFrom
            discarded += keepFrom
            position -= keepFrom
            lineStart -= keepFrom
            for index in spans.indices {
                if !spans[index].unescaped {
                    spans[index].start -= keepFrom
                    spans[index].end -= keepFrom
                }
                spans[index].lineStart -= keepFrom
                spans[index].open -= keepFrom
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

    private func tooLarge(_ span: FieldSpan) -> CSVSyntaxError {
        error(
            .fieldTooLarge, lineStart: span.lineStart, line: span.line, offset: span.open,
            "field is larger than \(Self.maxFieldBytes / 1024) KiB")
    }

    mutating func next() throws(CSVSyntaxError) -> Bool {
        spans.removeAll(keepingCapacity: true)
        counted = nil
        if !unescaped.isEmpty { unescaped.removeAll(keepingCapacity: true) }
        recordHasHighBytes = false
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
                    spans.append(
                        FieldSpan(
                            start: position, end: position, unescaped: false, line: line, lineStart: lineStart,
                            open: position))
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
        if recordHasHighBytes { try validateUTF8() }
        return true
    }

    private mutating func readField() throws(CSVSyntaxError) {
        if position < filled || refill(), buffer[position] == 0x22 {
            try readQuotedField()
            return
        }
        let start = position
        let (stop, high) = scanUnquoted(from: start)
        if high { recordHasHighBytes = true }
        if stop == filled && !exhausted {
            try readFieldAcrossRefills(from: start, scannedTo: stop)
            return
        }
        if stop - start > Self.maxFieldBytes {
            throw tooLarge(
                FieldSpan(start: start, end: stop, unescaped: false, line: line, lineStart: lineStart, open: start))
        }
        if stop < filled && buffer[stop] == 0x22 {
            throw error(
                .strayQuote, lineStart: lineStart, line: line, offset: stop,
                "quote inside an unquoted field (quote the whole field and double the quote)")
        }
        spans.append(
            FieldSpan(start: start, end: stop, unescaped: false, line: line, lineStart: lineStart, open: start))
        position = stop
    }

    /// The rare case of an unquoted field that runs to the end of the bytes
    /// read so far: its span is recorded first so that refills shift it.
    private mutating func readFieldAcrossRefills(from start: Int, scannedTo scanned: Int) throws(CSVSyntaxError) {
        spans.append(
            FieldSpan(start: start, end: start, unescaped: false, line: line, lineStart: lineStart, open: start))
        let index = spans.count - 1
        position = scanned
        while true {
            if position - spans[index].start > Self.maxFieldBytes { throw tooLarge(spans[index]) }
            if position < filled {
                if buffer[position] == 0x22 {
                    throw error(
                        .strayQuote, lineStart: lineStart, line: line, offset: position,
                        "quote inside an unquoted field (quote the whole field and double the quote)")
                }
                break
            }
            if !refill() { break }
            let (stop, high) = scanUnquoted(from: position)
            if high { recordHasHighBytes = true }
            position = stop
        }
        spans[index].end = position
    }

    /// The offset of the next `,`, LF, CR or `"` at or after `start` (or
    /// `filled`), and whether a byte above 0x7F may have come before it (a
    /// false "yes" only costs a UTF-8 check of the record).
    ///
    /// Eight bytes at a time (SWAR): the byte loop was most of the reader's
    /// time in perf. `hasByte` is the classic zero-byte test; its lowest
    /// flagged byte is always a true match, which is the one we want.
    @inline(__always)
    private func scanUnquoted(from start: Int) -> (Int, Bool) {
        @inline(__always) func hasByte(_ word: UInt64, _ byte: UInt64) -> UInt64 {
            let value = word ^ (byte &* 0x0101_0101_0101_0101)
            return (value &- 0x0101_0101_0101_0101) & ~value & 0x8080_8080_8080_8080
        }
        return buffer.withUnsafeBufferPointer { raw -> (Int, Bool) in
            var cursor = start
            var high: UInt64 = 0
            let end = filled
            let base = UnsafeRawPointer(raw.baseAddress!)
            while cursor + 8 <= end {
                let word = base.loadUnaligned(fromByteOffset: cursor, as: UInt64.self)
                high |= word
                let match = hasByte(word, 0x2C) | hasByte(word, 0x0A) | hasByte(word, 0x0D) | hasByte(word, 0x22)
                if match != 0 {
                    return (cursor + match.trailingZeroBitCount / 8, high & 0x8080_8080_8080_8080 != 0)
                }
                cursor += 8
            }
            while cursor < end {
                let byte = raw[cursor]
                high |= UInt64(byte)
                if byte == 0x2C || byte == 0x0A || byte == 0x0D || byte == 0x22 { break }
                cursor += 1
            }
            return (cursor, high & 0x8080_8080_8080_8080 != 0)
        }
    }

    private mutating func readQuotedField() throws(CSVSyntaxError) {
        spans.append(
            FieldSpan(
                start: position + 1, end: position + 1, unescaped: false, line: line, lineStart: lineStart,
                open: position))
        let index = spans.count - 1
        position += 1
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
                    spans[index].end = position
                    position += 1
                    closed = true
                    break scan
                }
                if byte == 0x0A {
                    line += 1
                    lineStart = position + 1
                } else if byte >= 0x80 {
                    recordHasHighBytes = true
                }
                position += 1
                if position - spans[index].start > Self.maxFieldBytes { throw tooLarge(spans[index]) }
            }
            if !refill() { break }
        }
        guard closed else {
            let span = spans[index]
            throw error(
                .unclosedQuote, lineStart: span.lineStart, line: span.line, offset: span.open,
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
            var cursor = spans[index].start
            while cursor < spans[index].end {
                unescaped.append(buffer[cursor])
                cursor += buffer[cursor] == 0x22 ? 2 : 1
            }
            spans[index].start = start
            spans[index].end = unescaped.count
            spans[index].unescaped = true
        }
    }

    /// Fields are checked only when their record has a byte above 0x7F:
    /// one pass over ASCII-only records, which most exports are.
    private mutating func validateUTF8() throws(CSVSyntaxError) {
        for index in spans.indices {
            let valid = withField(index) { bytes -> Bool in
                var high: UInt8 = 0
                for byte in bytes { high |= byte }
                return high < 0x80 || String(validating: bytes, as: UTF8.self) != nil
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

    var fieldCount: Int { spans.count }

    /// `mutating` only so that calls through `UnsafeMutablePointer.pointee`
    /// work in place: a non-mutating call copied the whole struct (perf).
    @inline(__always)
    mutating func withField<Result>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let span = spans[index]
        if span.unescaped {
            return unescaped.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[span.start..<span.end])) }
        }
        return buffer.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[span.start..<span.end])) }
    }

    mutating func location(of index: Int) -> (line: Int, column: Int) {
        let span = spans[index]
        var column = 1
        var cursor = span.lineStart
        if let counted, counted.lineStart == span.lineStart, counted.offset <= span.open {
            (column, cursor) = (counted.column, counted.offset)
        }
        while cursor < span.open {
            if buffer[cursor] & 0xC0 != 0x80 { column += 1 }
            cursor += 1
        }
        counted = (span.lineStart, span.open, column)
        return (span.line, column)
    }
}
