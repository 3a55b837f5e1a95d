import RapportLoad
import RapportPostgres
import RapportSQLite

extension DatabaseDrivers {
    /// The drivers this build of Rapport has (docs/reference.md#databases-source).
    /// - Parameter environment: where a server's password is looked up
    ///   (`PGPASSWORD`, `PGPASSFILE`, `HOME` for ~/.pgpass), and `PGUSER`,
    ///   `PGHOST`, `PGPORT`, `PGSSLMODE` as libpq reads them.
    public static func standard(environment: [String: String]) -> DatabaseDrivers {
        DatabaseDrivers(
            sqlite: { SQLiteSource(path: $0) },
            postgres: { url throws(RowSourceFailure) in try PostgresSource(url: url, environment: environment) })
    }
}
