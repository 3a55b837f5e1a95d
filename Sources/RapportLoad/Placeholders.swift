import RapportCore

/// Finds `{{name}}` placeholders in Markdown text with their positions, so
/// an unknown name is reported where it was written.
public enum Placeholders {
    public static func find(in text: String, file: String, firstLine: Int) -> [(name: String, location: SourceLocation)]
    {
        var found: [(name: String, location: SourceLocation)] = []
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line[...]
            while let open = rest.range(of: "{{") {
                guard let close = rest[open.upperBound...].range(of: "}}") else { break }
                let name = String(rest[open.upperBound..<close.lowerBound]).trimmingWhitespace()
                let column = line.distance(from: line.startIndex, to: open.lowerBound) + 1
                found.append((name, SourceLocation(file: file, line: firstLine + offset, column: column)))
                rest = rest[close.upperBound...]
            }
        }
        return found
    }
}
