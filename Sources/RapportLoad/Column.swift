/// Every canonical column (docs/reference.md#the-tables-csv-schema). Decoders name columns through this
/// enum, so a misspelt column is a compile error, and the loader finds a
/// column's field by array index instead of hashing a string per value.
public enum Column: String, CaseIterable, Sendable, Comparable {
    case accountID = "account_id"
    case name
    case industry
    case employees
    case region
    case owner
    case customerSince = "customer_since"
    case budget
    case lastReview = "last_review"
    case status
    case community
    case perks
    case repID = "rep_id"
    case email
    case team
    case manager
    case sku
    case family
    case kind
    case listPrice = "list_price"
    case replacementMonths = "replacement_months"
    case date
    case amount
    case orderID = "order_id"
    case quantity
    case rep
    case ticketID = "ticket_id"
    case opened
    case resolved
    case severity
    case category
    case contacts
    case effort
    case competitor
    case note
    case nps
    case themes
    case quote
    case referrerID = "referrer_id"
    case referredID = "referred_id"
    case prospectID = "prospect_id"
    case stage
    case nextMeeting = "next_meeting"
    case opportunityID = "opportunity_id"
    case closeDate = "close_date"
    case probability
    case nextStep = "next_step"

    /// The position in `allCases`, for array-indexed lookups (a switch
    /// compiles to a jump table; a dictionary would hash).
    @inline(__always)
    public var ordinal: Int {
        switch self {
        case .accountID: return 0
        case .name: return 1
        case .industry: return 2
        case .employees: return 3
        case .region: return 4
        case .owner: return 5
        case .customerSince: return 6
        case .budget: return 7
        case .lastReview: return 8
        case .status: return 9
        case .community: return 10
        case .perks: return 11
        case .repID: return 12
        case .email: return 13
        case .team: return 14
        case .manager: return 15
        case .sku: return 16
        case .family: return 17
        case .kind: return 18
        case .listPrice: return 19
        case .replacementMonths: return 20
        case .date: return 21
        case .amount: return 22
        case .orderID: return 23
        case .quantity: return 24
        case .rep: return 25
        case .ticketID: return 26
        case .opened: return 27
        case .resolved: return 28
        case .severity: return 29
        case .category: return 30
        case .contacts: return 31
        case .effort: return 32
        case .competitor: return 33
        case .note: return 34
        case .nps: return 35
        case .themes: return 36
        case .quote: return 37
        case .referrerID: return 38
        case .referredID: return 39
        case .prospectID: return 40
        case .stage: return 41
        case .nextMeeting: return 42
        case .opportunityID: return 43
        case .closeDate: return 44
        case .probability: return 45
        case .nextStep: return 46
        }
    }

    public static func < (lhs: Column, rhs: Column) -> Bool { lhs.rawValue < rhs.rawValue }
}
