import RapportCore
import Yams

/// The `site.yaml` settings that correct the data as it is read: other
/// spellings of a value (`values:`) and owners taken from deals
/// (`owner_from`) (docs/reference.md#other-spellings-of-a-value-values).
extension SiteConfig {
    /// `values: { products.family: { "GTXPro": "GTX Pro" } }`: per
    /// `table.column`, each other spelling and the spelling it stands for.
    static func parseAliases(
        _ node: Node, yaml: YAMLDocument, _ diagnostics: inout Diagnostics
    ) -> [String: [Column: [String: String]]] {
        var aliases: [String: [Column: [String: String]]] = [:]
        let schemas = Dictionary(uniqueKeysWithValues: TableSchema.all.map { ($0.name, $0) })
        for (name, nameNode, spellings) in yaml.entries(node) {
            let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, let schema = schemas[parts[0]] else {
                diagnostics.error(
                    .unknownSetting, at: yaml.location(of: nameNode), stage: .load,
                    "'values.\(name)': name a table and its column, as in products.family "
                        + "(tables: \(TableSchema.all.map(\.name).joined(separator: ", ")))")
                continue
            }
            guard let column = Column(rawValue: parts[1]), schema.allColumns.contains(column) else {
                diagnostics.error(
                    .unknownSetting, at: yaml.location(of: nameNode), stage: .load,
                    "'values.\(name)': table '\(parts[0])' has no column '\(parts[1])' "
                        + "(columns: \(schema.allColumns.map(\.rawValue).joined(separator: ", ")))")
                continue
            }
            var map: [String: String] = [:]
            for (other, otherNode, target) in yaml.entries(spellings) {
                guard let canonical = yaml.string(target, "values.\(name).\(other)", &diagnostics) else { continue }
                let (from, to) = (other.trimmingWhitespace(), canonical.trimmingWhitespace())
                if from.isEmpty || to.isEmpty {
                    diagnostics.error(
                        .invalidSetting, at: yaml.location(of: otherNode), stage: .load,
                        "'values.\(name)': a spelling and the one it stands for cannot be empty")
                } else if from != to {
                    map[from] = to
                }
            }
            // One step only: "a" → "b" → "c" would read "a" as "b".
            for (from, to) in map.sorted(by: { $0.key < $1.key }) where map[to] != nil {
                diagnostics.error(
                    .invalidSetting, at: yaml.location(of: spellings), stage: .load,
                    "'values.\(name)': '\(from)' stands for '\(to)', which itself stands for '\(map[to]!)'; "
                        + "name the last spelling directly")
            }
            aliases[parts[0], default: [:]][column, default: [:]].merge(map) { _, new in new }
        }
        return aliases
    }

    /// `owner_from: orders.rep` (the rep of the latest order) or
    /// `owner_from: { from: opportunities.owner, by: largest }`.
    static func parseOwnerFrom(
        _ node: Node, yaml: YAMLDocument, _ diagnostics: inout Diagnostics
    ) -> (deals: OwnerFrom.Deals, rule: OwnerFrom.Rule)? {
        let columns: [String: OwnerFrom.Deals] = ["orders.rep": .orders, "opportunities.owner": .opportunities]
        var from: (String, Node)?
        var rule = OwnerFrom.Rule.latest
        if node.mapping != nil {
            for (key, keyNode, value) in yaml.entries(node) {
                switch key {
                case "from": yaml.string(value, "owner_from.from", &diagnostics).map { from = ($0, value) }
                case "by":
                    guard let text = yaml.string(value, "owner_from.by", &diagnostics) else { continue }
                    if let known = OwnerFrom.Rule(rawValue: text) {
                        rule = known
                    } else {
                        diagnostics.error(
                            .invalidSetting, at: yaml.location(of: value), stage: .load,
                            "'owner_from.by': '\(text)' is not latest or largest")
                    }
                default:
                    diagnostics.warning(
                        .unknownSetting, at: yaml.location(of: keyNode), stage: .load,
                        "unknown setting 'owner_from.\(key)' (known: from, by)")
                }
            }
        } else if let text = yaml.string(node, "owner_from", &diagnostics) {
            from = (text, node)
        }
        guard let (text, at) = from else {
            if node.mapping != nil {
                diagnostics.error(
                    .invalidSetting, at: yaml.location(of: node), stage: .load,
                    "'owner_from' needs from: orders.rep or opportunities.owner")
            }
            return nil
        }
        guard let deals = columns[text] else {
            diagnostics.error(
                .invalidSetting, at: yaml.location(of: at), stage: .load,
                "'owner_from': '\(text)' is not orders.rep or opportunities.owner")
            return nil
        }
        return (deals, rule)
    }
}
