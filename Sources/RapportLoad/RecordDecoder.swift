import RapportCore

/// One decoder per table of docs/reference.md#the-tables-csv-schema: a record of any source
/// (`RecordFields`) → the model's row, or nil with the reasons in
/// diagnostics. Generic, not over an existential, so the CSV path stays
/// specialised: it decodes sixteen million records at 100,000 accounts.
enum RecordDecoder {
    static func account<Row: RecordFields>(_ row: Row, _ d: inout Diagnostics) -> Account? {
        guard let id: AccountID = row.requiredID(.accountID, &d), let name = row.required(.name, &d) else { return nil }
        var account = Account(id: id, name: name, recordNumber: row.recordNumber)
        account.industry = row.text(.industry)
        account.employees = row.integer(.employees, in: 0...10_000_000, &d)
        account.region = row.text(.region)
        account.owner = row.id(.owner, &d)
        account.customerSince = row.day(.customerSince, &d)
        account.budget = row.money(.budget, &d)
        account.lastReview = row.day(.lastReview, &d)
        account.status = row.text(.status)
        account.community = row.boolean(.community, &d)
        account.perks = row.boolean(.perks, &d)
        return account
    }

    static func rep<Row: RecordFields>(_ row: Row, _ d: inout Diagnostics) -> Rep? {
        guard let id: RepID = row.requiredID(.repID, &d), let name = row.required(.name, &d) else { return nil }
        var rep = Rep(id: id, name: name, recordNumber: row.recordNumber)
        rep.email = row.text(.email)
        rep.team = row.text(.team)
        rep.manager = row.id(.manager, &d)
        return rep
    }

    static func product<Row: RecordFields>(_ row: Row, _ d: inout Diagnostics) -> Product? {
        guard let sku: SKU = row.requiredID(.sku, &d), let name = row.required(.name, &d) else { return nil }
        var product = Product(sku: sku, name: name, recordNumber: row.recordNumber)
        product.family = row.text(.family)
        product.kind = row.choice(.kind, &d)
        product.listPrice = row.money(.listPrice, &d)
        product.replacementMonths = row.integer(.replacementMonths, in: 0...1200, &d)
        return product
    }

    /// What decoding orders keeps across records: its own symbols and texts
    /// (orders may be read on a core of their own) and the running total.
    struct OrderState: Sendable {
        var symbols = SymbolTable()
        var texts = TextStore()
        /// The amounts so far, refunds counted as positive, to keep under
        /// `Money.totalLimit`.
        var total: Int64 = 0
    }

    static func order<Row: RecordFields>(_ row: Row, _ state: inout OrderState, _ d: inout Diagnostics) -> Order? {
        let account: Interned<AccountID>? = row.requiredSymbol(.accountID, in: &state.symbols, &d)
        let date = row.day(.date, required: true, &d)
        let amount = row.money(.amount, required: true, allowNegative: true, &d)
        guard let account, let date, let amount else { return nil }
        let (total, overflow) = state.total.addingReportingOverflow(Int64(clamping: amount.cents.magnitude))
        guard !overflow, total <= Money.totalLimit else {
            // Once: every later row would say the same.
            if state.total <= Money.totalLimit {
                d.error(
                    .invalidNumber, at: row.location(of: .amount), stage: .load,
                    "\(row.describe(.amount)): the amounts add up to more than 10,000,000,000,000,000 "
                        + "here (refunds counted as positive), more than Rapport can add exactly; "
                        + "is this the right column, in the right currency unit?")
                state.total = Money.totalLimit + 1
            }
            return nil
        }
        state.total = total
        return Order(
            account: account, date: date, amount: amount, recordNumber: row.recordNumber,
            orderID: row.text(.orderID, in: &state.texts), sku: row.symbol(.sku, in: &state.symbols),
            quantity: row.integer(.quantity, in: 0...Int(Int32.max), &d), rep: row.symbol(.rep, in: &state.symbols))
    }

