import Foundation
import RapportCore

/// A PostgreSQL 15 server of the tests' own (Debian's `postgresql-15`,
/// which script/bootstrap installs): a new cluster in a temporary folder,
/// a private port and socket folder, run as the `postgres` user when the
/// tests run as root (initdb refuses root), stopped when the tests end.
/// It asks TCP clients for a password (`rapport`/`secret`) and TLS
/// (a self-signed certificate), and trusts its Unix socket, through which
/// the fixtures are loaded with psql.
public final class PostgresServer: @unchecked Sendable {
    public let folder: String
    public let port: Int
    public let user = "rapport"
    public let password = "secret"
    /// The socket folder.
    public var socketFolder: String { folder + "/socket" }
    private var databases = 0
    private let server = Process()
    private let lock = NSLock()

    /// One server for the whole test run, started on first use.
    public static let shared: Result<PostgresServer, PostgresServerFailure> = {
        do {
            let server = try PostgresServer()
            let stop: @convention(c) () -> Void = { PostgresServer.stopShared() }
            atexit(stop)
            return .success(server)
        } catch let failure as PostgresServerFailure {
            return .failure(failure)
        } catch {
            return .failure(PostgresServerFailure(description: "\(error)"))
        }
    }()

    static func stopShared() {
        if case .success(let server) = shared { server.stop() }
    }

    public static let binaries = "/usr/lib/postgresql/15/bin"

