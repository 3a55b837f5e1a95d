/// Record fields in 32 bits. The record tables hold millions of rows, and a
/// `Day` or an `Int?` takes 8 or 9 bytes where 4 are plenty; these wrappers
/// keep the field's type at the use site and the bytes small in the array.

/// A day in four bytes (`Day` holds an `Int`): records keep their dates in
/// 32 bits, ±5 million years around 1970.
@propertyWrapper
public struct PackedDay: Sendable, Hashable {
    private var ordinal: Int32

    public init(wrappedValue: Day) { ordinal = Int32(clamping: wrappedValue.ordinal) }

    public var wrappedValue: Day {
        get { Day(ordinal: Int(ordinal)) }
        set { ordinal = Int32(clamping: newValue.ordinal) }
    }
}

/// An optional day in four bytes: `Int32.min` stands for none.
@propertyWrapper
public struct PackedOptionalDay: Sendable, Hashable {
    private var ordinal: Int32

    public init(wrappedValue: Day?) { ordinal = wrappedValue.map { Int32(clamping: $0.ordinal) } ?? .min }

    public var wrappedValue: Day? {
        get { ordinal == .min ? nil : Day(ordinal: Int(ordinal)) }
        set { ordinal = newValue.map { Int32(clamping: $0.ordinal) } ?? .min }
    }
}

/// An optional count in four bytes: `Int32.min` stands for none. The loader
/// bounds the values it stores (quantities, contacts, effort) well inside.
@propertyWrapper
public struct PackedCount: Sendable, Hashable {
    private var value: Int32

    public init(wrappedValue: Int?) { value = wrappedValue.map { Int32(clamping: $0) } ?? .min }

    public var wrappedValue: Int? {
        get { value == .min ? nil : Int(value) }
        set { value = newValue.map { Int32(clamping: $0) } ?? .min }
    }
}
