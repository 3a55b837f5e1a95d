import RapportCore

/// The checks across a site's tables, once every source has been read
/// (docs/reference.md#the-tables-csv-schema). A duplicate key is an error
/// naming both records: two rows for one account would otherwise silently
/// merge or overwrite each other. A record that points at an account,
/// product or rep that does not exist is kept out of the analysis and
/// reported: one warning per record, plus one summary per kind so a wrong
/// export is obvious at a glance. Each table states its own checks in its
/// file in `Tables/`; `TableKind.check` runs them.
struct TableChecks {
    let model: SiteModel
    let accounts: Set<AccountID>
    /// nil when the site has no such table: nothing can be checked against it.
    let skus: Set<SKU>?
    let reps: Set<RepID>?
    /// Records hold symbols: which symbols name a known id, by index, so
    /// checking ten million order lines hashes nothing.
    let knownAccounts: [Bool]?
    let knownSKUs: [Bool]?
    let knownReps: [Bool]?
    var pending: [FieldLocator.Pending] = []
    var tally = ReferenceTally()

    init(_ model: SiteModel) {
        self.model = model
        accounts = Set(model.accounts.map(\.id))
        skus = model.absentTables.contains("products") ? nil : Set(model.products.map(\.sku))
        reps = model.absentTables.contains("reps") ? nil : Set(model.reps.map(\.id))
        func known<ID: RecordID>(_ ids: Set<ID>?) -> [Bool]? {
            guard let ids else { return nil }
            var known = model.symbols.table(filledWith: false)
            for id in ids { if let symbol = model.symbols.lookup(id.text) { known[symbol.position] = true } }
            return known
        }
        knownAccounts = known(accounts)
        knownSKUs = known(skus)
        knownReps = known(reps)
    }

    /// A known id that `id` looks like a spelling of (`ValueSpellings`), for
    /// the kind of id a reference names; nil when none does.
    func lookalike(kind: String, id: String) -> String? {
        let known: [String]
        switch kind {
        case "account": known = accounts.map(\.text)
        case "SKU": known = skus.map { $0.map(\.text) } ?? []
        case "rep", "owner": known = reps.map { $0.map(\.text) } ?? []
        default: known = []
        }
        let folded = ValueSpellings.fold(id)
        guard !folded.isEmpty else { return nil }
        // Same but for case, spaces and punctuation: any number of ids;
        // one letter apart: a catalogue's worth, not every account.
        if let same = known.filter({ ValueSpellings.fold($0) == folded }).min() { return same }
        guard known.count <= 2_000 else { return nil }
        return known.filter { ValueSpellings.oneEditApart(ValueSpellings.fold($0), folded) }.min()
    }

    /// Each key once; `keys` are the keys with their records' numbers.
    mutating func uniqueKeys<ID: RecordID>(
        _ schema: TableSchema, _ what: String, _ column: Column, _ keys: [(ID, Int)]
    ) {
        guard let origins = model.recordOrigins[schema.name] else { return }
        var first: [ID: Int] = [:]
        for (key, record) in keys {
            if let previous = first[key] {
                pending.append(
                    FieldLocator.Pending(
                        diagnostic: Diagnostic(
                            .error, .duplicateKey, at: origins.origin(ofRecord: record).location, stage: .load,
                            "duplicate \(what) key '\(key)' (first on \(origins.origin(ofRecord: previous).place))"),
                        schema: schema, column: column))
            } else {
                first[key] = record
            }
        }
    }

    /// An id a record refers to, against the ids that exist (nil: the
    /// table that holds them is absent). `origin` is made only for a record
    /// with a problem.
    @inline(__always)
    mutating func reference<ID: RecordID>(
        _ id: ID?, in known: Set<ID>?, _ schema: TableSchema, _ column: Column, _ what: String, _ kind: String,
        origin: () -> RecordOrigin
    ) {
        tally.check(id, in: known, schema, column, what, kind, &pending, origin: origin)
    }