    init() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binaries + "/initdb") else {
            throw PostgresServerFailure(
                description: "PostgreSQL 15 is not installed (\(Self.binaries)); script/bootstrap installs it")
        }
        folder = Fixtures.temporaryDirectory()
        // A port the kernel has just handed out and taken back: free
        // unless another program takes it in the next second.
        let probe = try LoopbackListener()
        port = Int(probe.port)
        probe.stop()
        try FileManager.default.createDirectory(atPath: folder + "/socket", withIntermediateDirectories: true)
        Fixtures.write(password + "\n", to: folder + "/password")
        try run(
            [
                "openssl", "req", "-new", "-x509", "-days", "2", "-nodes", "-subj", "/CN=localhost",
                "-keyout", folder + "/server.key", "-out", folder + "/server.crt",
            ], asServer: false)
        try run(["chmod", "-R", "a+rX", folder], asServer: false)
        try run(["chmod", "600", folder + "/server.key"], asServer: false)
        if getuid() == 0 { try run(["chown", "-R", "postgres", folder], asServer: false) }
        try run([
            Self.binaries + "/initdb", "-D", folder + "/data", "-U", "postgres", "--auth-local=trust",
            "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
        ])
        Fixtures.write(
            """
            local all all trust
            hostssl all all 127.0.0.1/32 scram-sha-256
            hostnossl all all 127.0.0.1/32 reject

            """, to: folder + "/data/pg_hba.conf")
        if getuid() == 0 { try run(["chown", "postgres", folder + "/data/pg_hba.conf"], asServer: false) }
        FileManager.default.createFile(atPath: folder + "/server.log", contents: nil)
        let options = [
            "listen_addresses=127.0.0.1", "port=\(port)", "unix_socket_directories=\(socketFolder)", "ssl=on",
            "ssl_cert_file=\(folder)/server.crt", "ssl_key_file=\(folder)/server.key", "fsync=off",
        ]
        // The server is this process's own child, not pg_ctl's daemon: a
        // daemon keeps the descriptors Foundation watches for its parent's
        // end, and `waitUntilExit` never returns.
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: folder + "/server.log"))
        let command =
            (getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--"] : [])
            + [Self.binaries + "/postgres", "-D", folder + "/data"] + options.flatMap { ["-c", $0] }
        server.executableURL = URL(fileURLWithPath: command[0])
        server.arguments = Array(command.dropFirst())
        server.standardOutput = log
        server.standardError = log
        server.standardInput = FileHandle.nullDevice
        try server.run()
        var ready = false
        for _ in 0..<300 where !ready {
            ready = (try? run([Self.binaries + "/pg_isready", "-q", "-h", socketFolder, "-p", "\(port)"])) != nil
            if !ready { usleep(100_000) }
        }
        guard ready else {
            throw PostgresServerFailure(
                description: "the server did not start: " + Fixtures.read(folder + "/server.log"))
        }
        try psql("postgres", "CREATE ROLE \(user) LOGIN PASSWORD '\(password)'")
    }

    /// Runs `arguments` and waits; as the `postgres` user when root.
    @discardableResult
    func run(_ arguments: [String], asServer: Bool = true) throws -> String {
        let process = Process()
        let command = asServer && getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--"] + arguments : arguments
        process.executableURL = URL(fileURLWithPath: command[0].hasPrefix("/") ? command[0] : "/usr/bin/env")
        process.arguments = command[0].hasPrefix("/") ? Array(command.dropFirst()) : command
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        // Files, not pipes: the server pg_ctl starts keeps its parent's
        // descriptors, and a pipe to it would never reach its end.
        let outPath = folder + "/command.out", errPath = folder + "/command.err"
        FileManager.default.createFile(atPath: outPath, contents: nil)
        FileManager.default.createFile(atPath: errPath, contents: nil)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        defer {
            try? out.close()
            try? err.close()
        }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let output = FileManager.default.contents(atPath: outPath) ?? Data()
        let errors = FileManager.default.contents(atPath: errPath) ?? Data()
        guard process.terminationStatus == 0 else {
            throw PostgresServerFailure(
                description: "\(arguments.joined(separator: " ")) failed: " + String(decoding: errors, as: UTF8.self)
                    + Fixtures.read(folder + "/server.log"))
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Runs SQL in `database` through the socket, as the superuser.
    @discardableResult
    public func psql(_ database: String, _ sql: String) throws -> String {
        try run([
            Self.binaries + "/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", socketFolder, "-p", "\(port)", "-U",
            "postgres", "-d", database, "-c", sql,
        ])
    }

    /// A new database owned by `user`, holding `tables` with typed columns
    /// (bigint, numeric, date, text), loaded from their CSV files with \copy.
    public func database(with tables: [CSVTable]) throws -> String {
        lock.lock()
        databases += 1
        let name = "site\(databases)"
        lock.unlock()
        try psql("postgres", "CREATE DATABASE \(name) OWNER \(user)")
        for table in tables {
            let copy = folder + "/\(name)-\(table.name).csv"
            try FileManager.default.copyItem(atPath: table.file, toPath: copy)
            if getuid() == 0 { try run(["chmod", "a+r", copy], asServer: false) }
            let columns = zip(table.columns, table.kinds).map { column, kind in
                "\"\(column)\" " + [.integer: "bigint", .decimal: "numeric", .date: "date", .text: "text"][kind]!
            }
            try psql(name, "CREATE TABLE \"\(table.name)\" (\(columns.joined(separator: ", ")))")
            try psql(name, "\\copy \"\(table.name)\" FROM '\(copy)' WITH (FORMAT csv, HEADER true)")
            try psql(name, "ALTER TABLE \"\(table.name)\" OWNER TO \(user)")
        }
        return name
    }

    /// The address of `database` over TCP, TLS required.
    public func url(_ database: String, sslmode: String = "require") -> String {
        "postgresql://\(user)@127.0.0.1:\(port)/\(database)?sslmode=\(sslmode)"
    }

    public func stop() {
        _ = try? run([Self.binaries + "/pg_ctl", "-D", folder + "/data", "-m", "immediate", "-w", "stop"])
        if server.isRunning { server.terminate() }
        server.waitUntilExit()
        try? FileManager.default.removeItem(atPath: folder)
    }
}

public struct PostgresServerFailure: Error, CustomStringConvertible {
    public var description: String
}
