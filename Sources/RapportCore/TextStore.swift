#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A piece of text in the model's `TextStore`: an order id or a note.
public struct TextRef: Hashable, Sendable {
    public let index: UInt32

    public init(index: UInt32) { self.index = index }

    @inline(__always)
    public var position: Int { Int(index) }
}

/// Text with millions of distinct values — order ids, interaction notes —
/// stored in one byte buffer, once per run of equal values in the file.
///
/// Unlike `SymbolTable` there is no index: at 100,000 accounts the order
/// ids were six million distinct values, and hashing them cost 1.5 s of a
/// single-threaded load and 240 MB for the index, more than the strings.
/// Equal refs have equal text, but equal text may have different refs (an
/// order whose lines are not next to each other): compare with `equal` or
/// `compare`, which read the text.
public struct TextStore: Sendable {
    private var bytes: [UInt8] = []
    /// `ends[i]` is where text i's bytes end; it starts where i-1 ends.
    private var ends: [Int] = []

    public init() {}

    public var count: Int { ends.count }

    /// A ref for these bytes: `previous` when its text is the same (lines of
    /// one order are usually consecutive), else a new one.
    public mutating func append(_ text: UnsafeBufferPointer<UInt8>, previous: TextRef? = nil) -> TextRef {
        if let previous, previous.position < ends.count, withBytes(previous, { Self.same($0, text) }) {
            return previous
        }
        bytes.append(contentsOf: text)
        ends.append(bytes.count)
        return TextRef(index: UInt32(ends.count - 1))
    }

    public mutating func append(_ text: String) -> TextRef {
        var text = text
        return text.withUTF8 { append($0) }
    }

    /// Appends every text of `other`; its refs, plus the returned offset, are
    /// refs into this store.
    public mutating func append(contentsOf other: TextStore) -> UInt32 {
        let offset = UInt32(ends.count)
        let base = bytes.count
        bytes += other.bytes
        ends += other.ends.map { $0 + base }
        return offset
    }

    public subscript(ref: TextRef) -> String {
        withBytes(ref) { String(decoding: $0, as: UTF8.self) }
    }

    public func equal(_ a: TextRef, _ b: TextRef) -> Bool {
        a == b || withBytes(a) { first in withBytes(b) { Self.same(first, $0) } }
    }

    /// Byte order of the two texts: negative, zero or positive.
    public func compare(_ a: TextRef, _ b: TextRef) -> Int {
        if a == b { return 0 }
        return withBytes(a) { first in
            withBytes(b) { second in
                let common = min(first.count, second.count)
                let order = common == 0 ? 0 : Int(memcmp(first.baseAddress!, second.baseAddress!, common))
                return order != 0 ? order : first.count - second.count
            }
        }
    }

    /// How many different texts among these refs.
    public func distinctCount(_ refs: [TextRef]) -> Int {
        // Same ref, same text: dedupe the numbers first (sorting, not a set:
        // hashing showed in the analysis profile), then compare texts.
        let sorted = refs.map(\.index).sorted()
        var unique: [TextRef] = []
        for index in sorted where unique.last?.index != index { unique.append(TextRef(index: index)) }
        guard unique.count > 1 else { return unique.count }
        unique.sort { compare($0, $1) < 0 }
        var distinct = 1
        for index in unique.indices.dropFirst() where !equal(unique[index - 1], unique[index]) { distinct += 1 }
        return distinct
    }

    @inline(__always)
    private func withBytes<Result>(_ ref: TextRef, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let start = ref.position == 0 ? 0 : ends[ref.position - 1]
        return bytes.withUnsafeBufferPointer { all in
            body(UnsafeBufferPointer(rebasing: all[start..<ends[ref.position]]))
        }
    }

    @inline(__always)
    private static func same(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        a.count == b.count && (a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
    }
}

/// An optional text ref in four bytes: `UInt32.max` stands for none.
@propertyWrapper
public struct PackedTextRef: Sendable, Hashable {
    private var raw: UInt32

    public init(wrappedValue: TextRef?) { raw = wrappedValue?.index ?? .max }

    public var wrappedValue: TextRef? {
        get { raw == .max ? nil : TextRef(index: raw) }
        set { raw = newValue?.index ?? .max }
    }
}