    /// The same for an id kept as a symbol.
    @inline(__always)
    mutating func reference<ID: RecordID>(
        _ id: Interned<ID>?, in known: [Bool]?, _ schema: TableSchema, _ column: Column, _ what: String,
        _ kind: String, origin: () -> RecordOrigin
    ) {
        tally.check(id, in: known, model.symbols, schema, column, what, kind, &pending, origin: origin)
    }
}

/// Counts rows that refer to unknown ids, for one summary per kind of row.
struct ReferenceTally {
    struct Group {
        var file: String
        /// "orders.sku": where an alias for the unknown ids would go.
        var column: String
        var rows = 0
        var ids: [String: Int] = [:]
    }
    /// Keyed by "what → kind"; summarised in sorted order.
    var groups: [String: (what: String, kind: String, group: Group)] = [:]

    @inline(__always)
    mutating func check<ID: RecordID>(
        _ id: ID?, in known: Set<ID>?, _ schema: TableSchema, _ column: Column, _ what: String,
        _ kind: String, _ pending: inout [FieldLocator.Pending], origin makeOrigin: () -> RecordOrigin
    ) {
        guard let id, let known, !known.contains(id) else { return }
        unknown(id.text, schema, column, what, kind, &pending, origin: makeOrigin())
    }

    /// A record table's id, kept as a symbol: known when `known` says so at its position.
    @inline(__always)
    mutating func check<ID: RecordID>(
        _ id: Interned<ID>?, in known: [Bool]?, _ symbols: SymbolTable, _ schema: TableSchema, _ column: Column,
        _ what: String, _ kind: String, _ pending: inout [FieldLocator.Pending], origin makeOrigin: () -> RecordOrigin
    ) {
        guard let id, let known, !known[id.position] else { return }
        unknown(symbols[id.symbol], schema, column, what, kind, &pending, origin: makeOrigin())
    }

    private mutating func unknown(
        _ id: String, _ schema: TableSchema, _ column: Column, _ what: String, _ kind: String,
        _ pending: inout [FieldLocator.Pending], origin: RecordOrigin
    ) {
        pending.append(
            FieldLocator.Pending(
                diagnostic: Diagnostic(
                    .warning, .unknownReference, at: origin.location, stage: .load,
                    "\(what) for unknown \(kind) '\(id)'"),
                schema: schema, column: column))
        let key = what + "\u{1}" + kind
        var entry = groups[key] ?? (what, kind, Group(file: origin.source, column: "\(schema.name).\(column.rawValue)"))
        entry.group.rows += 1
        entry.group.ids[id, default: 0] += 1
        groups[key] = entry
    }

    /// One warning per kind of row; an unknown id that looks like a known
    /// one ("GTXPro" for "GTX Pro", `lookalike`) says so and names the
    /// `values:` line that would join them (docs/reference.md#other-spellings-of-a-value-values).
    func summarise(_ diagnostics: inout Diagnostics, lookalike: (String, String) -> String? = { _, _ in nil }) {
        for (_, entry) in groups.sorted(by: { $0.key < $1.key }) {
            let (what, kind, group) = entry
            let names = group.ids.keys.sorted().prefix(5).joined(separator: ", ")
            let more = group.ids.count > 5 ? ", …" : ""
            // The most referenced first: a misspelling is usually one id on many rows.
            let hints = group.ids.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(3).compactMap {
                id, rows -> String? in
                lookalike(kind, id).map {
                    "'\(id)' (\(rows) \(what)\(rows == 1 ? "" : "s")) looks like the \(kind) '\($0)': if they are "
                        + "one, add it under values: \(group.column): { \"\(id)\": \"\($0)\" }"
                }
            }
            diagnostics.warning(
                .unknownReference, at: SourceLocation(file: group.file), stage: .load,
                "\(group.rows) \(what)\(group.rows == 1 ? " references" : "s reference") \(group.ids.count) unknown "
                    + "\(kind)\(group.ids.count == 1 ? "" : "s"): \(names)\(more); they are left out"
                    + hints.map { "; " + $0 }.joined())
        }
    }
}
