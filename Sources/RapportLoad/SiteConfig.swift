import Foundation
import RapportCore
import Yams

/// `site.yaml`, read into settings and table mappings with a diagnostic for
/// every value that is wrong or unknown.
public struct SiteConfig: Sendable {
    public var settings = SiteSettings()
    public var tables: [String: TableMapping] = [:]
    /// Site-wide value formats; a table's `formats:` overrides them key by key.
    public var formats = ValueFormats()
    /// `values:`: per table and column, other spellings → the one the site
    /// uses (docs/reference.md#other-spellings-of-a-value-values).
    public var aliases: [String: [Column: [String: String]]] = [:]
    /// `owner_from`: which deals give an account without an owner its owner,
    /// and by which rule (docs/reference.md#owners-from-deals-owner_from).
    public var ownerFrom: (deals: OwnerFrom.Deals, rule: OwnerFrom.Rule)?
    /// `source:`: where the records are; nil: the CSV files of `data/`
    /// (docs/reference.md#databases-source).
    public var source: SourceSetting?

    public static let knownKeys = [
        "title", "currency", "as_of", "theme", "base_url", "print", "accounts_per_page", "markdown", "formats",
        "tables", "scoring", "pitch", "portals", "values", "owner_from", "source",
    ]
    /// `accounts_per_page`: bounded so page arithmetic cannot overflow, and
    /// so the list page stays within a page's limits (TemplateLibrary.Limits:
    /// 100,000 rows are about 57 MB of HTML).
    static let pageRange = 1...100_000
    /// `pitch.strong_answers`, `pitch.some_answers`.
    static let answersRange = 1...1_000_000
    static let tableKeys = ["file", "from", "query", "columns", "key", "where", "defaults", "formats"]

    public init() {
        formats.numbers.currencySymbols = Self.defaultSymbols(settings)
    }

    /// The mapping for a table, with the site-wide formats where the table sets none.
    public func mapping(for table: String) -> TableMapping {
        var mapping =
            tables[table]
            ?? {
                var mapping = TableMapping()
                mapping.formats = formats
                return mapping
            }()
        mapping.aliases = aliases[table] ?? [:]
        return mapping
    }

