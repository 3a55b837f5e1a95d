import Foundation
import RapportCore
import RapportLoad

/// What `rapport init --from` makes of a folder of CSV exports: which file
/// is which table, how each column maps, the formats its values are
/// written in, how the tables refer to one another, and the report of what
/// was mapped, left out and why (docs/guide.md#starting-from-a-crm-export).
struct ExportDraft {
    typealias Role = ExportShapes.Role

    struct Table {
        var role: Role
        var file: ExportFile
        /// Canonical column → the file's column, in the shape's order.
        var columns: [(canonical: String, column: String)] = []
        /// Columns matched by a guess: written commented out, with why.
        var unsure: [(canonical: String, column: String, why: String)] = []
        /// Read by the key column's name instead of an id (`key: name`).
        var keyedByName = false
        var label: String
        func column(_ canonical: String) -> String? { columns.first { $0.canonical == canonical }?.column }
    }

    var tables: [Role: Table] = [:]
    /// Files written by init itself (reps made from deal owners…), by name.
    var generated: [(name: String, text: String)] = []
    var dateFormats: [String] = []
    var dateComment: String?
    var thousands: String?
    var currency = "USD"
    /// Orders from the deals file, filtered to these won stages; or from
    /// the won deals of the opportunities table (`fromOpportunities`).
    var ordersFromDeals: [String]?
    var fromOpportunities = false
    var ownerFromDeals = false
    var report: [String] = []
    var leftOut: [String] = []
    var latestDate: Day?

    static func make(folder: String) throws -> ExportDraft {
        var draft = ExportDraft()
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue,
            let listed = try? FileManager.default.contentsOfDirectory(atPath: folder)
        else { throw SiteScaffold.Failure(description: "'\(folder)' is not a folder that can be read") }
        let names = listed.filter { name in
            name.lowercased().hasSuffix(".csv") && SiteBoundary.irregularKind(folder + "/" + name) == nil
        }.sorted()
        var candidates: [(role: Role, score: Int, table: Table)] = []
        for name in names {
            let file: ExportFile
            do {
                file = try ExportFile(path: folder + "/" + name)
            } catch let error as CSVSyntaxError {
                draft.leftOut.append("\(name): not read — line \(error.line), column \(error.column): \(error.message)")
                continue
            } catch {
                draft.leftOut.append("\(name): not read — \(error)")
                continue
            }
            guard let (role, score, table) = classify(file) else {
                draft.leftOut.append(
                    "\(name): left out — its columns (\(file.columns.prefix(8).joined(separator: ", "))) are not "
                        + "a shape Rapport knows")
                continue
            }
            candidates.append((role, score, table))
        }
        for candidate in candidates.sorted(by: { $0.score > $1.score }) {
            if candidate.role == .contacts {
                draft.leftOut.append(
                    "\(candidate.table.file.name): left out — contacts (Rapport has no table for people)")
            } else if let taken = draft.tables[candidate.role] {
                draft.leftOut.append(
                    "\(candidate.table.file.name): left out — looks like \(candidate.role.rawValue) too, and "
                        + "\(taken.file.name) fits better")
            } else {
                draft.tables[candidate.role] = candidate.table
            }
        }
        try draft.relate()
        draft.readFormats()
        return draft
    }

    /// The kind of file `file` is, with its score and column mapping; nil
    /// when no kind has all its required columns.
    static func classify(_ file: ExportFile) -> (Role, Int, Table)? {
        let folded = file.columns.map(ExportFile.folded)
        let lowerName = file.name.lowercased()
        var best: (Role, Int, Table)?
        for role in Role.allCases {
            var table = Table(role: role, file: file, label: label(file, role))
            var complete = true
            for field in ExportShapes.fields(role) {
                if let name = field.names.first(where: { folded.contains($0) }) {
                    table.columns.append((field.column, file.columns[folded.firstIndex(of: name)!]))
                } else if field.required {
                    complete = false
                }
            }
            guard complete else { continue }
            var score = table.columns.count
            score += 3 * ExportShapes.signature(role).filter { folded.contains($0) }.count
            if ExportShapes.fileHints(role).contains(where: { lowerName.contains($0) }) { score += 4 }
            if best == nil || score > best!.1 { best = (role, score, table) }
        }
        return best
    }

    /// Which vendor's export the file looks like, for the report.
    static func label(_ file: ExportFile, _ role: Role) -> String {
        let columns = Set(file.columns)
        if !columns.isDisjoint(with: [
            "StageName", "AccountId", "OwnerId", "CaseNumber", "NumberOfEmployees", "ManagerId", "UserRoleId", "IsWon",
        ]) {
            return "a Salesforce Data Loader export"
        }
        if !columns.isDisjoint(with: ["Record ID", "Associated Company", "Associated Company IDs", "Deal Stage"]) {
            return "a HubSpot export"
        }
        if !columns.isDisjoint(with: ["Opportunity Owner", "Account Owner", "Opportunity ID", "Case Number"]) {
            return "a Salesforce report"
        }
        return "an export"
    }
}
