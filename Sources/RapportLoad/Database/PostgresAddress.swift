/// A `postgresql://user@host:port/database?sslmode=…&host=/socket/folder`
/// address, read as libpq reads one, and the password found for it in the
/// environment: `PGPASSWORD`, the file `PGPASSFILE` names, or `~/.pgpass`
/// (docs/reference.md#databases-source). A password is never taken from
/// the address: site.yaml is shared and printed in diagnostics.
public struct PostgresAddress: Sendable, Equatable {
    public enum TLSMode: String, Sendable, Equatable {
        /// Plain TCP (libpq's `disable`; `allow` and `prefer` try TLS first, as libpq does).
        case disable, prefer, require
        /// TLS with the server's certificate checked against the system's roots.
        case verifyFull = "verify-full"
    }

    public var user: String
    /// A host name, or a folder holding the server's Unix socket.
    public var host: String
    public var port: Int
    public var database: String
    public var tls: TLSMode

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case malformed(String)
        public var description: String {
            switch self {
            case .malformed(let why): why
            }
        }
    }

    /// - Parameter environment: `PGUSER`, `PGHOST`, `PGPORT` fill what the address leaves out, as in libpq.
    public init(_ url: String, environment: [String: String]) throws(Problem) {
        guard let schemeEnd = url.range(of: "://"),
            ["postgresql", "postgres"].contains(String(url[..<schemeEnd.lowerBound]))
        else { throw .malformed("not a postgresql:// address") }
        var rest = Substring(url[schemeEnd.upperBound...])
        var parameters: [String: String] = [:]
        if let question = rest.firstIndex(of: "?") {
            for pair in rest[rest.index(after: question)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { Self.decoded($0) }
                guard parts.count == 2 else { throw .malformed("parameter '\(pair)' has no value") }
                parameters[parts[0]] = parts[1]
            }
            rest = rest[..<question]
        }
        var path = ""
        if let slash = rest.firstIndex(of: "/") {
            path = Self.decoded(rest[rest.index(after: slash)...])
            rest = rest[..<slash]
        }
        var userPart = ""
        if let at = rest.lastIndex(of: "@") {
            userPart = String(rest[..<at])
            rest = rest[rest.index(after: at)...]
        }
        if userPart.contains(":") { throw .malformed("the address holds a password") }
        var hostPart = Self.decoded(rest)
        var portText: String?
        if let colon = hostPart.lastIndex(of: ":"), !hostPart.hasSuffix("]") {
            portText = String(hostPart[hostPart.index(after: colon)...])
            hostPart = String(hostPart[..<colon])
        }
        if hostPart.hasPrefix("[") && hostPart.hasSuffix("]") { hostPart = String(hostPart.dropFirst().dropLast()) }
        user = Self.decoded(Substring(userPart))
        if user.isEmpty { user = parameters["user"] ?? environment["PGUSER"] ?? environment["USER"] ?? "postgres" }
        host = parameters["host"] ?? (hostPart.isEmpty ? environment["PGHOST"] ?? "localhost" : hostPart)
        portText = parameters["port"] ?? portText ?? environment["PGPORT"]
        if let portText {
            guard let port = Int(portText), (1...65535).contains(port) else {
                throw .malformed("port '\(portText)' is not a number from 1 to 65535")
            }
            self.port = port
        } else {
            port = 5432
        }
        database = parameters["dbname"] ?? (path.isEmpty ? user : path)
        let mode = parameters["sslmode"] ?? environment["PGSSLMODE"] ?? "prefer"
        switch mode {
        case "disable": tls = .disable
        case "allow", "prefer": tls = .prefer
        case "require", "verify-ca": tls = .require
        case "verify-full": tls = .verifyFull
        default: throw .malformed("sslmode '\(mode)' is not disable, allow, prefer, require, verify-ca or verify-full")
        }
        if parameters["password"] != nil { throw .malformed("the address holds a password") }
    }

    /// Whether `url` carries a password (`user:secret@` or `password=`).
    public static func hasPassword(_ url: String) -> Bool {
        guard let schemeEnd = url.range(of: "://") else { return false }
        let rest = url[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        if let at = authority.lastIndex(of: "@"), authority[..<at].contains(":") { return true }
        return rest.contains("password=")
    }

    /// The address as diagnostics show it.
    public var display: String {
        host.hasPrefix("/")
            ? "postgresql://\(user)@/\(database)?host=\(host)&port=\(port)"
            : "postgresql://\(user)@\(host):\(port)/\(database)"
    }

    /// The password for this address: `PGPASSWORD`, else the first matching
    /// line of the password file (`PGPASSFILE`, else `~/.pgpass`), whose
    /// text `readFile` returns; nil when none is found.
    public func password(environment: [String: String], readFile: (String) -> String?) -> String? {
        if let password = environment["PGPASSWORD"] { return password }
        let file = environment["PGPASSFILE"] ?? environment["HOME"].map { $0 + "/.pgpass" }
        guard let file, let text = readFile(file) else { return nil }
        // libpq names a socket connection's host "localhost" in the file.
        let hostName = host.hasPrefix("/") ? "localhost" : host
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let fields = Self.passFileFields(line)
            guard fields.count == 5 else { continue }
            let wanted = [hostName, String(port), database, user]
            if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }

    /// A `.pgpass` line's five fields: `:` separates, `\` escapes `:` and `\`.
    static func passFileFields(_ line: Substring) -> [String] {
        var fields: [String] = [], current = "", escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" && fields.count < 4 {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }

    /// Percent-decoded text (`%40` → `@`); a malformed escape stays as written.
    static func decoded(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var index = text.utf8.startIndex
        let utf8 = text.utf8
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%"), let high = utf8.index(index, offsetBy: 1, limitedBy: utf8.endIndex),
                let low = utf8.index(index, offsetBy: 2, limitedBy: utf8.endIndex), low < utf8.endIndex,
                let value = UInt8(String(decoding: [utf8[high], utf8[low]], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                index = utf8.index(after: low)
            } else {
                bytes.append(byte)
                index = utf8.index(after: index)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
