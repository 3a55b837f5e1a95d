import Foundation
import RapportCore

/// The load stage: a site folder → a typed `SiteModel` plus diagnostics.
public enum SiteLoader {
    /// - Parameter directory: the site folder as the user named it; paths in
    ///   diagnostics start with it so they can be clicked in a terminal.
    /// - Parameter source: where the records come from; the CSV files of the
    ///   folder's `data/` when nil.
    public static func load(directory: String, source: (any DataSource)? = nil) -> (SiteModel, Diagnostics) {
        var diagnostics = Diagnostics()
        var model = SiteModel()
        let root = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        let configPath = root + "/site.yaml"
        var config = SiteConfig()
        let boundary = SiteBoundary(root: root)
        if !boundary.admitsFile(configPath, stage: .load, &diagnostics) {
            // Said; the defaults stand in so the rest is still checked.
        } else if let data = FileManager.default.contents(atPath: configPath) {
            if let text = String(validating: [UInt8](data), as: UTF8.self) {
                config = SiteConfig.parse(text, file: configPath, diagnostics: &diagnostics)
            } else {
                diagnostics.error(
                    .invalidUTF8, at: SourceLocation(file: configPath), stage: .load, "site.yaml is not valid UTF-8")
            }
        } else if !FileManager.default.fileExists(atPath: root) {
            diagnostics.error(.unreadableFile, at: SourceLocation(file: root), stage: .load, "site folder not found")
            return (model, diagnostics)
        } else {
            diagnostics.error(
                .unreadableFile, at: SourceLocation(file: configPath), stage: .load,
                "site.yaml not found (run 'rapport new DIR' for a starting point)")
        }
        model.settings = config.settings
        let source = source ?? CSVFolderSource(directory: root + "/data", boundary: boundary)
        source.read(into: &model, config: config, diagnostics: &diagnostics)
        var pending: [FieldLocator.Pending] = []
        checkKeys(model, &pending)
        let tally = checkReferences(model, &pending)
        FieldLocator.place(pending, config: config, &diagnostics)
        tally.summarise(&diagnostics)

        (model.playbooks, model.freePages) = documents(
            directory: root, allowRawHTML: config.settings.allowRawHTML, boundary: boundary, &diagnostics)
        return (model, diagnostics)
    }

    /// The site's playbooks and free pages, read again on their own by
    /// `rapport serve` after one of them is edited.
    public static func documents(directory: String, allowRawHTML: Bool, _ diagnostics: inout Diagnostics) -> (
        playbooks: [Playbook], pages: [Document]
    ) {
        let root = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        return documents(
            directory: root, allowRawHTML: allowRawHTML, boundary: SiteBoundary(root: root), &diagnostics)
    }

    static func documents(
        directory root: String, allowRawHTML: Bool, boundary: SiteBoundary, _ diagnostics: inout Diagnostics
    ) -> (playbooks: [Playbook], pages: [Document]) {
        var playbooks: [Playbook] = [], pages: [Document] = []
        for name in DocumentLoader.markdownFiles(in: root + "/playbooks") {
            let path = root + "/playbooks/" + name
            if boundary.admitsFile(path, stage: .load, &diagnostics),
                let playbook = DocumentLoader.playbook(
                    path: path, display: path, allowRawHTML: allowRawHTML, diagnostics: &diagnostics)
            {
                playbooks.append(playbook)
            }
        }
        for name in DocumentLoader.markdownFiles(in: root + "/pages") {
            let path = root + "/pages/" + name
            if boundary.admitsFile(path, stage: .load, &diagnostics),
                let parsed = DocumentLoader.read(
                    path: path, display: path, allowRawHTML: allowRawHTML, diagnostics: &diagnostics)
            {
                pages.append(parsed.document)
            }
        }
        return (playbooks, pages)
    }

    /// Duplicate keys are errors naming both lines: two rows for one account
    /// would otherwise silently merge or overwrite each other.
    static func checkKeys(_ model: SiteModel, _ pending: inout [FieldLocator.Pending]) {
        func check<ID: RecordID>(
            _ schema: TableSchema, _ what: String, _ column: Column, _ keys: [(ID, RecordOrigin)]
        ) {
            var first: [ID: RecordOrigin] = [:]
            for (key, origin) in keys {
                if let previous = first[key] {
                    pending.append(
                        FieldLocator.Pending(
                            diagnostic: Diagnostic(
                                .error, .duplicateKey, at: origin.location, stage: .load,
                                "duplicate \(what) key '\(key)' (first on \(previous.place))"),
                            schema: schema, column: column))
                } else {
                    first[key] = origin
                }
            }
        }
        func origin(_ table: TableSchema, _ number: Int) -> RecordOrigin {
            model.recordOrigins[table.name]!.origin(ofRecord: number)
        }
        check(.accounts, "account", .accountID, model.accounts.map { ($0.id, origin(.accounts, $0.recordNumber)) })
        check(.reps, "rep", .repID, model.reps.map { ($0.id, origin(.reps, $0.recordNumber)) })
        check(.products, "product", .sku, model.products.map { ($0.sku, origin(.products, $0.recordNumber)) })
        check(
            .prospects, "prospect", .prospectID,
            model.prospects.map { ($0.id, origin(.prospects, $0.recordNumber)) })
        check(.tickets, "ticket", .ticketID, model.tickets.map { ($0.id, origin(.tickets, $0.recordNumber)) })
    }

