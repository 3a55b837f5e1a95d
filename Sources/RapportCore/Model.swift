/// The typed model that the load stage produces and the analyze stage reads.
/// One struct per table of docs/reference.md#the-tables-csv-schema; optional columns are optionals.

public enum ProductKind: String, Sendable, CaseIterable { case product, service, maintenance, consumable }
public enum TicketSeverity: String, Sendable, CaseIterable { case low, medium, high, critical }
public enum InteractionKind: String, Sendable, CaseIterable {
    case call, email, meeting, review, event, visit, newsletter
}

public struct Account: Sendable {
    public var id: AccountID
    public var name: String
    public var industry: String?
    public var employees: Int?
    public var region: String?
    public var owner: RepID?
    public var customerSince: Day?
    public var budget: Money?
    public var lastReview: Day?
    public var status: String?
    public var community: Bool?
    public var perks: Bool?
    /// Set when `owner` was not in the account's record but taken from its
    /// deals (site.yaml `owner_from`): which deal, so the brief can say so.
    public var ownerFrom: OwnerFrom?
    private var storedNumber: Int32
    /// The record's number in its table (its line in a CSV file):
    /// `SiteModel.recordOrigins` turns it into an origin.
    public var recordNumber: Int { Int(storedNumber) }
    public init(id: AccountID, name: String, recordNumber: Int) {
        self.id = id
        self.name = name
        storedNumber = Int32(clamping: recordNumber)
    }
}

/// Where an account's owner came from when its record named none
/// (docs/reference.md#owners-from-deals-owner_from).
public struct OwnerFrom: Sendable, Equatable {
    public enum Rule: String, Sendable, Equatable {
        /// The rep of the latest deal.
        case latest
        /// The rep of the largest deal.
        case largest
    }

    public enum Deals: String, Sendable, Equatable {
        case orders, opportunities
    }

    public var deals: Deals
    public var rule: Rule
    /// The deal the owner was taken from: its day and amount.
    public var day: Day?
    public var amount: Money?

    public init(deals: Deals, rule: Rule, day: Day? = nil, amount: Money? = nil) {
        self.deals = deals
        self.rule = rule
        self.day = day
        self.amount = amount
    }
}

public struct Rep: Sendable {
    public var id: RepID
    public var name: String
    public var email: String?
    public var team: String?
    public var manager: RepID?
    private var storedNumber: Int32
    /// The record's number in its table (its line in a CSV file):
    /// `SiteModel.recordOrigins` turns it into an origin.
    public var recordNumber: Int { Int(storedNumber) }
    public init(id: RepID, name: String, recordNumber: Int) {
        self.id = id
        self.name = name
        storedNumber = Int32(clamping: recordNumber)
    }
}

public struct Product: Sendable {
    public var sku: SKU
    public var name: String
    public var family: String?
    public var kind: ProductKind?
    public var listPrice: Money?
    public var replacementMonths: Int?
    private var storedNumber: Int32
    /// The record's number in its table (its line in a CSV file):
    /// `SiteModel.recordOrigins` turns it into an origin.
    public var recordNumber: Int { Int(storedNumber) }
    public init(sku: SKU, name: String, recordNumber: Int) {
        self.sku = sku
        self.name = name
        storedNumber = Int32(clamping: recordNumber)
    }
}

public struct Order: Sendable {
    // Orders are most of a portfolio's records (twelve million lines at
    // 100,000 accounts): text is kept as symbols of `SiteModel.symbols`,
    // numbers and dates in 32 bits, and the file is the orders table's
    // (`SiteModel.recordOrigins`), not a copy per row — 40 bytes a line.
    /// The account id as written in the row.
    public var account: Interned<AccountID>
    @PackedDay public var date: Day
    public var amount: Money
    /// In `SiteModel.texts`.
    @PackedTextRef public var orderID: TextRef?
    @PackedSymbol public var sku: Interned<SKU>?
    /// The rep who made the sale, when the export says.
    @PackedSymbol public var rep: Interned<RepID>?
    private var storedNumber: Int32
    @PackedCount public var quantity: Int?

    /// The record's number in the orders table (its line in a CSV file):
    /// `SiteModel.recordOrigins` turns it into an origin.
    public var recordNumber: Int { Int(storedNumber) }

    public init(
        account: Interned<AccountID>, date: Day, amount: Money, recordNumber: Int, orderID: TextRef? = nil,
        sku: Interned<SKU>? = nil, quantity: Int? = nil, rep: Interned<RepID>? = nil
    ) {
        self.account = account
        self.date = date
        self.amount = amount
        storedNumber = Int32(clamping: recordNumber)
        self.orderID = orderID
        self.sku = sku
        self.quantity = quantity
        self.rep = rep
    }
}

