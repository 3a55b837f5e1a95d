/// A Markdown file split into its YAML front matter and its body.
///
/// The YAML is returned padded with one empty line per line that precedes it
/// in the file, so the line numbers a YAML parser reports are lines of the
/// file itself, not of the block.
public struct FrontMatter: Sendable, Equatable {
    /// nil when the file has no `---` block at its top.
    public var yaml: String?
    public var body: String
    /// 1-based file line on which the body starts.
    public var bodyLine: Int

    public enum SplitError: Error, Equatable {
        /// A `---` opened the block on line 1 but no closing `---` followed.
        case unclosed
    }

    public static func split(_ text: String) throws(SplitError) -> FrontMatter {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if let first = lines.first, first.hasPrefix("\u{FEFF}") { lines[0] = first.dropFirst() }
        func isFence(_ line: Substring) -> Bool {
            let trimmed = line.hasSuffix("\r") ? line.dropLast() : line
            return trimmed == "---"
        }
        guard let first = lines.first, isFence(first) else {
            return FrontMatter(yaml: nil, body: text, bodyLine: 1)
        }
        guard let close = lines.indices.dropFirst().first(where: { isFence(lines[$0]) || lines[$0] == "..." }) else {
            throw .unclosed
        }
        // Line 1 is the fence: one blank line keeps YAML line n == file line n.
        let yaml = "\n" + lines[1..<close].joined(separator: "\n")
        let body = lines[(close + 1)...].joined(separator: "\n")
        return FrontMatter(yaml: yaml, body: body, bodyLine: close + 2)
    }
}
