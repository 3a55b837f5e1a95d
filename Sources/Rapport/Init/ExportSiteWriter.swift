import Foundation
import RapportBuiltIn
import RapportCore

/// `rapport init --from DIR --output SITE` (docs/guide.md#starting-from-a-crm-export):
/// a site folder made from a folder of CRM exports — the files it uses
/// copied into `data/`, the ones it made beside them, a site.yaml with the
/// mappings it is sure of and each one it is not commented out, and the
/// demo's playbooks and pages — plus the report of what it did.
public enum ExportInit {
    public struct Outcome: Sendable {
        /// One line per decision: what each file became, what was left out and why.
        public var report: [String]
        public var siteYAML: String
    }

    public static func run(from export: String, to site: String) throws -> Outcome {
        let draft = try ExportDraft.make(folder: export)
        guard draft.tables[.accounts] != nil || draft.tables[.opportunities] != nil || draft.tables[.orders] != nil
        else {
            throw SiteScaffold.Failure(
                description: "found no accounts, deals or order lines among the CSV files of '\(export)'"
                    + (draft.leftOut.isEmpty ? "" : ": " + draft.leftOut.joined(separator: "; ")))
        }
        try SiteScaffold.requireEmpty(site)
        let yaml = draft.siteYAML(exportName: (export as NSString).lastPathComponent)
        let manager = FileManager.default
        try manager.createDirectory(atPath: site + "/data", withIntermediateDirectories: true)
        var copied: Set<String> = []
        for table in draft.tables.values where copied.insert(table.file.name).inserted {
            try manager.copyItem(atPath: table.file.path, toPath: site + "/data/" + table.file.name)
        }
        for (name, text) in draft.generated {
            try Data(text.utf8).write(to: URL(fileURLWithPath: site + "/data/" + name))
        }
        try SiteScaffold.write(
            BuiltIn.demoSite.filter { $0.path.hasPrefix("playbooks/") || $0.path.hasPrefix("pages/") }, to: site)
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: site + "/site.yaml"))
        return Outcome(report: draft.reportLines(), siteYAML: yaml)
    }
}

extension ExportDraft {
    /// YAML's double-quoted form: every name and value is written quoted.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    func siteYAML(exportName: String) -> String {
        var lines = [
            "# Written by `rapport init --from \(exportName)` (docs/guide.md#starting-from-a-crm-export).",
            "# A line \"#   name: column\" is a mapping init was not sure of: remove the \"#\" to use it.",
            "title: \(Self.quoted(exportName))",
            "currency: \(currency)",
        ]
        if let latestDate {
            lines.append(
                "# as_of: \(latestDate.iso)   # the export's latest date; without it the portal is as of today")
        }
        if !dateFormats.isEmpty || thousands != nil {
            lines.append("formats:")
            if !dateFormats.isEmpty {
                lines.append("  dates: [\(dateFormats.map(Self.quoted).joined(separator: ", "))]")
            }
            if let dateComment { lines.append("  # \(dateComment)") }
            if let thousands { lines.append("  thousands: \(Self.quoted(thousands))") }
        }
        lines.append("tables:")
        for role in [Role.accounts, .reps, .products, .opportunities, .orders, .tickets] {
            if role == .orders, tables[.orders] == nil {
                lines += ordersFromDealsYAML()
                continue
            }
            guard let table = tables[role] else { continue }
            lines.append("  \(role.rawValue):")
            lines.append("    file: \(Self.quoted(table.file.name))")
            if table.keyedByName { lines.append("    key: name") }
            let columns = table.columns.filter { !(role == .opportunities && $0.canonical == "sku") }
            lines.append("    columns:")
            for (canonical, column) in columns { lines.append("      \(canonical): \(Self.quoted(column))") }
            for (canonical, column, why) in table.unsure {
                lines.append("      #   \(canonical): \(Self.quoted(column))   # not sure: \(why)")
            }
            let used = Set(table.columns.map(\.column) + table.unsure.map(\.column))
            let unread = table.file.columns.filter { !used.contains($0) }
            if !unread.isEmpty { lines.append("    # not read: \(unread.joined(separator: ", "))") }
        }
        if ownerFromDeals { lines.append("owner_from: opportunities.owner") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The orders section when the deals are the orders.
    private func ordersFromDealsYAML() -> [String] {
        if fromOpportunities { return ["  orders:", "    from_opportunities: won"] }
        guard let won = ordersFromDeals, let deals = tables[.opportunities], let stage = deals.column("stage") else {
            return []
        }
        var lines = [
            "  orders:", "    file: \(Self.quoted(deals.file.name))",
            "    where: { \(Self.quoted(stage)): [\(won.map(Self.quoted).joined(separator: ", "))] }", "    columns:",
        ]
        let pairs: [(String, String)] = [
            ("account_id", "account_id"), ("date", "close_date"), ("amount", "amount"), ("sku", "sku"),
            ("rep", "owner"),
            ("order_id", "opportunity_id"),
        ]
        for (order, deal) in pairs {
            if let column = deals.column(deal) { lines.append("      \(order): \(Self.quoted(column))") }
        }
        return lines
    }

    func reportLines() -> [String] {
        var lines: [String] = []
        for role in [Role.accounts, .reps, .products, .opportunities, .orders, .tickets] {
            guard let table = tables[role] else { continue }
            let mapped = table.columns.filter { !(role == .opportunities && $0.canonical == "sku") }
                .map { $0.column == $0.canonical ? $0.canonical : "\($0.column) → \($0.canonical)" }
            lines.append(
                "\(table.file.name): \(role.rawValue), \(table.label), \(table.file.rows) rows; mapped "
                    + mapped.joined(separator: ", ") + (table.keyedByName ? "; keyed by name" : ""))
            for (canonical, column, why) in table.unsure {
                lines.append("  not mapped: \(column) → \(canonical) (\(why)); commented out in site.yaml")
            }
        }
        return lines + report + leftOut
    }
}
