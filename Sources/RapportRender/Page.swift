/// A page to render: where it goes, which template draws it, and the
/// context (plain dictionaries and arrays, which Mustache walks directly).
public struct Page: @unchecked Sendable {
    public var path: String
    public var template: String
    public var context: [String: Any]

    /// The relative prefix from this page back to the output root: links
    /// must work from any sub-path and from file://.
    public static func root(for path: String) -> String {
        String(repeating: "../", count: path.count { $0 == "/" })
    }
}