public struct Ticket: Sendable {
    public var id: TicketID
    public var account: Interned<AccountID>
    @PackedDay public var opened: Day
    @PackedOptionalDay public var resolved: Day?
    public var severity: TicketSeverity?
    public var category: String?
    @PackedCount public var contacts: Int?
    @PackedCount public var effort: Int?
    @PackedSymbol public var sku: Interned<SKU>?
    private var storedNumber: Int32

    /// The record's number in the tickets table (its line in a CSV file).
    public var recordNumber: Int { Int(storedNumber) }

    public init(id: TicketID, account: Interned<AccountID>, opened: Day, recordNumber: Int) {
        self.id = id
        self.account = account
        self.opened = opened
        storedNumber = Int32(clamping: recordNumber)
    }
}

/// A contact with the account. The second-largest table (three million
/// rows at 100,000 accounts): symbols and 32-bit fields like `Order`.
public struct Interaction: Sendable {
    public var account: Interned<AccountID>
    @PackedDay public var date: Day
    @PackedSymbol public var rep: Interned<RepID>?
    @PackedSymbol public var competitor: Symbol?
    /// In `SiteModel.texts`.
    @PackedTextRef public var note: TextRef?
    private var storedNumber: Int32
    public var kind: InteractionKind

    /// The record's number in the interactions table (its line in a CSV file).
    public var recordNumber: Int { Int(storedNumber) }

    public init(account: Interned<AccountID>, date: Day, kind: InteractionKind, recordNumber: Int) {
        self.account = account
        self.date = date
        self.kind = kind
        storedNumber = Int32(clamping: recordNumber)
    }
}

public struct Feedback: Sendable {
    public var account: Interned<AccountID>
    public var date: Day
    public var nps: Int?
    public var themes: [String] = []
    public var quote: String?
    private var storedNumber: Int32
    /// The record's number in its table (its line in a CSV file):
    /// `SiteModel.recordOrigins` turns it into an origin.
    public var recordNumber: Int { Int(storedNumber) }
    public init(account: Interned<AccountID>, date: Day, recordNumber: Int) {
        self.account = account
        self.date = date
        storedNumber = Int32(clamping: recordNumber)
    }
}

public struct Referral: Sendable {
    public var referrerID: AccountID
    public var referredID: AccountID
    public var date: Day?
    private var storedNumber: Int32
    /// The record's number in its table (its line in a CSV file):
    /// `SiteModel.recordOrigins` turns it into an origin.
    public var recordNumber: Int { Int(storedNumber) }
    public init(referrerID: AccountID, referredID: AccountID, recordNumber: Int) {
        self.referrerID = referrerID
        self.referredID = referredID
        storedNumber = Int32(clamping: recordNumber)
    }
}

/// A deal: open, won or lost by its stage (the open pipeline,
/// docs/reference.md#the-tables-csv-schema, opportunities).
public struct Opportunity: Sendable {
    public var id: OpportunityID
    public var account: AccountID
    public var stage: String?
    public var amount: Money?
    public var closeDate: Day?
    public var owner: RepID?
    /// The chance the deal is won, 0…1.
    public var probability: Double?
    public var nextStep: String?
    public var recordNumber: Int
    public init(id: OpportunityID, account: AccountID, recordNumber: Int) {
        self.id = id
        self.account = account
        self.recordNumber = recordNumber
    }
}

/// Where a deal stands, read from its stage's words.
public enum DealStage: String, Sendable {
    case open, won, lost

    /// "Closed Won", "closedwon", "Won" are won; "Closed Lost", "lost",
    /// a bare "Closed" are lost; every other stage ("Prospecting",
    /// "Engaging", none) is open (docs/methodology.md#the-open-pipeline).
    public init(_ stage: String?) {
        let words = (stage ?? "").lowercased().filter { $0.isLetter }
        if words.contains("won") {
            self = .won
        } else if words.contains("lost") || words == "closed" {
            self = .lost
        } else {
            self = .open
        }
    }
}

/// A Markdown document with its front matter: a playbook or a free page.
public struct Document: Sendable {
    /// File name without extension; becomes the page's slug.
    public var id: String
    public var title: String
    public var html: String
    public var origin: RecordOrigin
    /// Front-matter fields other than the title, as text, for templates.
    public var fields: [String: String]
    /// `{{name}}` placeholders in the Markdown body, where they were written;
    /// the analyze stage checks the names, the render stage fills them per account.
    public var placeholders: [(name: String, location: SourceLocation)] = []
    public init(id: String, title: String, html: String, origin: RecordOrigin, fields: [String: String] = [:]) {
        self.id = id
        self.title = title
        self.html = html
        self.origin = origin
        self.fields = fields
    }
}

/// Whom a playbook is for: the accounts' briefs (the default) or the
/// prospects' pages (`for: prospects` in its front matter).
public enum PlaybookAudience: String, Sendable, CaseIterable {
    case accounts, prospects
}

