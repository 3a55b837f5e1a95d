/// Writes RFC 4180 CSV: fields with commas, quotes or line breaks are quoted
/// and their quotes doubled; lines end with LF.
public struct CSVWriter {
    public private(set) var text = ""

    public init(header: [String]) { append(header) }

    public mutating func append(_ fields: [String]) {
        text += fields.map(Self.quote).joined(separator: ",") + "\n"
    }

    public static func quote(_ field: String) -> String {
        // Bytes, not Characters: "\r\n" is one Character and equals neither "\r" nor "\n".
        guard field.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
            return field
        }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
