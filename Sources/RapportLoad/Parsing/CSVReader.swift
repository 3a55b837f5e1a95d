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

/// Where one field of the current record is.
struct FieldSpan {
    /// Offsets of the field's content (quotes excluded) in the scanner's
    /// buffer, or in `unescaped` when `unescaped` is set.
    var start: Int
    var end: Int
    var unescaped: Bool
    var line: Int
    /// Offset of the first byte of the field's line, and of the field as
    /// written (its opening quote if quoted): for columns in diagnostics.
    var lineStart: Int
    var open: Int
}
