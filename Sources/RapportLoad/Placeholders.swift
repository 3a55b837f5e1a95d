import RapportCore

/// Finds `{{name}}` placeholders in Markdown text with their positions, so
/// an unknown name is reported where it was written.
public enum Placeholders {
    /// One pass over the text: columns are counted on from the previous
    /// placeholder rather than from the start of the line, and a line whose
    /// `{{` is never closed is left at once, so a 10 MB single-line playbook
    /// costs what its length does.
    public static func find(in text: String, file: String, firstLine: Int) -> [(name: String, location: SourceLocation)]
    {
        var found: [(name: String, location: SourceLocation)] = []
        let utf8 = text.utf8
        let open = UInt8(ascii: "{"), close = UInt8(ascii: "}"), newline = UInt8(ascii: "\n")
        var line = firstLine
        // The last position whose column is known, and that column.
        var known = text.startIndex
        var knownColumn = 1
        var cursor = utf8.startIndex
        while cursor < utf8.endIndex {
            let byte = utf8[cursor]
            if byte == newline {
                line += 1
                cursor = utf8.index(after: cursor)
                known = cursor
                knownColumn = 1
                continue
            }
            let next = utf8.index(after: cursor)
            guard byte == open, next < utf8.endIndex, utf8[next] == open else {
                cursor = next
                continue
            }
            // The first "}}" on the same line, as before: none means no
            // more placeholders on this line.
            let start = utf8.index(after: next)
            var scan = start
            var end: String.Index?
            while scan < utf8.endIndex, utf8[scan] != newline {
                let after = utf8.index(after: scan)
                if utf8[scan] == close, after < utf8.endIndex, utf8[after] == close {
                    end = scan
                    break
                }
                scan = after
            }
            guard let end else {
                cursor = scan
                continue
            }
            knownColumn += text.distance(from: known, to: cursor)
            known = cursor
            let name = String(text[start..<end]).trimmingWhitespace()
            found.append((name, SourceLocation(file: file, line: line, column: knownColumn)))
            cursor = utf8.index(end, offsetBy: 2)
        }
        return found
    }
}
