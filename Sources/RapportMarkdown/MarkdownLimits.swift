/// Bounds on a Markdown document, checked in one linear pass before
/// cmark-gfm sees it (docs/guide.md#playbooks-and-pages, "Limits"). Debian's
/// libcmark-gfm 0.29.0.gfm.6 lacks upstream's fixes for CVE-2023-22486
/// (`![[]()` repeated: quadratic bracket matching, 40,000 repeats take 4 s)
/// and CVE-2023-37463 (every row of a table padded to the header's
/// columns: a 1,000-column header over 20,000 short rows is 20 million
/// cells, 5 GB, then an abort), so the library stays but is never handed a
/// document it cannot bound. Measured on that library (issue 25): 100,000
/// table cells take 0.09 s and 25 MB; 1,000 `![[]()` in one paragraph take
/// under 0.01 s; the other patterns of cmark's pathological tests (emphasis
/// and link openers and closers, HTML comments, nested quotes and lists,
/// backticks, autolinks, references) stay linear up to 1 MB.
public enum MarkdownLimits {
    /// Bytes of one document.
    public static let documentBytes = 1 << 20
    /// Columns of one table.
    public static let tableColumns = 100
    /// Cells of all the tables of one document, every row counted as wide
    /// as its table's header (as cmark-gfm makes them).
    public static let tableCells = 100_000
    /// `[` in one block (lines without a blank line between them).
    public static let bracketsPerBlock = 2_000
    /// `[` open at once in one block.
    public static let bracketDepth = 32

    public struct Problem: Equatable, Sendable {
        /// 1-based line of the file.
        public var line: Int
        public var message: String

        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }
    }

    /// What in `source` goes beyond a limit; empty when nothing does.
    /// - Parameter firstLine: the file line `source` starts on (after front matter).
    public static func problems(in source: String, firstLine: Int = 1) -> [Problem] {
        let bytes = Array(source.utf8)
        guard bytes.count <= documentBytes else {
            return [
                Problem(
                    line: firstLine,
                    message: "the document is \(bytes.count) bytes; a playbook or page may have at most "
                        + "\(documentBytes) (1 MiB)")
            ]
        }
        var scan = Scan()
        var start = 0
        var line = firstLine
        while start <= bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            scan.line(bytes[start..<end], number: line)
            start = end + 1
            line += 1
        }
        return scan.problems
    }

    /// The pass's state, one line at a time.
    struct Scan {
        var problems: [Problem] = []
        var fence: (byte: UInt8, count: Int)?
        var blockStart = 1
        var inBlock = false
        var brackets = 0
        var depth = 0
        /// Limits already reported: cells once per document, brackets once per block.
        var reported: Set<Limit> = []
        enum Limit { case cells, brackets, depth }
        var previous: ArraySlice<UInt8> = []
        var tableColumns: Int?
        var cells = 0

        mutating func line(_ text: ArraySlice<UInt8>, number: Int) {
            let content = text.drop { $0 == 0x20 || $0 == 0x09 }
            let indent = text.count - content.count
            if let open = fence {
                // A fence ends with at least as many of its character.
                let run = content.prefix { $0 == open.byte }
                if indent < 4 && run.count >= open.count && content.dropFirst(run.count).allSatisfy(Self.isSpace) {
                    fence = nil
                }
                return
            }
            if content.allSatisfy(Self.isSpace) {
                endBlock()
                previous = []
                return
            }
            if indent < 4, let first = content.first, first == 0x60 || first == 0x7E {
                let run = content.prefix { $0 == first }.count
                if run >= 3 {
                    endBlock()
                    fence = (first, run)
                    return
                }
            }
            if !inBlock {
                inBlock = true
                blockStart = number
            }
            table(text, number: number)
            inline(content, number: number)
            previous = text
        }

        mutating func endBlock() {
            inBlock = false
            brackets = 0
            depth = 0
            reported.subtract([.brackets, .depth])
            tableColumns = nil
        }

        /// Counts a table's cells from its delimiter row (`| --- | :-: |`),
        /// which gives its columns, and each row after it.
        mutating func table(_ text: ArraySlice<UInt8>, number: Int) {
            if let columns = tableColumns {
                add(cells: columns, number: number)
                return
            }
            guard let columns = Self.delimiterColumns(text), !previous.isEmpty,
                previous.contains(0x7C) || text.contains(0x7C)
            else { return }
            if columns > MarkdownLimits.tableColumns {
                problems.append(
                    Problem(
                        line: number,
                        message:
                            "a table of \(columns) columns; a table may have at most \(MarkdownLimits.tableColumns)"))
                // Counted as the limit, so one wide table is one error.
                tableColumns = MarkdownLimits.tableColumns
            } else {
                tableColumns = columns
            }
            add(cells: 2 * (tableColumns ?? 0), number: number)
        }

        mutating func add(cells count: Int, number: Int) {
            cells += count
            once(
                .cells, cells > MarkdownLimits.tableCells, number,
                "the tables reach \(MarkdownLimits.tableCells) cells here (every row counts as wide as its header); "
                    + "a document's tables may have at most \(MarkdownLimits.tableCells) cells")
        }

        /// `message` at `line` when `beyond`, the first time only.
        mutating func once(_ limit: Limit, _ beyond: Bool, _ line: Int, _ message: String) {
            guard beyond, reported.insert(limit).inserted else { return }
            problems.append(Problem(line: line, message: message))
        }

        /// The columns of a GFM delimiter row, or nil when it is not one.
        static func delimiterColumns(_ text: ArraySlice<UInt8>) -> Int? {
            var cells = text.split(separator: 0x7C, omittingEmptySubsequences: false).map(trimmed)
            if cells.first?.isEmpty == true { cells.removeFirst() }
            if cells.last?.isEmpty == true { cells.removeLast() }
            guard !cells.isEmpty else { return nil }
            for var cell in cells {
                if cell.first == 0x3A { cell = cell.dropFirst() }
                if cell.last == 0x3A { cell = cell.dropLast() }
                guard !cell.isEmpty, cell.allSatisfy({ $0 == 0x2D }) else { return nil }
            }
            return cells.count
        }

        static func trimmed(_ text: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
            var text = text
            while let first = text.first, isSpace(first) { text = text.dropFirst() }
            while let last = text.last, isSpace(last) { text = text.dropLast() }
            return text
        }

        /// Counts `[` (not escaped) and how many are open at once.
        mutating func inline(_ content: ArraySlice<UInt8>, number: Int) {
            var escaped = false
            for byte in content {
                if escaped {
                    escaped = false
                    continue
                }
                switch byte {
                case 0x5C: escaped = true
                case 0x5B:
                    brackets += 1
                    depth += 1
                    once(
                        .brackets, brackets > MarkdownLimits.bracketsPerBlock, number,
                        "more than \(MarkdownLimits.bracketsPerBlock) '[' in the block starting on line \(blockStart); "
                            + "a block (lines with no blank line between them) may have at most "
                            + "\(MarkdownLimits.bracketsPerBlock)")
                    once(
                        .depth, depth > MarkdownLimits.bracketDepth, number,
                        "'[' nested more than \(MarkdownLimits.bracketDepth) deep; brackets and links may nest at "
                            + "most \(MarkdownLimits.bracketDepth) deep")
                case 0x5D: depth = max(0, depth - 1)
                default: break
                }
            }
        }

        static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D }
    }
}