public struct Playbook: Sendable {
    public var document: Document
    public var audience: PlaybookAudience = .accounts
    /// The `when` expression as written; evaluated by the analyze stage.
    public var when: String?
    public var whenLocation: SourceLocation?
    public var pillar: String?
    public var priority: Int
    public init(document: Document, when: String?, whenLocation: SourceLocation?, pillar: String?, priority: Int) {
        self.document = document
        self.when = when
        self.whenLocation = whenLocation
        self.pillar = pillar
        self.priority = priority
    }
}

/// A company a rep is courting: not a customer yet, so it has no orders,
/// only what it is like (industry, size) and when the rep meets it next.
public struct Prospect: Sendable {
    public var id: ProspectID
    public var name: String
    public var industry: String?
    public var employees: Int?
    public var region: String?
    public var owner: RepID?
    public var stage: String?
    public var nextMeeting: Day?
    public var note: String?
    private var storedNumber: Int32
    /// The record's number in its table (its line in a CSV file):
    /// `SiteModel.recordOrigins` turns it into an origin.
    public var recordNumber: Int { Int(storedNumber) }
    public init(id: ProspectID, name: String, recordNumber: Int) {
        self.id = id
        self.name = name
        storedNumber = Int32(clamping: recordNumber)
    }
}

/// The site's settings from `site.yaml`, resolved.
public struct SiteSettings: Sendable {
    public var title: String = "Rapport"
    public var currency: String = "USD"
    /// `as_of` as site.yaml writes it; the build's as-of date (this, or
    /// `--as-of`, or today) is `Portfolio.asOf`, the one every stage reads.
    public var asOf: Day?
    public var theme: String = "default"
    /// Where site.yaml sets `theme`, so a theme that is not found is reported there.
    public var themeLocation: SourceLocation?
    /// Raw HTML in Markdown is dropped unless the site opts in.
    public var allowRawHTML: Bool = false
    /// Where the portal is published, ending in "/": e-mails and the feed
    /// need absolute links. Nil: e-mails name accounts without links.
    public var baseURL: String?
    /// The paper review packets are laid out for: "A4" or "Letter".
    public var pageSize: String = "A4"
    /// Rows per page of the accounts list.
    public var accountsPerPage = 1_000
    public var scoring = ScoringSettings()
    public var pitch = PitchSettings()
    /// The audiences that get portals of their own; nil: one portal.
    public var portals: PortalSettings?
    public init() {}

    /// The symbol printed before amounts; the ISO code when unknown.
    public var currencySymbol: String {
        switch currency.uppercased() {
        case "USD": return "$"
        case "EUR": return "€"
        case "GBP": return "£"
        case "JPY": return "¥"
        case "INR": return "₹"
        case "PKR": return "Rs "
        default: return currency.uppercased() + " "
        }
    }
}

/// Everything the load stage read from a site folder.
public struct SiteModel: Sendable {
    public var settings = SiteSettings()
    public var accounts: [Account] = []
    public var reps: [Rep] = []
    public var products: [Product] = []
    public var orders: [Order] = []
    public var tickets: [Ticket] = []
    public var interactions: [Interaction] = []
    public var feedback: [Feedback] = []
    public var referrals: [Referral] = []
    public var prospects: [Prospect] = []
    public var opportunities: [Opportunity] = []
    public var playbooks: [Playbook] = []
    public var freePages: [Document] = []
    /// Optional tables that were absent, so pages can say what is missing.
    public var absentTables: Set<String> = []
    /// Where each table was read from, to turn a record's number into its
    /// origin: records keep 4 bytes, not a 40-byte origin each
    /// (docs/ARCHITECTURE.md#where-things-live-and-how-to-add-one).
    public var recordOrigins: [String: TableOrigins] = [:]
    /// The text of the records' identifiers: account ids, SKUs, reps,
    /// competitors. Few enough (a few hundred thousand) to stay in cache
    /// while ten million rows are interned.
    public var symbols = SymbolTable()
    /// The text of order ids and interaction notes: millions of distinct
    /// values, stored without an index (`TextStore`).
    public var texts = TextStore()
    public init() {}

    /// The model without its per-account records (orders, tickets,
    /// interactions, feedback, referrals), once the analysis has grouped them
    /// by account: the page builder needs settings, accounts, reps, products,
    /// playbooks and pages only.
    public func releasingRecords() -> SiteModel {
        var lean = self
        lean.orders = []
        lean.tickets = []
        lean.interactions = []
        lean.feedback = []
        lean.referrals = []
        return lean
    }

    /// Rows of all nine tables: what the load stage read.
    public var recordCount: Int {
        accounts.count + reps.count + products.count + orders.count + tickets.count + interactions.count
            + feedback.count + referrals.count + prospects.count
    }
}
