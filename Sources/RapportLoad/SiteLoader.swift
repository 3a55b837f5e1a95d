import Foundation
import RapportCore

/// The load stage: a site folder → a typed `SiteModel` plus diagnostics.
public enum SiteLoader {
    /// - Parameter directory: the site folder as the user named it; paths in
    ///   diagnostics start with it so they can be clicked in a terminal.
    /// - Parameter source: where the records come from; when nil, the
    ///   database `sourceSetting` or site.yaml's `source:` names, through
    ///   `databases`, else the CSV files of the folder's `data/`.
    public static func load(
        directory: String, source: (any DataSource)? = nil, sourceSetting: SourceSetting? = nil,
        databases: DatabaseDrivers = DatabaseDrivers()
    ) -> (SiteModel, Diagnostics) {
        var diagnostics = Diagnostics()
        var model = SiteModel()
        let root = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        let configPath = root + "/site.yaml"
        var config = SiteConfig()
        let boundary = SiteBoundary(root: root)
        if !boundary.admitsFile(configPath, stage: .load, &diagnostics) {
            // Said; the defaults stand in so the rest is still checked.
        } else if let data = FileManager.default.contents(atPath: configPath) {
            if let text = String(validating: [UInt8](data), as: UTF8.self) {
                config = SiteConfig.parse(text, file: configPath, diagnostics: &diagnostics)
            } else {
                diagnostics.error(
                    .invalidUTF8, at: SourceLocation(file: configPath), stage: .load, "site.yaml is not valid UTF-8")
            }
        } else if !FileManager.default.fileExists(atPath: root) {
            diagnostics.error(.unreadableFile, at: SourceLocation(file: root), stage: .load, "site folder not found")
            return (model, diagnostics)
        } else {
            diagnostics.error(
                .unreadableFile, at: SourceLocation(file: configPath), stage: .load,
                "site.yaml not found (run 'rapport new DIR' for a starting point)")
        }
        model.settings = config.settings
        guard
            let source = source
                ?? databases.source(
                    sourceSetting ?? config.source ?? .csv, root: root, boundary: boundary,
                    fromSiteFile: sourceSetting == nil, &diagnostics)
        else { return (model, diagnostics) }
        source.read(into: &model, config: config, diagnostics: &diagnostics)
        if config.mapping(for: TableSchema.orders.name).fromWonDeals {
            if model.absentTables.contains(TableSchema.orders.name) {
                OrdersFromWonDeals.make(&model, &diagnostics)
            } else {
                diagnostics.warning(
                    .invalidSetting, at: SourceLocation(file: configPath), stage: .load,
                    "'tables.orders.from_opportunities' is set but an orders table is given: its lines are the orders")
            }
        }
        if let (deals, rule) = config.ownerFrom { OwnersFromDeals.assign(&model, from: deals, by: rule) }
        var checks = TableChecks(model)
        for table in TableKind.allCases { table.check(&checks) }
        ValueSpellings.check(model, &checks.pending)
        FieldLocator.place(checks.pending, config: config, &diagnostics)
        checks.tally.summarise(&diagnostics) { checks.lookalike(kind: $0, id: $1) }

        (model.playbooks, model.freePages) = documents(
            directory: root, allowRawHTML: config.settings.allowRawHTML, boundary: boundary, &diagnostics)
        return (model, diagnostics)
    }

    /// The site's playbooks and free pages, read again on their own by
    /// `rapport serve` after one of them is edited.
    public static func documents(directory: String, allowRawHTML: Bool, _ diagnostics: inout Diagnostics) -> (
        playbooks: [Playbook], pages: [Document]
    ) {
        let root = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        return documents(
            directory: root, allowRawHTML: allowRawHTML, boundary: SiteBoundary(root: root), &diagnostics)
    }

    static func documents(
        directory root: String, allowRawHTML: Bool, boundary: SiteBoundary, _ diagnostics: inout Diagnostics
    ) -> (playbooks: [Playbook], pages: [Document]) {
        var playbooks: [Playbook] = [], pages: [Document] = []
        for name in DocumentLoader.markdownFiles(in: root + "/playbooks") {
            let path = root + "/playbooks/" + name
            if boundary.admitsFile(path, stage: .load, &diagnostics),
                let playbook = DocumentLoader.playbook(
                    path: path, display: path, allowRawHTML: allowRawHTML, diagnostics: &diagnostics)
            {
                playbooks.append(playbook)
            }
        }
        for name in DocumentLoader.markdownFiles(in: root + "/pages") {
            let path = root + "/pages/" + name
            if boundary.admitsFile(path, stage: .load, &diagnostics),
                let parsed = DocumentLoader.read(
                    path: path, display: path, allowRawHTML: allowRawHTML, diagnostics: &diagnostics)
            {
                pages.append(parsed.document)
            }
        }
        return (playbooks, pages)
    }
}
