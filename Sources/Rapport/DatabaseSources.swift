import RapportLoad
import RapportSQLite

extension DatabaseDrivers {
    /// The drivers this build of Rapport has (docs/reference.md#databases-source).
    /// - Parameter environment: where a server's password is looked up.
    public static func standard(environment: [String: String]) -> DatabaseDrivers {
        DatabaseDrivers(sqlite: { SQLiteSource(path: $0) })
    }
}
