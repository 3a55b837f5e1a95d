/// An identifier of one kind of record, as its table writes it: an account,
/// a rep, a product, a prospect or a ticket. One type per kind, so a rep id
/// cannot be looked up among accounts (docs/reference.md#the-tables-csv-schema). The text is
/// kept as written; ids compare and sort by it.
public protocol RecordID: Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    var text: String { get }
    init(_ text: String)
}

extension RecordID {
    public init(stringLiteral value: String) { self.init(value) }
    public var description: String { text }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.text < rhs.text }
}

/// `account_id`, and the `referrer_id`/`referred_id` of a referral.
public struct AccountID: RecordID {
    public let text: String
    public init(_ text: String) { self.text = text }
}

/// `rep_id`, an account's or prospect's `owner`, an order's or interaction's `rep`.
public struct RepID: RecordID {
    public let text: String
    public init(_ text: String) { self.text = text }
}

/// A product's `sku`.
public struct SKU: RecordID {
    public let text: String
    public init(_ text: String) { self.text = text }
}

/// `prospect_id`.
public struct ProspectID: RecordID {
    public let text: String
    public init(_ text: String) { self.text = text }
}

/// `ticket_id`.
public struct TicketID: RecordID {
    public let text: String
    public init(_ text: String) { self.text = text }
}

/// `opportunity_id`.
public struct OpportunityID: RecordID {
    public let text: String
    public init(_ text: String) { self.text = text }
}
