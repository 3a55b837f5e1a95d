import RapportCore

/// The database drivers a build can use, handed to the loader by the
/// `Rapport` library: each driver is a module of its own, so the load stage
/// does not link them (docs/ARCHITECTURE.md#where-things-live-and-how-to-add-one).
public struct DatabaseDrivers: Sendable {
    /// Opens nothing yet: the source connects when the loader reads.
    public var sqlite: (@Sendable (_ path: String) -> any RowSource)?
    /// - Parameter url: the address as written; the driver finds its password.
    public var postgres: (@Sendable (_ url: String) throws(RowSourceFailure) -> any RowSource)?

    public init(
        sqlite: (@Sendable (String) -> any RowSource)? = nil,
        postgres: (@Sendable (String) throws(RowSourceFailure) -> any RowSource)? = nil
    ) {
        self.sqlite = sqlite
        self.postgres = postgres
    }

    /// The source `setting` names, or nil with an error.
    func source(
        _ setting: SourceSetting, root: String, boundary: SiteBoundary, fromSiteFile: Bool,
        _ diagnostics: inout Diagnostics
    ) -> (any DataSource)? {
        let here = SourceLocation(file: fromSiteFile ? root + "/site.yaml" : setting.name)
        switch setting {
        case .csv:
            return CSVFolderSource(directory: root + "/data", boundary: boundary)
        case .sqlite(let path):
            guard let sqlite else { break }
            let file = path.hasPrefix("/") ? path : root + "/" + path
            // A file site.yaml names is inside the site, as data/ is; one
            // named on the command line is the user's own choice.
            if fromSiteFile {
                guard boundary.admitsFile(file, stage: .load, &diagnostics) else { return nil }
            } else if let kind = SiteBoundary.irregularKind(file) {
                diagnostics.error(
                    .unreadableFile, at: SourceLocation(file: file), stage: .load,
                    "not a regular file (\(kind)); Rapport reads only regular files")
                return nil
            }
            return DatabaseTables(sqlite(file))
        case .postgres(let url):
            guard let postgres else { break }
            do {
                return DatabaseTables(try postgres(url))
            } catch {
                diagnostics.error(.sourceFailed, at: here, stage: .load, "source: \(error.message)")
                return nil
            }
        }
        diagnostics.error(
            .sourceFailed, at: here, stage: .load, "this build of Rapport cannot read \(setting.name)")
        return nil
    }
}