    static func ticket<Row: RecordFields>(
        _ row: Row, _ symbols: inout SymbolTable, _ d: inout Diagnostics
    ) -> Ticket? {
        let id: TicketID? = row.requiredID(.ticketID, &d)
        let account: Interned<AccountID>? = row.requiredSymbol(.accountID, in: &symbols, &d)
        let opened = row.day(.opened, required: true, &d)
        guard let id, let account, let opened else { return nil }
        var ticket = Ticket(id: id, account: account, opened: opened, recordNumber: row.recordNumber)
        ticket.resolved = row.day(.resolved, &d)
        // Days to resolve would be negative and pull every service
        // figure down (docs/reference.md#the-tables-csv-schema).
        if let resolved = ticket.resolved, resolved < opened {
            d.warning(
                .inconsistentRow, at: row.location(of: .resolved), stage: .load,
                "ticket '\(id)' resolved \(resolved.iso), before it was opened (\(opened.iso)); it is left out")
            return nil
        }
        ticket.severity = row.choice(.severity, &d)
        ticket.category = row.text(.category)?.lowercased()
        ticket.contacts = row.integer(.contacts, in: 0...10_000, &d)
        ticket.effort = row.integer(.effort, in: 1...7, &d)
        ticket.sku = row.symbol(.sku, in: &symbols)
        return ticket
    }

    static func interaction<Row: RecordFields>(
        _ row: Row, _ symbols: inout SymbolTable, _ texts: inout TextStore, _ d: inout Diagnostics
    ) -> Interaction? {
        let account: Interned<AccountID>? = row.requiredSymbol(.accountID, in: &symbols, &d)
        let date = row.day(.date, required: true, &d)
        let kind: InteractionKind? = row.choice(.kind, required: true, &d)
        guard let account, let date, let kind else { return nil }
        var interaction = Interaction(account: account, date: date, kind: kind, recordNumber: row.recordNumber)
        interaction.rep = row.symbol(.rep, in: &symbols)
        interaction.competitor = row.symbol(.competitor, in: &symbols)
        interaction.note = row.text(.note, in: &texts)
        return interaction
    }

    static func feedback<Row: RecordFields>(
        _ row: Row, _ symbols: inout SymbolTable, _ d: inout Diagnostics
    ) -> Feedback? {
        let account: Interned<AccountID>? = row.requiredSymbol(.accountID, in: &symbols, &d)
        let date = row.day(.date, required: true, &d)
        guard let account, let date else { return nil }
        var feedback = Feedback(account: account, date: date, recordNumber: row.recordNumber)
        feedback.nps = row.integer(.nps, in: 0...10, &d)
        feedback.themes = row.list(.themes)
        feedback.quote = row.text(.quote)
        return feedback
    }

    /// - Parameter seen: each referrer–referred pair read so far, where.
    static func referral<Row: RecordFields>(
        _ row: Row, seen: inout [String: RecordOrigin], _ d: inout Diagnostics
    ) -> Referral? {
        let referrer: AccountID? = row.requiredID(.referrerID, &d)
        let referred: AccountID? = row.requiredID(.referredID, &d)
        guard let referrer, let referred else { return nil }
        // Counted once each: a self-referral would count the account's
        // own revenue as referred, a repeated row the referral twice.
        guard referrer != referred else {
            d.warning(
                .inconsistentRow, at: row.location(of: .referredID), stage: .load,
                "account '\(referrer)' cannot refer itself; the row is left out")
            return nil
        }
        let pair = referrer.text + "\u{1}" + referred.text
        if let first = seen[pair] {
            d.warning(
                .inconsistentRow, at: row.location(of: .referrerID), stage: .load,
                "'\(referrer)' referring '\(referred)' is already on \(first.place); the row is left out")
            return nil
        }
        seen[pair] = row.origin
        var referral = Referral(referrerID: referrer, referredID: referred, recordNumber: row.recordNumber)
        referral.date = row.day(.date, &d)
        return referral
    }

    static func prospect<Row: RecordFields>(_ row: Row, _ d: inout Diagnostics) -> Prospect? {
        guard let id: ProspectID = row.requiredID(.prospectID, &d), let name = row.required(.name, &d) else {
            return nil
        }
        var prospect = Prospect(id: id, name: name, recordNumber: row.recordNumber)
        prospect.industry = row.text(.industry)
        prospect.employees = row.integer(.employees, in: 0...10_000_000, &d)
        prospect.region = row.text(.region)
        prospect.owner = row.id(.owner, &d)
        prospect.stage = row.text(.stage)
        prospect.nextMeeting = row.day(.nextMeeting, &d)
        prospect.note = row.text(.note)
        return prospect
    }
}