    /// Rows that point at accounts, products or reps that do not exist are
    /// kept out of the analysis and reported: one warning per row, plus one
    /// summary per table so a wrong export is obvious at a glance.
    static func checkReferences(_ model: SiteModel, _ pending: inout [FieldLocator.Pending]) -> ReferenceTally {
        let accounts = Set(model.accounts.map(\.id))
        let skus = model.absentTables.contains("products") ? nil : Set(model.products.map(\.sku))
        let reps = model.absentTables.contains("reps") ? nil : Set(model.reps.map(\.id))
        // Records hold symbols: which symbols name a known id, by index, so
        // checking ten million order lines hashes nothing.
        func known<ID: RecordID>(_ ids: Set<ID>?) -> [Bool]? {
            guard let ids else { return nil }
            var known = model.symbols.table(filledWith: false)
            for id in ids { if let symbol = model.symbols.lookup(id.text) { known[symbol.position] = true } }
            return known
        }
        let knownAccounts = known(accounts), knownSKUs = known(skus), knownReps = known(reps)
        let symbols = model.symbols
        var tally = ReferenceTally()
        // Made only for a record that has a problem; every table with
        // records has its origins.
        func origin(_ table: TableSchema, _ number: Int) -> () -> RecordOrigin {
            { model.recordOrigins[table.name]!.origin(ofRecord: number) }
        }
        for account in model.accounts {
            tally.check(
                account.owner, in: reps, .accounts, .owner, "account", "owner", &pending,
                origin: origin(.accounts, account.recordNumber))
        }
        for prospect in model.prospects {
            tally.check(
                prospect.owner, in: reps, .prospects, .owner, "prospect", "owner", &pending,
                origin: origin(.prospects, prospect.recordNumber))
        }
        // By index: `for order in orders` copied each order (perf).
        for index in model.orders.indices {
            let line = model.orders[index].recordNumber
            tally.check(
                model.orders[index].account, in: knownAccounts, symbols, .orders, .accountID, "order", "account",
                &pending, origin: origin(.orders, line))
            tally.check(
                model.orders[index].sku, in: knownSKUs, symbols, .orders, .sku, "order", "SKU", &pending,
                origin: origin(.orders, line))
            tally.check(
                model.orders[index].rep, in: knownReps, symbols, .orders, .rep, "order", "rep", &pending,
                origin: origin(.orders, line))
        }
        for ticket in model.tickets {
            let origin = origin(.tickets, ticket.recordNumber)
            tally.check(
                ticket.account, in: knownAccounts, symbols, .tickets, .accountID, "ticket", "account", &pending,
                origin: origin)
            tally.check(ticket.sku, in: knownSKUs, symbols, .tickets, .sku, "ticket", "SKU", &pending, origin: origin)
        }
        for interaction in model.interactions {
            let origin = origin(.interactions, interaction.recordNumber)
            tally.check(
                interaction.account, in: knownAccounts, symbols, .interactions, .accountID, "interaction", "account",
                &pending, origin: origin)
            tally.check(
                interaction.rep, in: knownReps, symbols, .interactions, .rep, "interaction", "rep", &pending,
                origin: origin)
        }
        for feedback in model.feedback {
            tally.check(
                feedback.account, in: knownAccounts, symbols, .feedback, .accountID, "feedback row", "account",
                &pending, origin: origin(.feedback, feedback.recordNumber))
        }
        for referral in model.referrals {
            let origin = origin(.referrals, referral.recordNumber)
            tally.check(
                referral.referrerID, in: accounts, .referrals, .referrerID, "referral", "account", &pending,
                origin: origin)
            tally.check(
                referral.referredID, in: accounts, .referrals, .referredID, "referral", "account", &pending,
                origin: origin)
        }
        return tally
    }
}

/// Counts rows that refer to unknown ids, for one summary per kind of row.
struct ReferenceTally {
    struct Group {
        var file: String
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
        var entry = groups[key] ?? (what, kind, Group(file: origin.source))
        entry.group.rows += 1
        entry.group.ids[id, default: 0] += 1
        groups[key] = entry
    }

    func summarise(_ diagnostics: inout Diagnostics) {
        for (_, entry) in groups.sorted(by: { $0.key < $1.key }) {
            let (what, kind, group) = entry
            let names = group.ids.keys.sorted().prefix(5).joined(separator: ", ")
            let more = group.ids.count > 5 ? ", …" : ""
            diagnostics.warning(
                .unknownReference, at: SourceLocation(file: group.file), stage: .load,
                "\(group.rows) \(what)\(group.rows == 1 ? " references" : "s reference") \(group.ids.count) unknown "
                    + "\(kind)\(group.ids.count == 1 ? "" : "s"): \(names)\(more); they are left out")
        }
    }
}
