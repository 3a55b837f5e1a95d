#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A piece of text stored once in the model's `SymbolTable`: an account id,
/// SKU, rep, order id, competitor or note as the record tables hold them.
///
/// A table of ten million order lines repeats a few hundred SKUs and reps
/// and a few hundred thousand account ids: as `String`s they were 64 of an
/// order's 96 bytes and every comparison hashed them. As 4-byte numbers
/// records shrink to 40 bytes and grouping or looking up a product is an
/// array index. Equal text ⇔ equal symbol within one table; the numbers say
/// nothing about the text's order, so sort by the text when it reaches output.
public struct Symbol: Hashable, Sendable {
    public let index: UInt32

    public init(index: UInt32) { self.index = index }

    @inline(__always)
    public var position: Int { Int(index) }
}

/// Interned text: each distinct string once, in one byte buffer.
///
/// Built by the load stage (`intern`), read by every later stage (`text`,
/// `lookup`). A value type: copies share storage until one is changed, so
/// the frozen table is shared across threads freely. Open addressing with
/// FNV-1a over the bytes: no `String` is made to intern a CSV cell.
public struct SymbolTable: Sendable {
    private var bytes: [UInt8] = []
    /// `ends[i]` is where symbol i's bytes end; it starts where i-1 ends.
    private var ends: [Int] = []
    /// Per slot, the symbol's hash in the high 32 bits and its index + 1 in
    /// the low (0: empty), so a probe compares hashes without another
    /// memory access. A power of two, kept under half full.
    private var slots: [UInt64] = []

    public init() {}

    public var count: Int { ends.count }

    /// The symbol for these bytes, added if new.
    public mutating func intern(_ text: UnsafeBufferPointer<UInt8>) -> Symbol {
        let hash = Self.hash(text)
        if let found = find(text, hash: hash) { return found }
        if (ends.count + 1) * 2 > slots.count { grow() }
        let symbol = Symbol(index: UInt32(ends.count))
        bytes.append(contentsOf: text)
        ends.append(bytes.count)
        insert(symbol, hash: hash)
        return symbol
    }

    /// As `intern`, checking `hint` first: a column often repeats the row
    /// above (an order's lines, an account's orders), and comparing with one
    /// stored string is cheaper than hashing and probing.
    @inline(__always)
    public mutating func intern(_ text: UnsafeBufferPointer<UInt8>, hint: Symbol?) -> Symbol {
        if let hint, hint.position < ends.count, equals(hint.position, text) { return hint }
        return intern(text)
    }

    @inline(__always)
    private func equals(_ index: Int, _ text: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = index == 0 ? 0 : ends[index - 1]
        guard ends[index] - start == text.count else { return false }
        return bytes.withUnsafeBufferPointer { all in
            text.isEmpty || memcmp(all.baseAddress! + start, text.baseAddress!, text.count) == 0
        }
    }

    public mutating func intern(_ text: String) -> Symbol {
        var text = text
        return text.withUTF8 { intern($0) }
    }

    /// The symbol of text already in the table, or nil: for checking a
    /// reference without adding to the table.
    public func lookup(_ text: String) -> Symbol? {
        var text = text
        return text.withUTF8 { find($0, hash: Self.hash($0)) }
    }

    public func text(_ symbol: Symbol) -> String {
        let start = symbol.position == 0 ? 0 : ends[symbol.position - 1]
        return bytes.withUnsafeBufferPointer { all in
            String(decoding: UnsafeBufferPointer(rebasing: all[start..<ends[symbol.position]]), as: UTF8.self)
        }
    }

    public subscript(symbol: Symbol) -> String { text(symbol) }

    /// An array with one slot per symbol, for per-symbol facts (which account
    /// an id names, which product a SKU is) looked up by index.
    public func table<Value>(filledWith value: Value) -> [Value] {
        [Value](repeating: value, count: count)
    }

    private func find(_ text: UnsafeBufferPointer<UInt8>, hash: UInt32) -> Symbol? {
        guard !slots.isEmpty else { return nil }
        return slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var slot = Int(hash) & mask
            while true {
                let entry = slots[slot]
                if entry == 0 { return nil }
                if UInt32(truncatingIfNeeded: entry >> 32) == hash {
                    let index = Int(UInt32(truncatingIfNeeded: entry)) - 1
                    if equals(index, text) { return Symbol(index: UInt32(index)) }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    private mutating func insert(_ symbol: Symbol, hash: UInt32) {
        let mask = slots.count - 1
        var slot = Int(hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = UInt64(hash) << 32 | UInt64(symbol.index + 1)
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: max(64, slots.count * 2))
        for entry in old where entry != 0 {
            insert(Symbol(index: UInt32(truncatingIfNeeded: entry) - 1), hash: UInt32(truncatingIfNeeded: entry >> 32))
        }
    }

    /// FNV-1a over the bytes, then MurmurHash3's finaliser: ids that differ
    /// only in their last digits ("SO-100001", "SO-100002") otherwise land
    /// in neighbouring slots and lengthen the probes.
    @inline(__always)
    static func hash(_ text: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for byte in text { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        hash ^= hash >> 16
        hash &*= 0x85eb_ca6b
        hash ^= hash >> 13
        hash &*= 0xc2b2_ae35
        hash ^= hash >> 16
        return hash
    }
}

/// A value the record tables keep as a symbol of `SiteModel.symbols`: a
/// plain `Symbol` (a competitor's name), or an id of one kind (`Interned`).
public protocol SymbolBacked: Hashable, Sendable {
    var symbol: Symbol { get }
    init(_ symbol: Symbol)
}

extension Symbol: SymbolBacked {
    @inline(__always)
    public var symbol: Symbol { self }
    @inline(__always)
    public init(_ symbol: Symbol) { self = symbol }
}

/// An id of kind `ID` as the record tables keep it: the id's symbol, four
/// bytes where its text took sixteen plus storage, and still typed — an
/// order's rep cannot be looked up as its account. `symbols[id]` is the id.
public struct Interned<ID: RecordID>: SymbolBacked {
    public let symbol: Symbol
    @inline(__always)
    public init(_ symbol: Symbol) { self.symbol = symbol }
    @inline(__always)
    public var position: Int { symbol.position }
}

extension SymbolTable {
    public subscript<ID: RecordID>(id: Interned<ID>) -> ID { ID(text(id.symbol)) }

    /// The interned form of an id already in the table, or nil.
    public func lookup<ID: RecordID>(_ id: ID) -> Interned<ID>? { lookup(id.text).map(Interned.init) }
}

/// An optional symbol in four bytes (`Symbol?` takes eight in a record):
/// `UInt32.max` stands for none.
@propertyWrapper
public struct PackedSymbol<Value: SymbolBacked>: Sendable, Hashable {
    private var raw: UInt32

    public init(wrappedValue: Value?) { raw = wrappedValue?.symbol.index ?? .max }

    public var wrappedValue: Value? {
        get { raw == .max ? nil : Value(Symbol(index: raw)) }
        set { raw = newValue?.symbol.index ?? .max }
    }
}
