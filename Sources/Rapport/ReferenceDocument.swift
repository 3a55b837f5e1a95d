import Foundation
import RapportAnalyze
import RapportCore
import RapportLoad

/// The parts of docs/reference.md made from the registries, so the
/// reference cannot drift from the code (docs/CONTRIBUTING.md#checks-and-measurements):
/// the tables and their columns (`TableKind`), the numeric settings and
/// their ranges (`SiteConfig.numericSettings`), and the names a `when` or a
/// placeholder may use (`AccountMetrics`). `rapport gen reference` rewrites
/// them in place; a test fails when the committed file differs.
///
/// Each block sits between `<!-- generated: NAME -->` and
/// `<!-- end generated: NAME -->`; the prose around it is written by hand.
public enum ReferenceDocument {
    /// Every generated block, by name.
    public static func blocks() -> [(name: String, text: String)] {
        [("tables", tables()), ("settings", numericSettings()), ("when-names", conditionNames())]
    }

    /// `document` with every generated block it holds replaced by the
    /// current one. Blocks it does not hold are not added; a start marker
    /// without its end is left as it is.
    public static func update(_ document: String) -> String {
        var text = document
        for block in blocks() {
            let start = "<!-- generated: \(block.name) -->\n"
            let end = "<!-- end generated: \(block.name) -->"
            guard let open = text.range(of: start),
                let close = text.range(of: end, range: open.upperBound..<text.endIndex)
            else { continue }
            text.replaceSubrange(open.upperBound..<close.lowerBound, with: block.text)
        }
        return text
    }

    static func code(_ text: String) -> String { "`" + text + "`" }

    static func tables() -> String {
        var lines = [
            "| table | required | default file | key | required columns | optional columns |",
            "|---|---|---|---|---|---|",
        ]
        for table in TableKind.allCases {
            let schema = table.schema
            lines.append(
                "| \(code(schema.name)) | \(schema.required ? "yes" : "no") | \(code("data/" + schema.defaultFile)) | "
                    + "\(schema.keyColumn.map { code($0.rawValue) } ?? "—") | "
                    + schema.requiredColumns.map { code($0.rawValue) }.joined(separator: ", ") + " | "
                    + (schema.optionalColumns.isEmpty
                        ? "—" : schema.optionalColumns.map { code($0.rawValue) }.joined(separator: ", ")) + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(saturating: value)) }
        return String(value)
    }

    static func numericSettings() -> String {
        var lines = ["| setting | range | kind |", "|---|---|---|"]
        for setting in SiteConfig.numericSettings.sorted(by: { $0.path < $1.path }) {
            lines.append(
                "| \(code(setting.path)) | \(number(setting.range.lowerBound)) to \(number(setting.range.upperBound)) | "
                    + (setting.whole ? "whole number" : "number") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func conditionNames() -> String {
        var lines = ["| name | type | meaning | shown as | in the exports |", "|---|---|---|---|---|"]
        for metric in AccountMetrics.all {
            guard let type = metric.type else { continue }
            let export: String
            switch metric.export {
            case .none: export = "—"
            case .json: export = "accounts.json"
            case .jsonAndCSV: export = "accounts.json, accounts.csv"
            }
            lines.append(
                "| \(code(metric.name)) | \(type.rawValue) | \(metric.doc) | \(shown(metric, type))"
                    + (metric.none == "—" ? "" : "; none: \(metric.none)") + " | \(export) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// How a brief and a placeholder show the figure (RapportRender's `Formatting.figure`).
    static func shown(_ metric: AccountMetric, _ type: ExpressionType) -> String {
        switch metric.shown {
        case .percent: return "whole percent: 64 %"
        case .share: return "percent to one decimal: 64.0 %"
        case .repName: return "the rep's name"
        case .days: return "30 days"
        case .rank: return "3 of 120"
        case .reviewSource: return "in words: last review meeting"
        case .asIs:
            switch type {
            case .date: return "2026-11-16"
            case .bool: return "yes / no"
            case .list: return "comma-separated"
            case .number: return "as is; money with its symbol: $1,200"
            case .string: return "as is"
            }
        }
    }
}
