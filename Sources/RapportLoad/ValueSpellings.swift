import RapportCore

/// Values that look like two spellings of one — "GTXPro" and "GTX Pro", "Retail"
/// and "retail " — split what belongs together: a product family's revenue,
/// an industry's segment. Each such pair is a warning at the first record of
/// the rarer spelling, naming both spellings and the share of revenue (or of
/// records) behind each, and the `values:` line that would join them
/// (docs/reference.md#other-spellings-of-a-value-values).
enum ValueSpellings {
    /// One spelling of a column's value: how much stands behind it and the
    /// first record that has it.
    struct Spelling {
        var value: String
        var weight: Double
        var record: Int
    }

    /// The columns whose values name a group the analysis adds up by.
    static func check(_ model: SiteModel, _ pending: inout [FieldLocator.Pending]) {
        // Whether any column has a pair is known from its distinct values:
        // the pass over every order for the revenue behind them is made only
        // then (it was most of this check's cost on a clean export).
        func distinct<Record>(_ records: [Record], _ value: (Record) -> String?) -> [Spelling] {
            var seen: Set<String> = []
            return records.compactMap { record in
                guard let text = value(record), !text.isEmpty, seen.insert(text).inserted else { return nil }
                return Spelling(value: text, weight: 1, record: 0)
            }
        }
        let candidates = [
            distinct(model.products) { $0.family }, distinct(model.accounts) { $0.industry },
            distinct(model.accounts) { $0.region }, distinct(model.tickets) { $0.category },
        ]
        guard candidates.contains(where: { !alike($0).isEmpty }) else { return }
        // Revenue behind each account and each SKU, from every order: one pass,
        // by symbol position.
        var bySymbol = [Double](repeating: 0, count: model.symbols.count)
        var bySKU = [Double](repeating: 0, count: model.symbols.count)
        var total = 0.0
        for index in model.orders.indices {
            let amount = model.orders[index].amount.major
            total += amount
            bySymbol[model.orders[index].account.position] += amount
            if let sku = model.orders[index].sku { bySKU[sku.position] += amount }
        }
        func revenue(ofAccount id: AccountID) -> Double {
            model.symbols.lookup(id.text).map { bySymbol[$0.position] } ?? 0
        }
        func revenue(ofSKU sku: SKU) -> Double { model.symbols.lookup(sku.text).map { bySKU[$0.position] } ?? 0 }
        let byRevenue = total > 0

        func spellings<Record>(
            _ records: [Record], _ value: (Record) -> String?, weight: (Record) -> Double, number: (Record) -> Int
        ) -> [Spelling] {
            var found: [String: Spelling] = [:]
            for record in records {
                guard let text = value(record), !text.isEmpty else { continue }
                let amount = byRevenue ? weight(record) : 1
                if found[text] == nil {
                    found[text] = Spelling(value: text, weight: amount, record: number(record))
                } else {
                    found[text]!.weight += amount
                }
            }
            return Array(found.values)
        }
        let accountWeight: (Account) -> Double = { revenue(ofAccount: $0.id) }
        let checks: [(TableSchema, Column, [Spelling], String)] = [
            (
                .products, .family,
                spellings(model.products, { $0.family }, weight: { revenue(ofSKU: $0.sku) }, number: \.recordNumber),
                "revenue"
            ),
            (
                .accounts, .industry,
                spellings(model.accounts, { $0.industry }, weight: accountWeight, number: \.recordNumber), "revenue"
            ),
            (
                .accounts, .region,
                spellings(model.accounts, { $0.region }, weight: accountWeight, number: \.recordNumber), "revenue"
            ),
            (
                .tickets, .category,
                spellings(model.tickets, { $0.category }, weight: { _ in 1 }, number: \.recordNumber), "tickets"
            ),
        ]
        for (schema, column, found, unit) in checks {
            let unit = byRevenue ? unit : schema.name
            let sum = found.reduce(0) { $0 + $1.weight }
            for (rare, common) in alike(found).prefix(20) {
                guard let origins = model.recordOrigins[schema.name] else { continue }
                let origin = origins.origin(ofRecord: rare.record)
                let name = "\(schema.name).\(column.rawValue)"
                pending.append(
                    FieldLocator.Pending(
                        diagnostic: Diagnostic(
                            .warning, .inconsistentRow, at: origin.location(ofField: column.rawValue), stage: .load,
                            "\(name) '\(rare.value)' (\(share(rare.weight, of: sum)) of \(unit)) looks like "
                                + "'\(common.value)' (\(share(common.weight, of: sum))); if they are one, add it "
                                + "under values: \(name): { \"\(rare.value)\": \"\(common.value)\" }"),
                        schema: schema, column: column))
            }
        }
    }

    static func share(_ part: Double, of whole: Double) -> String {
        whole > 0 ? Percent.whole(part / whole) : "0 %"
    }

    /// Pairs that look alike, each as (the rarer spelling, the more common),
    /// in order of the rarer's first record.
    static func alike(_ spellings: [Spelling]) -> [(Spelling, Spelling)] {
        // Past a few thousand distinct values the column is an identifier,
        // not a group, and comparing every pair would cost their square.
        guard spellings.count >= 2, spellings.count <= 2_000 else { return [] }
        let folded = spellings.map { fold($0.value) }
        var pairs: [(Spelling, Spelling)] = []
        for i in spellings.indices {
            for j in spellings.indices where j > i {
                guard !folded[i].isEmpty, folded[i] == folded[j] || oneEditApart(folded[i], folded[j]) else {
                    continue
                }
                let (a, b) = (spellings[i], spellings[j])
                let aIsCommon = (a.weight, b.record) > (b.weight, a.record)
                pairs.append(aIsCommon ? (b, a) : (a, b))
            }
        }
        return pairs.sorted { $0.0.record < $1.0.record }
    }

    /// Lower case, without spaces or punctuation: "GTX-Pro " and "gtxpro" agree.
    static func fold(_ text: String) -> [Character] {
        text.lowercased().filter { $0.isLetter || $0.isNumber }.map { $0 }
    }

    /// One letter added, dropped or changed, in words of five or more —
    /// not a digit: "P-100" and "P-101" are two products, not a typo.
    static func oneEditApart(_ a: [Character], _ b: [Character]) -> Bool {
        guard min(a.count, b.count) >= 5, abs(a.count - b.count) <= 1 else { return false }
        var i = 0
        var j = 0
        var edited = false
        while i < a.count && j < b.count {
            if a[i] == b[j] {
                i += 1
                j += 1
                continue
            }
            if edited || a[i].isNumber || b[j].isNumber { return false }
            edited = true
            if a.count > b.count {
                i += 1
            } else if b.count > a.count {
                j += 1
            } else {
                i += 1
                j += 1
            }
        }
        let rest = (a.count - i) + (b.count - j)
        if rest > 0 {
            // The extra letter at the end.
            if edited { return false }
            let extra = i < a.count ? a[i] : b[j]
            return !extra.isNumber
        }
        return edited
    }
}
