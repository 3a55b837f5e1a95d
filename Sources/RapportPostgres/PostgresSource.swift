import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import RapportLoad

/// A PostgreSQL server (or one that speaks its protocol) as a site's source
/// (site.yaml `source: { postgres: "postgresql://…" }`), through
/// postgres-nio: every table is read in one read-only transaction, so the
/// tables agree with one another and a query that writes is refused by the
/// server (docs/reference.md#databases-source).
public struct PostgresSource: RowSource {
    public let address: PostgresAddress
    /// From the environment (`PostgresAddress.password`), never from site.yaml.
    let password: String?

    /// Stored: the loader names the source in every record it reads.
    public let name: String

    public init(address: PostgresAddress, password: String?) {
        self.address = address
        self.password = password
        name = address.display
    }

    /// - Parameter environment: `PGPASSWORD`, `PGPASSFILE`, `HOME`, `PGUSER`… as libpq reads them.
    public init(url: String, environment: [String: String]) throws(RowSourceFailure) {
        do {
            address = try PostgresAddress(url, environment: environment)
        } catch {
            throw RowSourceFailure("'\(PostgresAddress.withoutPassword(url))': \(error.description)")
        }
        name = address.display
        password = address.password(environment: environment) { path in
            FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
        }
    }

    public func connect() throws(RowSourceFailure) -> any RowConnection {
        try open(snapshot: nil)
    }

    /// The orders' connection reads the snapshot of the first, exported by
    /// it: every table from one moment of the database.
    public func connect(sharingSnapshotOf other: any RowConnection) throws(RowSourceFailure) -> any RowConnection {
        guard let other = other as? PostgresRowConnection else { return try connect() }
        return try open(snapshot: try other.exportSnapshot())
    }

    private func open(snapshot: String?) throws(RowSourceFailure) -> PostgresRowConnection {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        do {
            let configuration = try self.configuration()
            let connection = try PostgresConnection.connect(
                on: group.next(), configuration: configuration, id: 1, logger: PostgresRowConnection.logger
            ).wait()
            let open = PostgresRowConnection(connection: connection, group: group)
            try open.begin(snapshot: snapshot)
            return open
        } catch {
            try? group.syncShutdownGracefully()
            throw PostgresRowConnection.failure(error)
        }
    }

    func configuration() throws -> PostgresConnection.Configuration {
        if address.host.hasPrefix("/") {
            return .init(
                unixSocketPath: address.host + "/.s.PGSQL.\(address.port)", username: address.user,
                password: password, database: address.database)
        }
        var tls = TLSConfiguration.makeClientConfiguration()
        // libpq's `require` encrypts without checking the certificate;
        // `verify-full` checks it and the host name.
        if address.tls != .verifyFull { tls.certificateVerification = .none }
        let mode: PostgresConnection.Configuration.TLS =
            switch address.tls {
            case .disable: .disable
            case .prefer: .prefer(try NIOSSLContext(configuration: tls))
            case .require, .verifyFull: .require(try NIOSSLContext(configuration: tls))
            }
        return .init(
            host: address.host, port: address.port, username: address.user, password: password,
            database: address.database, tls: mode)
    }
}

extension PostgresAddress {
    /// The address with any `user:password@` cut to `user@`, for a message
    /// about an address that could not be read.
    static func withoutPassword(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://"), let at = url[schemeEnd.upperBound...].firstIndex(of: "@") else {
            return url.contains("password=") ? "(an address with a password)" : url
        }
        let user = url[schemeEnd.upperBound..<at].prefix { $0 != ":" }
        return String(url[..<schemeEnd.upperBound] + user + url[at...])
    }
}
