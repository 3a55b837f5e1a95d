import Foundation
import RapportCore
import Yams

/// `site.yaml`, read into settings and table mappings with a diagnostic for
/// every value that is wrong or unknown.
public struct SiteConfig: Sendable {
    public var settings = SiteSettings()
    public var tables: [String: TableMapping] = [:]

    public static let knownKeys = ["title", "currency", "as_of", "theme", "markdown", "tables"]

    public init() {}

    public static func parse(_ text: String, file: String, diagnostics: inout Diagnostics) -> SiteConfig {
        var config = SiteConfig()
        let yaml = YAMLDocument(file: file)
        guard let root = yaml.compose(text, diagnostics: &diagnostics) else { return config }
        guard root.mapping != nil else {
            diagnostics.error(
                .invalidSetting, at: yaml.location(of: root), stage: .load, "site.yaml must be a mapping of settings")
            return config
        }
        for (key, keyNode, value) in yaml.entries(root) {
            switch key {
            case "title":
                if let title = yaml.string(value, key, &diagnostics) { config.settings.title = title }
            case "currency":
                if let code = yaml.string(value, key, &diagnostics) {
                    if code.count == 3 && code.allSatisfy({ $0.isASCII && $0.isLetter }) {
                        config.settings.currency = code.uppercased()
                    } else {
                        diagnostics.error(
                            .invalidSetting, at: yaml.location(of: value), stage: .load,
                            "'currency': '\(code)' is not a three-letter ISO 4217 code such as USD or EUR")
                    }
                }
            case "as_of":
                config.settings.asOf = yaml.day(value, key, &diagnostics)
            case "theme":
                if let theme = yaml.string(value, key, &diagnostics) { config.settings.theme = theme }
            case "markdown":
                for (option, optionKey, optionValue) in yaml.entries(value) {
                    if option == "raw_html" {
                        config.settings.allowRawHTML = yaml.bool(optionValue, option, &diagnostics) ?? false
                    } else {
                        diagnostics.warning(
                            .unknownSetting, at: yaml.location(of: optionKey), stage: .load,
                            "unknown setting 'markdown.\(option)' (known: raw_html)")
                    }
                }
            case "tables":
                config.tables = parseTables(value, yaml: yaml, diagnostics: &diagnostics)
            default:
                diagnostics.warning(
                    .unknownSetting, at: yaml.location(of: keyNode), stage: .load,
                    "unknown setting '\(key)' (known: \(knownKeys.joined(separator: ", ")))")
            }
        }
        return config
    }

    static func parseTables(_ node: Node, yaml: YAMLDocument, diagnostics: inout Diagnostics) -> [String: TableMapping]
    {
        var tables: [String: TableMapping] = [:]
        let schemas = Dictionary(uniqueKeysWithValues: TableSchema.all.map { ($0.name, $0) })
        for (name, nameNode, body) in yaml.entries(node) {
            guard let schema = schemas[name] else {
                diagnostics.error(
                    .unknownSetting, at: yaml.location(of: nameNode), stage: .load,
                    "unknown table '\(name)' (tables: \(TableSchema.all.map(\.name).joined(separator: ", ")))")
                continue
            }
            var mapping = TableMapping()
            for (key, keyNode, value) in yaml.entries(body) {
                switch key {
                case "file":
                    if let file = yaml.string(value, "tables.\(name).file", &diagnostics) {
                        if file.contains("/") || file.hasPrefix(".") {
                            diagnostics.error(
                                .invalidSetting, at: yaml.location(of: value), stage: .load,
                                "'tables.\(name).file': '\(file)' must be a file name inside data/")
                        } else {
                            mapping.file = file
                        }
                    }
                case "columns":
                    for (column, columnNode, written) in yaml.entries(value) {
                        guard schema.allColumns.contains(column) else {
                            diagnostics.error(
                                .unknownSetting, at: yaml.location(of: columnNode), stage: .load,
                                "table '\(name)' has no column '\(column)' "
                                    + "(columns: \(schema.allColumns.joined(separator: ", ")))")
                            continue
                        }
                        if let text = yaml.string(written, "tables.\(name).columns.\(column)", &diagnostics) {
                            mapping.columns[column] = text
                        }
                    }
                default:
                    diagnostics.warning(
                        .unknownSetting, at: yaml.location(of: keyNode), stage: .load,
                        "unknown setting 'tables.\(name).\(key)' (known: file, columns)")
                }
            }
            tables[name] = mapping
        }
        return tables
    }
}