    public static func parse(_ text: String, file: String, diagnostics: inout Diagnostics) -> SiteConfig {
        var config = SiteConfig()
        let yaml = YAMLDocument(file: file)
        guard let root = yaml.compose(text, diagnostics: &diagnostics) else { return config }
        guard root.mapping != nil else {
            diagnostics.error(
                .invalidSetting, at: yaml.location(of: root), stage: .load, "site.yaml must be a mapping of settings")
            return config
        }
        let entries = yaml.entries(root)
        // Formats depend on the currency and tables on the formats, whatever
        // order the file lists them in.
        let order = ["title", "currency", "as_of", "theme", "markdown", "formats", "tables"]
        let sorted = entries.sorted {
            (order.firstIndex(of: $0.key) ?? order.count) < (order.firstIndex(of: $1.key) ?? order.count)
        }
        for (key, keyNode, value) in sorted {
            switch key {
            case "title":
                if let title = yaml.string(value, key, &diagnostics) { config.settings.title = title }
            case "currency":
                if let code = yaml.string(value, key, &diagnostics) {
                    if Self.isoCurrencies.contains(code.uppercased()) {
                        config.settings.currency = code.uppercased()
                    } else {
                        diagnostics.error(
                            .invalidSetting, at: yaml.location(of: value), stage: .load,
                            "'currency': '\(code)' is not an ISO 4217 currency code such as USD or EUR")
                    }
                }
                config.formats.numbers.currencySymbols = defaultSymbols(config.settings)
            case "as_of":
                if let day = yaml.day(value, key, &diagnostics) {
                    if let problem = day.asOfProblem {
                        diagnostics.error(
                            .invalidDate, at: yaml.location(of: value), stage: .load, "'as_of': \(problem)")
                    } else {
                        config.settings.asOf = day
                    }
                }
            case "theme":
                if let theme = yaml.string(value, key, &diagnostics) {
                    config.settings.theme = theme
                    config.settings.themeLocation = yaml.location(of: value)
                }
            case "base_url":
                if let url = yaml.string(value, key, &diagnostics) {
                    if url.hasPrefix("https://") || url.hasPrefix("http://"), !url.contains(" ") {
                        config.settings.baseURL = url.hasSuffix("/") ? url : url + "/"
                    } else {
                        diagnostics.error(
                            .invalidSetting, at: yaml.location(of: value), stage: .load,
                            "'base_url': '\(url)' is not an http:// or https:// address")
                    }
                }
            case "accounts_per_page":
                if let count = yaml.int(value, key, in: Self.pageRange, &diagnostics) {
                    config.settings.accountsPerPage = count
                }
            case "print":
                for (option, optionKey, optionValue) in yaml.entries(value) {
                    guard option == "page_size" else {
                        diagnostics.warning(
                            .unknownSetting, at: yaml.location(of: optionKey), stage: .load,
                            "unknown setting 'print.\(option)' (known: page_size)")
                        continue
                    }
                    guard let size = yaml.string(optionValue, option, &diagnostics) else { continue }
                    if let known = ["A4", "Letter"].first(where: { $0.lowercased() == size.lowercased() }) {
                        config.settings.pageSize = known
                    } else {
                        diagnostics.error(
                            .invalidSetting, at: yaml.location(of: optionValue), stage: .load,
                            "'print.page_size': '\(size)' is not A4 or Letter")
                    }
                }
            case "pitch":
                config.settings.pitch = parsePitch(value, yaml: yaml, &diagnostics)
            case "portals":
                config.settings.portals = parsePortals(value, yaml: yaml, &diagnostics)
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
            case "formats":
                config.formats = parseFormats(value, base: config.formats, path: "formats", yaml: yaml, &diagnostics)
            case "tables":
                config.tables = parseTables(value, formats: config.formats, yaml: yaml, diagnostics: &diagnostics)
            case "scoring":
                config.settings.scoring = ScoringConfig.parse(value, yaml: yaml, &diagnostics)
            case "values":
                config.aliases = parseAliases(value, yaml: yaml, &diagnostics)
            case "owner_from":
                config.ownerFrom = parseOwnerFrom(value, yaml: yaml, &diagnostics)
            case "source":
                config.source = parseSource(value, yaml: yaml, &diagnostics)
            default:
                diagnostics.warning(
                    .unknownSetting, at: yaml.location(of: keyNode), stage: .load,
                    "unknown setting '\(key)' (known: \(knownKeys.joined(separator: ", ")))")
            }
        }
        return config
    }

    /// The ISO 4217 codes, current and historic, as ICU lists them: a made-up
    /// code (`ZZZ`) would print on every amount of the portal.
    static let isoCurrencies = Set(Locale.Currency.isoCurrencies.map(\.identifier))

    /// `pitch:` — evidence thresholds and whether prospect-facing pages name
    /// customers (docs/reference.md#siteyaml).
    static func parsePitch(_ value: Node, yaml: YAMLDocument, _ diagnostics: inout Diagnostics) -> PitchSettings {
        var pitch = PitchSettings()
        var someLocation: SourceLocation?
        for (option, optionKey, optionValue) in yaml.entries(value) {
            switch option {
            case "strong_answers", "some_answers":
                guard let count = yaml.int(optionValue, "pitch.\(option)", in: Self.answersRange, &diagnostics) else {
                    continue
                }
                if option == "strong_answers" {
                    pitch.strongAnswers = count
                } else {
                    pitch.someAnswers = count
                    someLocation = yaml.location(of: optionValue)
                }
            case "name_customers":
                pitch.nameCustomers = yaml.bool(optionValue, option, &diagnostics) ?? false
            default:
                diagnostics.warning(
                    .unknownSetting, at: yaml.location(of: optionKey), stage: .load,
                    "unknown setting 'pitch.\(option)' (known: strong_answers, some_answers, name_customers)")
            }
        }
        if pitch.someAnswers > pitch.strongAnswers {
            diagnostics.error(
                .invalidSetting, at: someLocation ?? yaml.location(of: value), stage: .load,
                "'pitch.some_answers' (\(pitch.someAnswers)) is more than 'pitch.strong_answers' "
                    + "(\(pitch.strongAnswers))")
        }
        return pitch
    }

