import RapportCore

/// How the tables of an export refer to one another, decided from their
/// values: accounts by id or by name, reps by id or by name (or made from
/// the names the deals give), products likewise, and where the orders come
/// from (docs/guide.md#starting-from-a-crm-export).
extension ExportDraft {
    mutating func relate() throws {
        relateAccounts()
        relateReps()
        relateProducts()
        relateOrders()
    }

    /// Values of `canonical` in the tables of `roles` that have it.
    func referenced(_ canonical: String, in roles: [Role]) -> [String] {
        roles.flatMap { role in tables[role].flatMap { table in table.column(canonical).map(table.file.values) } ?? [] }
    }

    private mutating func relateAccounts() {
        let references = referenced("account_id", in: [.opportunities, .orders, .tickets])
        guard var accounts = tables[.accounts] else {
            guard !references.isEmpty else { return }
            var nameOf: [String: String] = [:]
            for role in [Role.orders, .opportunities, .tickets] {
                guard let table = tables[role], let idColumn = table.column("account_id"),
                    let ids = table.file.columns.firstIndex(of: idColumn),
                    let names = table.file.columns.firstIndex(where: {
                        ["customername", "accountname", "companyname", "associatedcompany"].contains(
                            ExportFile.folded($0))
                    })
                else { continue }
                for row in table.file.sample where row.indices.contains(ids) && row.indices.contains(names) {
                    if nameOf[row[ids]] == nil, !row[names].isEmpty { nameOf[row[ids]] = row[names] }
                }
            }
            let ids = Array(Set(references)).sorted()
            generated.append(("accounts.csv", csv(["account_id", "name"], ids.map { [$0, nameOf[$0] ?? $0] })))
            report.append(
                "accounts: no accounts file; the \(ids.count) accounts the other files name become accounts "
                    + "(data/accounts.csv)")
            return
        }
        accounts.keyByName(ifReferencedAs: references, idColumn: "account_id")
        tables[.accounts] = accounts
    }

    private mutating func relateReps() {
        let references = referenced("owner", in: [.accounts, .opportunities]) + referenced("rep", in: [.orders])
        if var reps = tables[.reps] {
            reps.keyByName(ifReferencedAs: references, idColumn: "rep_id")
            tables[.reps] = reps
        } else if !references.isEmpty {
            let names = Array(Set(references)).sorted()
            generated.append(("reps.csv", csv(["rep_id", "name"], names.map { [$0, $0] })))
            let from = [Role.accounts, .opportunities, .orders].compactMap { role -> String? in
                guard let table = tables[role], let column = table.column(role == .orders ? "rep" : "owner") else {
                    return nil
                }
                return "\(table.file.name) '\(column)'"
            }
            report.append(
                "reps: no users or teams file; the \(names.count) agents named in \(from.joined(separator: " and ")) "
                    + "become reps (data/reps.csv)")
        }
        if tables[.accounts]?.column("owner") == nil, tables[.opportunities]?.column("owner") != nil {
            ownerFromDeals = true
            report.append(
                "owners: the accounts have no owner column; each account's owner is the owner of its latest deal "
                    + "(owner_from: opportunities.owner), and its page says so")
        }
    }

    private mutating func relateProducts() {
        guard var products = tables[.products] else { return }
        let references = referenced("sku", in: [.opportunities, .orders, .tickets])
        products.keyByName(ifReferencedAs: references, idColumn: "sku")
        tables[.products] = products
    }

    private mutating func relateOrders() {
        guard let deals = tables[.opportunities], let stageColumn = deals.column("stage") else { return }
        let stages = deals.file.values(stageColumn)
        let counts = Dictionary(grouping: stages, by: { DealStage($0) }).mapValues(\.count)
        let won = Array(Set(stages.filter { DealStage($0) == .won })).sorted()
        let sample = deals.file.rows > stages.count ? " (of the first \(stages.count))" : ""
        report.append(
            "deals: \(deals.file.name), \(deals.file.rows) deals\(sample): \(counts[.won] ?? 0) won, "
                + "\(counts[.lost] ?? 0) lost, \(counts[.open] ?? 0) open; the open deals are the pipeline on the "
                + "briefs")
        guard tables[.orders] == nil else { return }
        if deals.column("sku") != nil, !won.isEmpty {
            ordersFromDeals = won
            report.append(
                "orders: no order lines; the won deals (\(stageColumn) \(won.map { "'\($0)'" }.joined(separator: ", "))) "
                    + "are the orders, on their close dates, with their products")
        } else {
            fromOpportunities = true
            report.append("orders: no order lines; the won deals are the orders (from_opportunities: won)")
        }
    }

    func csv(_ header: [String], _ rows: [[String]]) -> String {
        func field(_ value: String) -> String {
            value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
        }
        return ([header] + rows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }
}

extension ExportDraft.Table {
    /// Keys the table by its name column (`key: name`) when it has no id
    /// column, or when the other files name its records more often by
    /// name than by id.
    mutating func keyByName(ifReferencedAs references: [String], idColumn: String) {
        let ids = Set(column(idColumn).map(file.values) ?? [])
        let names = Set(column("name").map(file.values) ?? [])
        guard column(idColumn) == nil || references.filter(names.contains).count > references.filter(ids.contains).count
        else { return }
        keyedByName = true
        if column(idColumn) == nil, let name = column("name") { columns.insert((idColumn, name), at: 0) }
    }
}
