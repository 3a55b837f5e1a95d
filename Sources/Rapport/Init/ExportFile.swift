import Foundation
import RapportLoad

/// One CSV file of a CRM export as `rapport init --from` sees it: its
/// header, the first rows as a sample of its values, and how many rows it
/// has (docs/guide.md#starting-from-a-crm-export).
struct ExportFile {
    var name: String
    var path: String
    var columns: [String]
    /// At most `sampleSize` rows, values trimmed.
    var sample: [[String]]
    var rows: Int

    static let sampleSize = 5_000

    init(path: String) throws {
        self.path = path
        name = (path as NSString).lastPathComponent
        let reader = try CSVReader(path: path)
        guard try reader.next() else { throw CSVSyntaxErrorText(message: "the file is empty") }
        columns = reader.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        var sample: [[String]] = []
        var rows = 0
        while try reader.next() {
            rows += 1
            if sample.count < Self.sampleSize {
                sample.append(reader.fields.map { $0.trimmingCharacters(in: .whitespaces) })
            }
        }
        self.sample = sample
        self.rows = rows
    }

    /// The column's sample values, empty ones left out.
    func values(_ column: String) -> [String] {
        guard let index = columns.firstIndex(of: column) else { return [] }
        return sample.compactMap { $0.indices.contains(index) && !$0[index].isEmpty ? $0[index] : nil }
    }

    /// A column name as the shapes compare it: lower case, letters and digits only.
    static func folded(_ name: String) -> String {
        String(name.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }
}

struct CSVSyntaxErrorText: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