    /// `portals:` — `team`, `reps`, `teams`, each `{}` or `{ encrypt: true }`
    /// (docs/guide.md#publishing-privately).
    static func parsePortals(_ value: Node, yaml: YAMLDocument, _ diagnostics: inout Diagnostics) -> PortalSettings? {
        guard value.mapping != nil else {
            diagnostics.error(
                .invalidSetting, at: yaml.location(of: value), stage: .load,
                "'portals' must be a mapping of audiences (team, reps, teams), each {} or { encrypt: true }")
            return nil
        }
        var kinds: [PortalSettings.Kind: PortalSettings.Options] = [:]
        for (name, nameNode, options) in yaml.entries(value) {
            guard let kind = PortalSettings.Kind(rawValue: name) else {
                diagnostics.error(
                    .invalidSetting, at: yaml.location(of: nameNode), stage: .load,
                    "'portals': no audience '\(name)' (audiences: team, reps, teams)")
                continue
            }
            var chosen = PortalSettings.Options()
            if options.mapping == nil, options.scalar?.string.isEmpty != true, options.scalar?.string != "~",
                options.scalar?.string != "null"
            {
                diagnostics.error(
                    .invalidSetting, at: yaml.location(of: options), stage: .load,
                    "'portals.\(name)' must be {} or { encrypt: true }")
                continue
            }
            for (option, optionNode, optionValue) in yaml.entries(options) {
                guard option == "encrypt" else {
                    diagnostics.warning(
                        .unknownSetting, at: yaml.location(of: optionNode), stage: .load,
                        "unknown setting 'portals.\(name).\(option)' (known: encrypt)")
                    continue
                }
                chosen.encrypt = yaml.bool(optionValue, "portals.\(name).encrypt", &diagnostics) ?? false
            }
            kinds[kind] = chosen
        }
        guard !kinds.isEmpty else {
            diagnostics.error(
                .invalidSetting, at: yaml.location(of: value), stage: .load,
                "'portals' names no audience (team, reps, teams)")
            return nil
        }
        return PortalSettings(kinds: kinds)
    }

    /// Without a `currency_symbols` setting, the site currency's symbol and
    /// code are stripped from amounts ("$1234.50", "1234.50 USD").
    static func defaultSymbols(_ settings: SiteSettings) -> [String] {
        let symbol = settings.currencySymbol.trimmingWhitespace()
        // Longest first, so "US$" is stripped before "$" would leave "US".
        return (symbol == settings.currency ? [symbol] : [symbol, settings.currency]).sorted {
            $0.utf8.count > $1.utf8.count
        }
    }

    static func strings(_ node: Node, _ name: String, yaml: YAMLDocument, _ diagnostics: inout Diagnostics) -> [String]?
    {
        if let sequence = node.sequence {
            return sequence.compactMap { yaml.string($0, name, &diagnostics) }
        }
        return yaml.string(node, name, &diagnostics).map { [$0] }
    }

    static func parseFormats(
        _ node: Node, base: ValueFormats, path: String, yaml: YAMLDocument, _ diagnostics: inout Diagnostics
    ) -> ValueFormats {
        var formats = base
        let separators = [",", ".", " ", "'", ""]
        for (key, keyNode, value) in yaml.entries(node) {
            let name = "\(path).\(key)"
            switch key {
            case "dates":
                guard let patterns = strings(value, name, yaml: yaml, &diagnostics) else { continue }
                var parsed: [DateFormat] = []
                for pattern in patterns {
                    if let format = DateFormat(validating: pattern) {
                        parsed.append(format)
                    } else {
                        diagnostics.error(
                            .invalidSetting, at: yaml.location(of: value), stage: .load,
                            "'\(name)': '\(pattern)' is not a date format (use YYYY, MM or M, DD or D, MMM, "
                                + "hh, mm, ss, Z and literal characters, e.g. DD/MM/YYYY)")
                    }
                }
                if !parsed.isEmpty { formats.dates = parsed }
            case "decimal":
                guard let text = yaml.string(value, name, &diagnostics) else { continue }
                if text == "." || text == "," {
                    formats.numbers.decimal = text.utf8.first!
                } else {
                    diagnostics.error(
                        .invalidSetting, at: yaml.location(of: value), stage: .load, "'\(name)' must be '.' or ','")
                }
            case "thousands":
                let text = value.scalar?.string ?? ""
                if separators.contains(text) {
                    formats.numbers.thousands = text.utf8.first
                } else {
                    diagnostics.error(
                        .invalidSetting, at: yaml.location(of: value), stage: .load,
                        "'\(name)' must be one of ',', '.', ' ', \"'\" or '' (none)")
                }
            case "currency_symbols":
                if let symbols = strings(value, name, yaml: yaml, &diagnostics) {
                    formats.numbers = NumberFormat(
                        decimal: formats.numbers.decimal, thousands: formats.numbers.thousands,
                        currencySymbols: symbols)
                }
            default:
                diagnostics.warning(
                    .unknownSetting, at: yaml.location(of: keyNode), stage: .load,
                    "unknown setting '\(name)' (known: dates, decimal, thousands, currency_symbols)")
            }
        }
        if formats.numbers.thousands == formats.numbers.decimal {
            diagnostics.error(
                .invalidSetting, at: yaml.location(of: node), stage: .load,
                "'\(path)': the thousands separator cannot also be the decimal separator")
        }
        return formats
    }

