import RapportCore
import Yams

/// Where a site's records are (site.yaml `source:`, or `--source`): the CSV
/// files of `data/` (the default), a SQLite file or a PostgreSQL server
/// (docs/reference.md#databases-source).
public enum SourceSetting: Sendable, Equatable {
    case csv
    /// A file, relative to the site folder unless absolute.
    case sqlite(path: String)
    /// `postgresql://user@host:port/database?sslmode=require`, without a
    /// password (it comes from the environment: `PostgresAddress`).
    case postgres(url: String)

    /// How `--source` writes one: `csv`, `sqlite:PATH` (or a path ending in
    /// .db, .sqlite or .sqlite3), or a `postgres://`/`postgresql://` address.
    public init?(argument: String) {
        if argument == "csv" {
            self = .csv
        } else if argument.hasPrefix("postgresql://") || argument.hasPrefix("postgres://") {
            self = .postgres(url: argument)
        } else if argument.hasPrefix("sqlite:") {
            let path = String(argument.dropFirst("sqlite:".count))
            guard !path.isEmpty else { return nil }
            self = .sqlite(path: path)
        } else if [".db", ".sqlite", ".sqlite3"].contains(where: { argument.hasSuffix($0) }) {
            self = .sqlite(path: argument)
        } else {
            return nil
        }
    }

    /// How diagnostics name the source: the file, or the address.
    public var name: String {
        switch self {
        case .csv: "data/"
        case .sqlite(let path): path
        case .postgres(let url): url
        }
    }
}

extension SiteConfig {
    /// `source: { sqlite: data/crm.db }` or `source: { postgres: "postgresql://…" }`.
    static func parseSource(_ node: Node, yaml: YAMLDocument, _ diagnostics: inout Diagnostics) -> SourceSetting? {
        let entries = yaml.entries(node)
        guard entries.count == 1, let (kind, kindNode, value) = entries.first else {
            diagnostics.error(
                .invalidSetting, at: yaml.location(of: node), stage: .load,
                "'source': name one source, as in { sqlite: data/crm.db } or { postgres: \"postgresql://…\" }")
            return nil
        }
        guard let text = yaml.string(value, "source.\(kind)", &diagnostics) else { return nil }
        switch kind {
        case "csv":
            return .csv
        case "sqlite":
            return .sqlite(path: text)
        case "postgres", "postgresql":
            guard text.hasPrefix("postgresql://") || text.hasPrefix("postgres://") else {
                diagnostics.error(
                    .invalidSetting, at: yaml.location(of: value), stage: .load,
                    "'source.postgres': '\(text)' is not a postgresql:// address")
                return nil
            }
            if PostgresAddress.hasPassword(text) {
                // Said without the value: it holds the password.
                diagnostics.error(
                    .invalidSetting, at: yaml.location(of: value), stage: .load,
                    "'source.postgres' holds a password; remove it and set PGPASSWORD, ~/.pgpass or PGPASSFILE")
                return nil
            }
            return .postgres(url: text)
        default:
            diagnostics.error(
                .unknownSetting, at: yaml.location(of: kindNode), stage: .load,
                "unknown source '\(kind)' (known: csv, sqlite, postgres)")
            return nil
        }
    }
}
