import RapportCore

/// Where a site's records come from (docs/guide.md#data-sources): the CSV files
/// of its `data/` folder (`CSVFolderSource`, the default) or records handed
/// over by a program (`KeyedTables`). A source fills the model's record
/// tables; checking keys and references across tables, playbooks and pages
/// are the loader's, the same for every source.
public protocol DataSource: Sendable {
    /// Reads each table of docs/reference.md#the-tables-csv-schema, into `model` — records,
    /// `symbols`, `texts`, `recordOrigins`, and `absentTables` for those the
    /// source lacks — with one diagnostic per problem at its record, in table
    /// order (`TableSchema.all`).
    func read(into model: inout SiteModel, config: SiteConfig, diagnostics: inout Diagnostics)
}
