/// Pages, charts and exports are written as UTF-8 bytes, not built up as
/// `String`s: a `String` append cost about 280 instructions, and appends
/// were a sixth of a whole build (BENCHMARKS.md, issue 27).
extension [UInt8] {
    /// Appends `text`'s UTF-8 in one copy (native and small strings are
    /// contiguous; anything else is copied byte by byte).
    @inline(__always)
    mutating func appendUTF8(_ text: String) {
        let copied: Void? = text.utf8.withContiguousStorageIfAvailable { append(contentsOf: $0) }
        if copied == nil { append(contentsOf: text.utf8) }
    }
}
