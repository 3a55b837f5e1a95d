/// Which `Host` and `Origin` a request to `rapport serve` may carry (docs/guide.md#preview-while-editing-rapport-serve,
/// "Only this machine's names"). A web page the rep opens while previewing can point its own name at 127.0.0.1 (DNS
/// rebinding) and read the portal as its own, every customer's revenue
/// included: the browser then sends that name as `Host`, so a name that
/// is not this server's is refused. The same advisory hit
/// webpack-dev-server and Vite.
public struct HostPolicy: Sendable {
    /// The address the server listens on (`--bind`).
    let address: String
    /// The port it listens on; the port a `Host` must carry.
    let port: Int
    /// Names given by `--allow-host`, lowercased, without a port.
    let allowed: [String]

    init(address: String, port: Int, allowed: [String]) {
        self.address = address
        self.port = port
        self.allowed = allowed.map { $0.lowercased() }
    }

    /// The names this machine answers to whatever the network says: a
    /// page can reach them only from this machine, under these very names.
    static let loopbackNames = ["localhost", "127.0.0.1", "[::1]"]

    /// Whether `host` (a `Host` header, or an origin's host and port) names
    /// this server: one of the loopback names, the bound address, or an
    /// `--allow-host` name, with the server's port. Listening on every
    /// address (0.0.0.0), any IPv4 address names it: a literal address is
    /// what the browser connected to, which no DNS answer can change.
    func permits(host: String) -> Bool {
        let lowered = host.lowercased()
        let name: String
        if let colon = lowered.lastIndex(of: ":"), !lowered.hasSuffix("]") {
            guard Int(lowered[lowered.index(after: colon)...]) == port else { return false }
            name = String(lowered[..<colon])
        } else {
            // A browser leaves out only the default port.
            guard port == 80 else { return false }
            name = lowered
        }
        if Self.loopbackNames.contains(name) || name == address || allowed.contains(name) { return true }
        return address == "0.0.0.0" && Self.isIPv4(name)
    }

    /// Whether an `Origin` header may read the portal: absent (a
    /// navigation, an `<img>`), or `http://` with a host `permits` takes.
    func permits(origin: String?) -> Bool {
        guard let origin else { return true }
        guard origin.hasPrefix("http://") else { return false }
        let host = origin.dropFirst("http://".count)
        return !host.contains("/") && permits(host: String(host))
    }

    /// A name `--allow-host` takes: letters, digits, dots and hyphens (so an
    /// IPv4 address too), or an IPv6 address in brackets; no port, no scheme.
    public static func isHostName(_ text: String) -> Bool {
        if text.hasPrefix("[") && text.hasSuffix("]") && text.count > 2 {
            return text.dropFirst().dropLast().allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
        }
        return !text.isEmpty && text.count <= 253 && !text.hasPrefix(".") && !text.hasPrefix("-")
            && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }
    }

    static func isIPv4(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4
            && parts.allSatisfy { part in
                !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isASCII) && part.allSatisfy(\.isNumber)
                    && (Int(part) ?? 256) <= 255
            }
    }
}
