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
        if let data = FileManager.default.contents(atPath: configPath) {
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
        loadTables(into: &model, config: config, root: root, diagnostics: &diagnostics)
        checkKeys(model, &diagnostics)
        checkReferences(model, &diagnostics)

        for name in DocumentLoader.markdownFiles(in: root + "/playbooks") {
            let path = root + "/playbooks/" + name
            if let playbook = DocumentLoader.playbook(
                path: path, display: path, allowRawHTML: config.settings.allowRawHTML, diagnostics: &diagnostics)
            {
                model.playbooks.append(playbook)
            }
        }
        for name in DocumentLoader.markdownFiles(in: root + "/pages") {
            let path = root + "/pages/" + name
            if let parsed = DocumentLoader.read(
                path: path, display: path, allowRawHTML: config.settings.allowRawHTML, diagnostics: &diagnostics)
            {
                model.pages.append(parsed.document)
            }
        }
        return (model, diagnostics)
    }

    static func loadTables(
        into model: inout SiteModel, config: SiteConfig, root: String, diagnostics: inout Diagnostics
    ) {
        let data = root + "/data"
        func read(_ schema: TableSchema, _ decode: (RowReader, inout Diagnostics) -> Void) {
            let present = TableFile.read(
                schema: schema, mapping: config.mapping(for: schema.name), dataDirectory: data,
                diagnostics: &diagnostics, decode: decode)
            if !present { model.absentTables.insert(schema.name) }
        }
        read(.accounts) { row, d in
            guard let id = row.required("account_id", &d), let name = row.required("name", &d) else { return }
            var account = Account(id: id, name: name, origin: row.origin)
            account.industry = row.text("industry")
            account.employees = row.integer("employees", in: 0...10_000_000, &d)
            account.region = row.text("region")
            account.owner = row.text("owner")
            account.customerSince = row.day("customer_since", &d)
            account.budget = row.money("budget", &d)
            account.lastReview = row.day("last_review", &d)
            account.status = row.text("status")
            account.community = row.boolean("community", &d)
            account.perks = row.boolean("perks", &d)
            model.accounts.append(account)
        }
        read(.reps) { row, d in
            guard let id = row.required("rep_id", &d), let name = row.required("name", &d) else { return }
            var rep = Rep(id: id, name: name, origin: row.origin)
            rep.email = row.text("email")
            rep.team = row.text("team")
            rep.manager = row.text("manager")
            model.reps.append(rep)
        }
        read(.products) { row, d in
            guard let sku = row.required("sku", &d), let name = row.required("name", &d) else { return }
            var product = Product(sku: sku, name: name, origin: row.origin)
            product.family = row.text("family")
            product.kind = row.choice("kind", &d)
            product.listPrice = row.money("list_price", &d)
            product.replacementMonths = row.integer("replacement_months", in: 0...1200, &d)
            model.products.append(product)
        }
        read(.orders) { row, d in
            let account = row.required("account_id", &d)
            let date = row.day("date", required: true, &d)
            let amount = row.money("amount", required: true, allowNegative: true, &d)
            guard let account, let date, let amount else { return }
            var order = Order(accountID: account, date: date, amount: amount, origin: row.origin)
            order.orderID = row.text("order_id")
            order.sku = row.text("sku")
            order.quantity = row.integer("quantity", in: 0...Int(Int32.max), &d)
            order.rep = row.text("rep")
            model.orders.append(order)
        }
        read(.tickets) { row, d in
            let id = row.required("ticket_id", &d)
            let account = row.required("account_id", &d)
            let opened = row.day("opened", required: true, &d)
            guard let id, let account, let opened else { return }
            var ticket = Ticket(id: id, accountID: account, opened: opened, origin: row.origin)
            ticket.resolved = row.day("resolved", &d)
            ticket.severity = row.choice("severity", &d)
            ticket.category = row.text("category")?.lowercased()
            ticket.contacts = row.integer("contacts", in: 0...10_000, &d)
            ticket.effort = row.integer("effort", in: 1...7, &d)
            ticket.sku = row.text("sku")
            model.tickets.append(ticket)
        }
        read(.interactions) { row, d in
            let account = row.required("account_id", &d)
            let date = row.day("date", required: true, &d)
            let kind: InteractionKind? = row.choice("kind", required: true, &d)
            guard let account, let date, let kind else { return }
            var interaction = Interaction(accountID: account, date: date, kind: kind, origin: row.origin)
            interaction.rep = row.text("rep")
            interaction.competitor = row.text("competitor")
            interaction.note = row.text("note")
            model.interactions.append(interaction)
        }
        read(.feedback) { row, d in
            let account = row.required("account_id", &d)
            let date = row.day("date", required: true, &d)
            guard let account, let date else { return }
            var feedback = Feedback(accountID: account, date: date, origin: row.origin)
            feedback.nps = row.integer("nps", in: 0...10, &d)
            feedback.themes = row.list("themes")
            feedback.quote = row.text("quote")
            model.feedback.append(feedback)
        }
        read(.referrals) { row, d in
            let referrer = row.required("referrer_id", &d)
            let referred = row.required("referred_id", &d)
            guard let referrer, let referred else { return }
            var referral = Referral(referrerID: referrer, referredID: referred, origin: row.origin)
            referral.date = row.day("date", &d)
            model.referrals.append(referral)
        }
    }

    /// Duplicate keys are errors naming both lines: two rows for one account
    /// would otherwise silently merge or overwrite each other.
    static func checkKeys(_ model: SiteModel, _ diagnostics: inout Diagnostics) {
        func check(_ table: String, _ keys: [(String, RowOrigin)]) {
            var first: [String: RowOrigin] = [:]
            for (key, origin) in keys {
                if let previous = first[key] {
                    diagnostics.error(
                        .duplicateKey, at: origin.location, stage: .load,
                        "duplicate \(table) key '\(key)' (first on line \(previous.line))")
                } else {
                    first[key] = origin
                }
            }
        }
        check("account", model.accounts.map { ($0.id, $0.origin) })
        check("rep", model.reps.map { ($0.id, $0.origin) })
        check("product", model.products.map { ($0.sku, $0.origin) })
        check("ticket", model.tickets.map { ($0.id, $0.origin) })
    }

    /// Rows that point at accounts, products or reps that do not exist are
    /// kept out of the analysis and reported: one warning per row, plus one
    /// summary per table so a wrong export is obvious at a glance.
    static func checkReferences(_ model: SiteModel, _ diagnostics: inout Diagnostics) {
        let accounts = Set(model.accounts.map(\.id))
        func check(_ what: String, _ refs: [(String, RowOrigin)], known: Set<String>, kind: String) {
            var unknown: [String: Int] = [:]
            var firstFile: String?
            for (id, origin) in refs where !known.contains(id) {
                unknown[id, default: 0] += 1
                firstFile = firstFile ?? origin.file
                diagnostics.warning(
                    .unknownReference, at: origin.location, stage: .load, "\(what) for unknown \(kind) '\(id)'")
            }
            guard let firstFile, !unknown.isEmpty else { return }
            let rows = unknown.values.reduce(0, +)
            let names = unknown.keys.sorted().prefix(5).joined(separator: ", ")
            let more = unknown.count > 5 ? ", …" : ""
            diagnostics.warning(
                .unknownReference, at: SourceLocation(file: firstFile), stage: .load,
                "\(rows) \(what)\(rows == 1 ? " references" : "s reference") \(unknown.count) unknown \(kind)"
                    + "\(unknown.count == 1 ? "" : "s"): \(names)\(more); they are left out")
        }
        check("order", model.orders.map { ($0.accountID, $0.origin) }, known: accounts, kind: "account")
        check("ticket", model.tickets.map { ($0.accountID, $0.origin) }, known: accounts, kind: "account")
        check("interaction", model.interactions.map { ($0.accountID, $0.origin) }, known: accounts, kind: "account")
        check("feedback row", model.feedback.map { ($0.accountID, $0.origin) }, known: accounts, kind: "account")
        check(
            "referral", model.referrals.flatMap { [($0.referrerID, $0.origin), ($0.referredID, $0.origin)] },
            known: accounts, kind: "account")
        if !model.absentTables.contains("products") {
            let skus = Set(model.products.map(\.sku))
            check("order", model.orders.compactMap { o in o.sku.map { ($0, o.origin) } }, known: skus, kind: "SKU")
            check("ticket", model.tickets.compactMap { t in t.sku.map { ($0, t.origin) } }, known: skus, kind: "SKU")
        }
        if !model.absentTables.contains("reps") {
            let reps = Set(model.reps.map(\.id))
            check(
                "account", model.accounts.compactMap { a in a.owner.map { ($0, a.origin) } }, known: reps, kind: "owner"
            )
            check("order", model.orders.compactMap { o in o.rep.map { ($0, o.origin) } }, known: reps, kind: "rep")
            check(
                "interaction", model.interactions.compactMap { i in i.rep.map { ($0, i.origin) } }, known: reps,
                kind: "rep")
        }
    }
}
