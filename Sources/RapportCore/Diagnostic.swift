/// The pipeline stage a diagnostic comes from, printed with every message so a
/// user knows whether to look at their data, their templates or their disk.
public enum Stage: String, Sendable, Hashable, Comparable, CaseIterable {
    case load, analyze, render, write

    public static func < (lhs: Stage, rhs: Stage) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

public enum Severity: String, Sendable, Hashable {
    case error, warning
}

/// Where a problem is: a file and, when known, a 1-based line and column;
/// or, in a source without lines, the record ("orders 'O-7'") and field.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    /// The table and key of a record in a source without lines.
    public var record: String?
    /// The column's name, in such a record.
    public var field: String?

    public init(file: String, line: Int? = nil, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }

    public init(source: String, record: String, field: String? = nil) {
        file = source
        self.record = record
        self.field = field
    }

    public var description: String {
        var text = file
        if let record {
            text += " [\(record)\(field.map { ", column \($0)" } ?? "")]"
        } else if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        return text
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line ?? 0, lhs.column ?? 0, lhs.record ?? "", lhs.field ?? "")
            < (rhs.file, rhs.line ?? 0, rhs.column ?? 0, rhs.record ?? "", rhs.field ?? "")
    }
}

/// What kind of problem a diagnostic reports. Tests match on this rather than
/// on the wording of the message.
public enum DiagnosticKind: String, Sendable, Hashable {
    case unreadableFile, emptyFile, headerOnly, invalidUTF8
    case unclosedQuote, strayQuote, fieldCount, fieldTooLarge
    case missingColumn, missingValue, invalidDate, invalidNumber, negativeValue, invalidEnum, invalidBoolean
    case duplicateKey, unknownReference, inconsistentRow
    case invalidYAML, invalidSetting, unknownSetting, missingFrontMatter, invalidFrontMatter
    case templateSyntax, unknownTemplate, unknownTemplateName, templateLimit
    case invalidExpression
    case markdownLimit
    case unsafeIdentifier
    case writeFailed, largeOutput
    case outsideSite
    case changedWhileRead
    /// A database that cannot be reached or a query it refused.
    case sourceFailed
    /// An encrypted portal's keys (docs/guide.md#publishing-privately).
    case missingKey, invalidKeys
}

/// One problem found by the pipeline. Diagnostics are values: they are
/// collected, sorted and printed together at the end of a run.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public var severity: Severity
    public var stage: Stage
    public var kind: DiagnosticKind
    public var location: SourceLocation
    public var message: String

    public init(
        _ severity: Severity, _ kind: DiagnosticKind, at location: SourceLocation, stage: Stage,
        _ message: String
    ) {
        self.severity = severity
        self.kind = kind
        self.location = location
        self.stage = stage
        self.message = Self.bounded(message)
    }

    /// `file:line:column: error: message [stage]`, the form editors and CI
    /// logs recognise, with every control character shown as an escape.
    public var description: String {
        Self.printable("\(location): \(severity.rawValue): \(message) [\(stage.rawValue)]")
    }

    /// Longest a quoted value stays in a message, in characters.
    public static let quotedLimit = 200

    /// `message` with every quoted part (between `'`) longer than
    /// `quotedLimit` cut, saying how long it was: a 1 MB cell quoted whole
    /// made each copy of the problems 1 MB (issue 25).
    static func bounded(_ message: String) -> String {
        // Fast path: most messages are short.
        guard message.utf8.count > quotedLimit else { return message }
        var result = ""
        var inside = false
        for (index, part) in message.split(separator: "'", omittingEmptySubsequences: false).enumerated() {
            if index > 0 { result += "'" }
            if inside && part.count > quotedLimit {
                result += part.prefix(quotedLimit) + "… (\(part.count) characters)"
            } else {
                result += part
            }
            inside.toggle()
        }
        return result
    }

    /// `text` with control characters (C0, DEL, C1) and the bidirectional
    /// overrides shown as `\u{1B}`: a value from a data file must not move
    /// the terminal's cursor, clear it, or reorder what it shows (issue 25).
    public static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isHidden) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if isHidden(scalar) {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x20 || (0x7F...0x9F).contains(value) || (0x202A...0x202E).contains(value)
            || (0x2066...0x2069).contains(value)
    }
}

/// Collects diagnostics from every stage. Errors stop the build after the
/// stage that found them has finished, so a user sees all of them at once.
public struct Diagnostics: Sendable {
    public private(set) var all: [Diagnostic] = []
    /// More errors than this are counted but not kept: a broken 100 MB file
    /// should not print a million lines.
    public let cap: Int
    public private(set) var droppedErrors = 0

    public init(cap: Int = 200) { self.cap = cap }

    public mutating func append(_ diagnostic: Diagnostic) {
        if diagnostic.severity == .error && errorCount >= cap {
            droppedErrors += 1
            return
        }
        all.append(diagnostic)
    }

    public mutating func append(contentsOf other: Diagnostics) {
        for diagnostic in other.all { append(diagnostic) }
        droppedErrors += other.droppedErrors
    }

    public mutating func error(
        _ kind: DiagnosticKind, at location: SourceLocation, stage: Stage, _ message: String
    ) {
        append(Diagnostic(.error, kind, at: location, stage: stage, message))
    }

    public mutating func warning(
        _ kind: DiagnosticKind, at location: SourceLocation, stage: Stage, _ message: String
    ) {
        append(Diagnostic(.warning, kind, at: location, stage: stage, message))
    }

    public var errors: [Diagnostic] { all.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { all.filter { $0.severity == .warning } }
    public var errorCount: Int { all.count { $0.severity == .error } }
    public var warningCount: Int { all.count { $0.severity == .warning } }
    public var hasErrors: Bool { errorCount > 0 || droppedErrors > 0 }

    /// Sorted by file, line and column so output does not depend on the order
    /// in which concurrent work finished.
    public var sorted: [Diagnostic] {
        all.sorted { ($0.location, $0.message) < ($1.location, $1.message) }
    }

    /// The one-line summary printed after the diagnostics.
    public var summary: String {
        let errors = errorCount + droppedErrors
        func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
        var text = "\(plural(errors, "error")), \(plural(warningCount, "warning"))"
        if droppedErrors > 0 { text += " (\(droppedErrors) errors not shown)" }
        return text
    }
}

extension Diagnostic: Error {}
