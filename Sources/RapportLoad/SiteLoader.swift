import Foundation
import RapportCore

/// The load stage: a site folder → a typed `SiteModel` plus diagnostics.
public enum SiteLoader {
    /// - Parameter directory: the site folder as the user named it; paths in
    ///   diagnostics start with it so they can be clicked in a terminal.
    public static func load(directory: String) -> (SiteModel, Diagnostics) {
        var diagnostics = Diagnostics()
        var model = SiteModel()
        let root = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        let configPath = root + "/site.yaml"
        var config = SiteConfig()
        let boundary = SiteBoundary(root: root)
        if !boundary.admits(configPath, stage: .load, &diagnostics) {
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
        loadTables(into: &model, config: config, root: root, boundary: boundary, diagnostics: &diagnostics)
        var pending: [FieldLocator.Pending] = []
        checkKeys(model, &pending)
        let tally = checkReferences(model, &pending)
        FieldLocator.place(pending, config: config, &diagnostics)
        tally.summarise(&diagnostics)

        for name in DocumentLoader.markdownFiles(in: root + "/playbooks") {
            let path = root + "/playbooks/" + name
            if boundary.admits(path, stage: .load, &diagnostics),
                let playbook = DocumentLoader.playbook(
                    path: path, display: path, allowRawHTML: config.settings.allowRawHTML, diagnostics: &diagnostics)
            {
                model.playbooks.append(playbook)
            }
        }
        for name in DocumentLoader.markdownFiles(in: root + "/pages") {
            let path = root + "/pages/" + name
            if boundary.admits(path, stage: .load, &diagnostics),
                let parsed = DocumentLoader.read(
                    path: path, display: path, allowRawHTML: config.settings.allowRawHTML, diagnostics: &diagnostics)
            {
                model.pages.append(parsed.document)
            }
        }
        return (model, diagnostics)
    }

    /// Orders are most of an export (580 of 850 MB at 100,000 accounts):
    /// they are read on a second core while this one reads the other tables,
    /// each side into its own symbol table and text store, and merged after.
    static func loadTables(
        into model: inout SiteModel, config: SiteConfig, root: String, boundary: SiteBoundary,
        diagnostics: inout Diagnostics
    ) {
        let data = root + "/data"
        var before = Diagnostics(), after = Diagnostics()
        var (orders, _) = concurrently({ readOrders(config: config, data: data, boundary: boundary) }) {
            loadOtherTables(
                into: &model, config: config, data: data, boundary: boundary, before: &before, after: &after)
        }
        // Diagnostics in table order, as when the tables were read one by
        // one: accounts, reps and products, then orders, then the rest.
        diagnostics.append(contentsOf: before)
        diagnostics.append(contentsOf: orders.diagnostics)
        diagnostics.append(contentsOf: after)
        merge(&orders, into: &model)
    }

    /// The orders table as read on its own core.
    struct OrdersRead {
        var orders: [Order] = []
        var symbols = SymbolTable()
        var texts = TextStore()
        var diagnostics = Diagnostics()
        var file: String?
        var present = true
        /// The amounts so far, refunds counted as positive, to keep under
        /// `Money.totalLimit`.
        var total: Int64 = 0
    }

    static func readOrders(config: SiteConfig, data: String, boundary: SiteBoundary) -> OrdersRead {
        var part = OrdersRead()
        part.present = TableFile.read(
            schema: .orders, mapping: config.mapping(for: TableSchema.orders.name), dataDirectory: data,
            boundary: boundary, diagnostics: &part.diagnostics, reserve: { part.orders.reserveCapacity($0) }
        ) { row, d in
            let account = row.requiredSymbol(.accountID, in: &part.symbols, &d)
            let date = row.day(.date, required: true, &d)
            let amount = row.money(.amount, required: true, allowNegative: true, &d)
            guard let account, let date, let amount else { return }
            let (total, overflow) = part.total.addingReportingOverflow(Int64(clamping: amount.cents.magnitude))
            guard !overflow, total <= Money.totalLimit else {
                // Once: every later row would say the same.
                if part.total <= Money.totalLimit {
                    d.error(
                        .invalidNumber, at: row.location(of: .amount), stage: .load,
                        "\(row.describe(.amount)): the amounts add up to more than 10,000,000,000,000,000 "
                            + "here (refunds counted as positive), more than Rapport can add exactly; "
                            + "is this the right column, in the right currency unit?")
                    part.total = Money.totalLimit + 1
                }
                return
            }
            part.total = total
            if part.orders.isEmpty { part.file = row.origin.file }
            part.orders.append(
                Order(
                    account: account, date: date, amount: amount, line: row.line,
                    orderID: row.text(.orderID, in: &part.texts), sku: row.symbol(.sku, in: &part.symbols),
                    quantity: row.integer(.quantity, in: 0...Int(Int32.max), &d),
                    rep: row.symbol(.rep, in: &part.symbols)))
        }
        return part
    }

    /// The orders' symbols interned into the model's table and their text
    /// refs moved past the model's texts: one pass over the orders.
    static func merge(_ part: inout OrdersRead, into model: inout SiteModel) {
        if !part.present { model.absentTables.insert(TableSchema.orders.name) }
        if let file = part.file { model.recordFiles["orders"] = file }
        var remap: [Symbol] = []
        remap.reserveCapacity(part.symbols.count)
        for index in 0..<part.symbols.count {
            remap.append(model.symbols.intern(part.symbols[Symbol(index: UInt32(index))]))
        }
        let offset = model.texts.append(contentsOf: part.texts)
        part.texts = TextStore()
        // Taken out of `part` so the array is not shared: changing a shared
        // one would copy all of it.
        var orders = part.orders
        part.orders = []
        orders.withUnsafeMutableBufferPointer { buffer in
            for index in buffer.indices {
                buffer[index].account = remap[buffer[index].account.position]
                if let sku = buffer[index].sku { buffer[index].sku = remap[sku.position] }
                if let rep = buffer[index].rep { buffer[index].rep = remap[rep.position] }
                if let id = buffer[index].orderID { buffer[index].orderID = TextRef(index: id.index + offset) }
            }
        }
        model.orders = orders
    }

    /// Every table but orders; diagnostics of the tables read before orders
    /// in `before`, of those after in `after`.
    static func loadOtherTables(
        into model: inout SiteModel, config: SiteConfig, data: String, boundary: SiteBoundary,
        before: inout Diagnostics, after: inout Diagnostics
    ) {
        var diagnostics = Diagnostics()
        func read(
            _ schema: TableSchema, reserve: (Int) -> Void = { _ in }, _ decode: (RowReader, inout Diagnostics) -> Void
        ) {
            let present = TableFile.read(
                schema: schema, mapping: config.mapping(for: schema.name), dataDirectory: data,
                boundary: boundary, diagnostics: &diagnostics, reserve: reserve, decode: decode)
            if !present { model.absentTables.insert(schema.name) }
        }
        read(.accounts) { row, d in
            guard let id = row.required(.accountID, &d), let name = row.required(.name, &d) else { return }
            var account = Account(id: id, name: name, origin: row.origin)
            account.industry = row.text(.industry)
            account.employees = row.integer(.employees, in: 0...10_000_000, &d)
            account.region = row.text(.region)
            account.owner = row.text(.owner)
            account.customerSince = row.day(.customerSince, &d)
            account.budget = row.money(.budget, &d)
            account.lastReview = row.day(.lastReview, &d)
            account.status = row.text(.status)
            account.community = row.boolean(.community, &d)
            account.perks = row.boolean(.perks, &d)
            model.accounts.append(account)
        }
        read(.reps) { row, d in
            guard let id = row.required(.repID, &d), let name = row.required(.name, &d) else { return }
            var rep = Rep(id: id, name: name, origin: row.origin)
            rep.email = row.text(.email)
            rep.team = row.text(.team)
            rep.manager = row.text(.manager)
            model.reps.append(rep)
        }
        read(.products) { row, d in
            guard let sku = row.required(.sku, &d), let name = row.required(.name, &d) else { return }
            var product = Product(sku: sku, name: name, origin: row.origin)
            product.family = row.text(.family)
            product.kind = row.choice(.kind, &d)
            product.listPrice = row.money(.listPrice, &d)
            product.replacementMonths = row.integer(.replacementMonths, in: 0...1200, &d)
            model.products.append(product)
        }
        before = diagnostics
        diagnostics = Diagnostics()
        read(.tickets) { row, d in
            let id = row.required(.ticketID, &d)
            let account = row.requiredSymbol(.accountID, in: &model.symbols, &d)
            let opened = row.day(.opened, required: true, &d)
            guard let id, let account, let opened else { return }
            if model.tickets.isEmpty { model.recordFiles["tickets"] = row.origin.file }
            var ticket = Ticket(id: id, account: account, opened: opened, line: row.line)
            ticket.resolved = row.day(.resolved, &d)
            // Days to resolve would be negative and pull every service
            // figure down (README, *The tables*).
            if let resolved = ticket.resolved, resolved < opened {
                d.warning(
                    .inconsistentRow, at: row.location(of: .resolved), stage: .load,
                    "ticket '\(id)' resolved \(resolved.iso), before it was opened (\(opened.iso)); it is left out")
                return
            }
            ticket.severity = row.choice(.severity, &d)
            ticket.category = row.text(.category)?.lowercased()
            ticket.contacts = row.integer(.contacts, in: 0...10_000, &d)
            ticket.effort = row.integer(.effort, in: 1...7, &d)
            ticket.sku = row.symbol(.sku, in: &model.symbols)
            model.tickets.append(ticket)
        }
        read(.interactions, reserve: { model.interactions.reserveCapacity($0) }) { row, d in
            let account = row.requiredSymbol(.accountID, in: &model.symbols, &d)
            let date = row.day(.date, required: true, &d)
            let kind: InteractionKind? = row.choice(.kind, required: true, &d)
            guard let account, let date, let kind else { return }
            if model.interactions.isEmpty { model.recordFiles["interactions"] = row.origin.file }
            var interaction = Interaction(account: account, date: date, kind: kind, line: row.line)
            interaction.rep = row.symbol(.rep, in: &model.symbols)
            interaction.competitor = row.symbol(.competitor, in: &model.symbols)
            interaction.note = row.text(.note, in: &model.texts)
            model.interactions.append(interaction)
        }
        read(.feedback) { row, d in
            let account = row.requiredSymbol(.accountID, in: &model.symbols, &d)
            let date = row.day(.date, required: true, &d)
            guard let account, let date else { return }
            var feedback = Feedback(account: account, date: date, origin: row.origin)
            feedback.nps = row.integer(.nps, in: 0...10, &d)
            feedback.themes = row.list(.themes)
            feedback.quote = row.text(.quote)
            model.feedback.append(feedback)
        }
        var referralPairs: [String: Int] = [:]
        read(.referrals) { row, d in
            let referrer = row.required(.referrerID, &d)
            let referred = row.required(.referredID, &d)
            guard let referrer, let referred else { return }
            // Counted once each: a self-referral would count the account's
            // own revenue as referred, a repeated row the referral twice.
            guard referrer != referred else {
                d.warning(
                    .inconsistentRow, at: row.location(of: .referredID), stage: .load,
                    "account '\(referrer)' cannot refer itself; the row is left out")
                return
            }
            let pair = referrer + "\u{1}" + referred
            if let first = referralPairs[pair] {
                d.warning(
                    .inconsistentRow, at: row.location(of: .referrerID), stage: .load,
                    "'\(referrer)' referring '\(referred)' is already on line \(first); the row is left out")
                return
            }
            referralPairs[pair] = row.line
            var referral = Referral(referrerID: referrer, referredID: referred, origin: row.origin)
            referral.date = row.day(.date, &d)
            model.referrals.append(referral)
        }
        read(.prospects) { row, d in
            guard let id = row.required(.prospectID, &d), let name = row.required(.name, &d) else { return }
            var prospect = Prospect(id: id, name: name, origin: row.origin)
            prospect.industry = row.text(.industry)
            prospect.employees = row.integer(.employees, in: 0...10_000_000, &d)
            prospect.region = row.text(.region)
            prospect.owner = row.text(.owner)
            prospect.stage = row.text(.stage)
            prospect.nextMeeting = row.day(.nextMeeting, &d)
            prospect.note = row.text(.note)
            model.prospects.append(prospect)
        }
        after = diagnostics
    }

    /// Duplicate keys are errors naming both lines: two rows for one account
    /// would otherwise silently merge or overwrite each other.
    static func checkKeys(_ model: SiteModel, _ pending: inout [FieldLocator.Pending]) {
        func check(_ schema: TableSchema, _ what: String, _ column: Column, _ keys: [(String, RowOrigin)]) {
            var first: [String: RowOrigin] = [:]
            for (key, origin) in keys {
                if let previous = first[key] {
                    pending.append(
                        FieldLocator.Pending(
                            diagnostic: Diagnostic(
                                .error, .duplicateKey, at: origin.location, stage: .load,
                                "duplicate \(what) key '\(key)' (first on line \(previous.line))"),
                            schema: schema, column: column))
                } else {
                    first[key] = origin
                }
            }
        }
        check(.accounts, "account", .accountID, model.accounts.map { ($0.id, $0.origin) })
        check(.reps, "rep", .repID, model.reps.map { ($0.id, $0.origin) })
        check(.products, "product", .sku, model.products.map { ($0.sku, $0.origin) })
        check(.prospects, "prospect", .prospectID, model.prospects.map { ($0.id, $0.origin) })
        let ticketsFile = model.recordFiles["tickets"] ?? "tickets.csv"
        check(.tickets, "ticket", .ticketID, model.tickets.map { ($0.id, RowOrigin(file: ticketsFile, line: $0.line)) })
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
        func known(_ ids: Set<String>?) -> [Bool]? {
            guard let ids else { return nil }
            var known = model.symbols.table(filledWith: false)
            for id in ids { if let symbol = model.symbols.lookup(id) { known[symbol.position] = true } }
            return known
        }
        let knownAccounts = known(accounts), knownSKUs = known(skus), knownReps = known(reps)
        let symbols = model.symbols
        var tally = ReferenceTally()
        for account in model.accounts {
            tally.check(account.owner, in: reps, .accounts, .owner, "account", "owner", &pending) { account.origin }
        }
        for prospect in model.prospects {
            tally.check(prospect.owner, in: reps, .prospects, .owner, "prospect", "owner", &pending) {
                prospect.origin
            }
        }
        func origin(_ table: String, _ line: Int) -> () -> RowOrigin {
            { RowOrigin(file: model.recordFiles[table] ?? "\(table).csv", line: line) }
        }
        // By index: `for order in orders` copied each order (perf).
        for index in model.orders.indices {
            let line = model.orders[index].line
            tally.check(
                model.orders[index].account, in: knownAccounts, symbols, .orders, .accountID, "order", "account",
                &pending, origin: origin("orders", line))
            tally.check(
                model.orders[index].sku, in: knownSKUs, symbols, .orders, .sku, "order", "SKU", &pending,
                origin: origin("orders", line))
            tally.check(
                model.orders[index].rep, in: knownReps, symbols, .orders, .rep, "order", "rep", &pending,
                origin: origin("orders", line))
        }
        for ticket in model.tickets {
            let origin = origin("tickets", ticket.line)
            tally.check(
                ticket.account, in: knownAccounts, symbols, .tickets, .accountID, "ticket", "account", &pending,
                origin: origin)
            tally.check(ticket.sku, in: knownSKUs, symbols, .tickets, .sku, "ticket", "SKU", &pending, origin: origin)
        }
        for interaction in model.interactions {
            let origin = origin("interactions", interaction.line)
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
                &pending
            ) { feedback.origin }
        }
        for referral in model.referrals {
            tally.check(referral.referrerID, in: accounts, .referrals, .referrerID, "referral", "account", &pending) {
                referral.origin
            }
            tally.check(referral.referredID, in: accounts, .referrals, .referredID, "referral", "account", &pending) {
                referral.origin
            }
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
    mutating func check(
        _ id: String?, in known: Set<String>?, _ schema: TableSchema, _ column: Column, _ what: String,
        _ kind: String, _ pending: inout [FieldLocator.Pending], origin makeOrigin: () -> RowOrigin
    ) {
        guard let id, let known, !known.contains(id) else { return }
        let origin = makeOrigin()
        pending.append(
            FieldLocator.Pending(
                diagnostic: Diagnostic(
                    .warning, .unknownReference, at: origin.location, stage: .load,
                    "\(what) for unknown \(kind) '\(id)'"),
                schema: schema, column: column))
        let key = what + "\u{1}" + kind
        var entry = groups[key] ?? (what, kind, Group(file: origin.file))
        entry.group.rows += 1
        entry.group.ids[id, default: 0] += 1
        groups[key] = entry
    }

    @inline(__always)
    mutating func check(
        _ symbol: Symbol?, in known: [Bool]?, _ symbols: SymbolTable, _ schema: TableSchema, _ column: Column,
        _ what: String, _ kind: String, _ pending: inout [FieldLocator.Pending], origin makeOrigin: () -> RowOrigin
    ) {
        guard let symbol, let known, !known[symbol.position] else { return }
        check(symbols[symbol], in: [], schema, column, what, kind, &pending, origin: makeOrigin)
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
