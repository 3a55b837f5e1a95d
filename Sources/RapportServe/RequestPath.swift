/// What a request's path asks for, decided from the path alone before
/// anything is read: a file of the portal, one of the preview's own
/// resources, or nothing (docs/reference.md#commands, `serve`). The portal is served
/// from a private folder, and no path may leave it: `..` and `.` segments,
/// encoded (`%2e%2e`) or not, encoded slashes and backslashes, empty
/// segments, control characters and paths not starting with `/` are refused.
enum RequestPath: Equatable {
    /// A file, relative to the portal's root; a folder asks for its `index.html`.
    case file(String)
    /// The live-reload script added to served pages.
    case liveScript
    /// The server-sent events that tell pages to reload.
    case events
    /// The last rebuild's problems, as JSON.
    case status
    case invalid

    /// The preview's own resources live under this folder, which no portal has.
    static let ownFolder = "_rapport"

    /// - Parameter raw: the request target's path, still percent-encoded.
    static func parse(_ raw: String) -> RequestPath {
        guard raw.hasPrefix("/") else { return .invalid }
        switch raw {
        case "/\(ownFolder)/live.js": return .liveScript
        case "/\(ownFolder)/events": return .events
        case "/\(ownFolder)/status": return .status
        default: break
        }
        var segments: [String] = []
        let parts = raw.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        for (index, part) in parts.enumerated() {
            if part.isEmpty {
                // Only the last may be empty: a trailing slash, a folder.
                guard index == parts.count - 1 else { return .invalid }
                continue
            }
            guard let decoded = String(part).removingPercentEncoding, decoded != ".", decoded != "..",
                !decoded.unicodeScalars.contains(where: {
                    $0 == "/" || $0 == "\\" || $0.value < 0x20 || $0.value == 0x7F
                })
            else { return .invalid }
            segments.append(decoded)
        }
        if segments.first == ownFolder { return .invalid }
        let folder = raw.hasSuffix("/")
        return .file((segments + (folder ? ["index.html"] : [])).joined(separator: "/"))
    }
}
