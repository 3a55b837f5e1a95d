import RapportCore
import RapportLoad

/// How an export writes its dates and numbers, read from its values, and
/// the columns whose values would not load, left commented out
/// (docs/guide.md#starting-from-a-crm-export).
extension ExportDraft {
    static let dateColumns: [(Role, String)] = [
        (.accounts, "customer_since"), (.opportunities, "close_date"), (.orders, "date"), (.tickets, "opened"),
        (.tickets, "resolved"),
    ]
    static let numberColumns: [(Role, String)] = [
        (.accounts, "employees"), (.products, "list_price"), (.opportunities, "amount"),
        (.opportunities, "probability"), (.orders, "amount"), (.orders, "quantity"),
    ]
    /// Tried in this order; month-first before day-first, as Salesforce
    /// and HubSpot write for US users.
    static let dateCandidates = [
        "YYYY-MM-DD", "M/D/YYYY", "D/M/YYYY", "D.M.YYYY", "YYYY-MM-DD hh:mm", "YYYY-MM-DD hh:mm:ss",
        "YYYY-MM-DDThh:mm:ssZ", "YYYY-MM-DDThh:mm:ss.000Z", "M/D/YYYY hh:mm",
    ]

    mutating func readFormats() {
        readDates()
        readNumbers()
        readChoices()
    }

    private mutating func readDates() {
        let formats = Self.dateCandidates.compactMap { DateFormat(validating: $0) }
        var used: [DateFormat] = []
        for (role, canonical) in Self.dateColumns {
            guard let table = tables[role], let column = table.column(canonical) else { continue }
            let values = table.file.values(column)
            // The formats that read every value of the column, the one
            // already chosen first.
            let fitting = (used + formats.filter { !used.contains($0) }).filter { format in
                values.allSatisfy { format.parse($0) != nil }
            }
            guard let format = fitting.first, !values.isEmpty else {
                if !values.isEmpty {
                    unmap(role, canonical, why: "values such as '\(values[0])' are in no date format init knows")
                }
                continue
            }
            if !used.contains(format) { used.append(format) }
            if format.description == "M/D/YYYY", fitting.contains(where: { $0.description == "D/M/YYYY" }) {
                dateComment =
                    "dates such as \(values[0]) are read month first; if your CRM writes the day first, "
                    + "use D/M/YYYY"
            }
            // Open deals close in the future: the export's date is that of
            // what has happened.
            for value in values where role != .opportunities {
                if let day = format.parse(value), latestDate.map({ day > $0 }) ?? true { latestDate = day }
            }
        }
        // Two formats that read one value two ways are an error: keep one.
        if used.contains(where: { $0.description == "M/D/YYYY" }) {
            used.removeAll { $0.description == "D/M/YYYY" }
        }
        dateFormats = used.map(\.description)
    }

    private mutating func readNumbers() {
        var grouped = false
        var symbols: Set<Character> = []
        for (role, canonical) in Self.numberColumns {
            guard let table = tables[role], let column = table.column(canonical) else { continue }
            let values = table.file.values(column)
            for value in values {
                if let symbol = value.first(where: { "$€£".contains($0) }) { symbols.insert(symbol) }
                if value.range(of: #"[0-9],[0-9]{3}"#, options: .regularExpression) != nil { grouped = true }
            }
            let bad = values.first { value in
                let bare = value.filter { !"$€£, %".contains($0) }
                return Double(bare) == nil
                    || (canonical == "employees" || canonical == "quantity") && Int(bare) == nil
            }
            if let bad { unmap(role, canonical, why: "'\(bad)' is not a number") }
        }
        thousands = grouped ? "," : nil
        if symbols == ["€"] { currency = "EUR" } else if symbols == ["£"] { currency = "GBP" }
    }

    /// Columns whose values must be one of a list.
    private mutating func readChoices() {
        guard let tickets = tables[.tickets], let column = tickets.column("severity") else { return }
        let allowed = Set(TicketSeverity.allCases.map(\.rawValue))
        if let other = tickets.file.values(column).first(where: { !allowed.contains($0.lowercased()) }) {
            unmap(.tickets, "severity", why: "'\(other)' is not low, medium, high or critical")
        }
    }

    /// Moves a mapping to the commented-out ones, with why.
    mutating func unmap(_ role: Role, _ canonical: String, why: String) {
        guard var table = tables[role], let index = table.columns.firstIndex(where: { $0.canonical == canonical })
        else { return }
        let column = table.columns.remove(at: index).column
        table.unsure.append((canonical, column, why))
        tables[role] = table
    }
}
