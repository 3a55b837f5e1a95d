import RapportCore

/// The table registry (docs/reference.md#the-tables-csv-schema): each of
/// the ten tables once, with its schema, its decoder, where its records go
/// in the model and its checks against the other tables — each table's own
/// pieces in its file in `Tables/`. Every data source loops over
/// `TableKind.allCases` and calls `decode`, so a new table is a case here
/// and its file, and a new source never repeats the dispatch
/// (docs/ARCHITECTURE.md#where-things-live-and-how-to-add-one).
///
/// A switch rather than a list of closures: `decode` stays generic over the
/// record type, so a CSV line's fields are read without dynamic dispatch —
/// orders are 16 million records at 100,000 accounts.
public enum TableKind: String, CaseIterable, Sendable {
    case accounts, reps, products, orders, tickets, interactions, feedback, referrals, prospects, opportunities

    public var schema: TableSchema {
        switch self {
        case .accounts: return .accounts
        case .reps: return .reps
        case .products: return .products
        case .orders: return .orders
        case .tickets: return .tickets
        case .interactions: return .interactions
        case .feedback: return .feedback
        case .referrals: return .referrals
        case .prospects: return .prospects
        case .opportunities: return .opportunities
        }
    }

    /// What decoding a site's tables carries from record to record beside
    /// the model: the symbols and texts the records intern (kept apart from
    /// the model's while a source reads, so orders can be read on a core of
    /// their own and merged after), the running order total, and the
    /// referral pairs seen (a repeated pair is an error).
    public struct Decoding: Sendable {
        var orders: RecordDecoder.OrderState
        var referralPairs: [String: RecordOrigin] = [:]

        public init(symbols: SymbolTable = SymbolTable(), texts: TextStore = TextStore()) {
            orders = RecordDecoder.OrderState(symbols: symbols, texts: texts)
        }

        public var symbols: SymbolTable {
            get { orders.symbols }
            set { orders.symbols = newValue }
        }
        public var texts: TextStore {
            get { orders.texts }
            set { orders.texts = newValue }
        }
    }

    /// Decodes one record of this table and appends it to its place in
    /// `model`; a record with a problem becomes diagnostics instead.
    public func decode<Row: RecordFields>(
        _ row: Row, into model: inout SiteModel, _ state: inout Decoding, _ d: inout Diagnostics
    ) {
        switch self {
        case .accounts: RecordDecoder.account(row, &d).map { model.accounts.append($0) }
        case .reps: RecordDecoder.rep(row, &d).map { model.reps.append($0) }
        case .products: RecordDecoder.product(row, &d).map { model.products.append($0) }
        case .orders: RecordDecoder.order(row, &state.orders, &d).map { model.orders.append($0) }
        case .tickets: RecordDecoder.ticket(row, &state.orders.symbols, &d).map { model.tickets.append($0) }
        case .interactions:
            RecordDecoder.interaction(row, &state.orders.symbols, &state.orders.texts, &d).map {
                model.interactions.append($0)
            }
        case .feedback: RecordDecoder.feedback(row, &state.orders.symbols, &d).map { model.feedback.append($0) }
        case .referrals: RecordDecoder.referral(row, seen: &state.referralPairs, &d).map { model.referrals.append($0) }
        case .prospects: RecordDecoder.prospect(row, &d).map { model.prospects.append($0) }
        case .opportunities: RecordDecoder.opportunity(row, &d).map { model.opportunities.append($0) }
        }
    }

    /// This table's checks against the others (its keys, the ids it refers
    /// to), once every table is read.
    func check(_ checks: inout TableChecks) {
        switch self {
        case .accounts: checks.checkAccounts()
        case .reps: checks.checkReps()
        case .products: checks.checkProducts()
        case .orders: checks.checkOrders()
        case .tickets: checks.checkTickets()
        case .interactions: checks.checkInteractions()
        case .feedback: checks.checkFeedback()
        case .referrals: checks.checkReferrals()
        case .prospects: checks.checkProspects()
        case .opportunities: checks.checkOpportunities()
        }
    }

    /// Room for `count` more records where this table's records go: a CSV
    /// source knows its file's size before it reads a row.
    func reserve(_ count: Int, in model: inout SiteModel) {
        switch self {
        case .orders: model.orders.reserveCapacity(model.orders.count + count)
        case .interactions: model.interactions.reserveCapacity(model.interactions.count + count)
        default: break
        }
    }
}