    static func parseTables(
        _ node: Node, formats: ValueFormats, yaml: YAMLDocument, diagnostics: inout Diagnostics
    ) -> [String: TableMapping] {
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
            mapping.formats = formats
            func canonical(_ text: String, _ node: Node, _ what: String) -> Column? {
                guard let column = Column(rawValue: text), schema.allColumns.contains(column) else {
                    diagnostics.error(
                        .unknownSetting, at: yaml.location(of: node), stage: .load,
                        "\(what): table '\(name)' has no column '\(text)' "
                            + "(columns: \(schema.allColumns.map(\.rawValue).joined(separator: ", ")))")
                    return nil
                }
                return column
            }
            for (key, keyNode, value) in yaml.entries(body) {
                let path = "tables.\(name).\(key)"
                switch key {
                case "file":
                    guard let file = yaml.string(value, path, &diagnostics) else { continue }
                    if file.contains("/") || file.hasPrefix(".") {
                        diagnostics.error(
                            .invalidSetting, at: yaml.location(of: value), stage: .load,
                            "'\(path)': '\(file)' must be a file name inside data/")
                    } else {
                        mapping.file = file
                    }
                case "from", "query":
                    guard let text = yaml.string(value, path, &diagnostics) else { continue }
                    if text.trimmingWhitespace().isEmpty {
                        diagnostics.error(
                            .invalidSetting, at: yaml.location(of: value), stage: .load, "'\(path)' is empty")
                    } else if key == "from" {
                        mapping.from = text
                    } else {
                        mapping.query = text
                    }
                case "columns":
                    for (text, columnNode, written) in yaml.entries(value) {
                        guard let column = canonical(text, columnNode, "'\(path)'") else { continue }
                        if let name = yaml.string(written, "\(path).\(text)", &diagnostics) {
                            mapping.columns[column] = name
                        }
                    }
                case "key":
                    guard let column = yaml.string(value, path, &diagnostics) else { continue }
                    if schema.keyColumn == nil {
                        diagnostics.error(
                            .invalidSetting, at: yaml.location(of: value), stage: .load,
                            "'\(path)': table '\(name)' has no key column to replace")
                    } else if let key = canonical(column, value, "'\(path)'") {
                        mapping.key = key
                    }
                case "where":
                    for (column, _, allowed) in yaml.entries(value) {
                        if let values = strings(allowed, "\(path).\(column)", yaml: yaml, &diagnostics) {
                            mapping.filters.append(
                                .init(column: column, values: values, location: yaml.location(of: allowed)))
                        }
                    }
                case "defaults":
                    for (text, columnNode, fallback) in yaml.entries(value) {
                        guard let column = canonical(text, columnNode, "'\(path)'") else { continue }
                        if let value = yaml.string(fallback, "\(path).\(text)", &diagnostics) {
                            mapping.defaults[column] = value
                        }
                    }
                case "formats":
                    mapping.formats = parseFormats(value, base: formats, path: path, yaml: yaml, &diagnostics)
                case "from_opportunities" where name == TableSchema.orders.name:
                    guard let text = yaml.string(value, path, &diagnostics) else { continue }
                    if text == "won" {
                        mapping.fromWonDeals = true
                    } else {
                        diagnostics.error(
                            .invalidSetting, at: yaml.location(of: value), stage: .load,
                            "'\(path)': '\(text)' is not won (the won deals are the orders)")
                    }
                default:
                    diagnostics.warning(
                        .unknownSetting, at: yaml.location(of: keyNode), stage: .load,
                        "unknown setting '\(path)' (known: \(tableKeys.joined(separator: ", ")))")
                }
            }
            tables[name] = mapping
        }
        return tables
    }
}
