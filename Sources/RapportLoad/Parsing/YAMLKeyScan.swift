/// A look at YAML text before Yams composes it (issue 25, point 5): the
/// keys of site.yaml and front matter are plain words, and a key that is
/// anything else is refused here, at its line and column, because Yams
/// hashes every key to find duplicates and an alias used as a key
/// (`? *l9 : 1`, `*l9 : 1`) is hashed fully expanded — 1.5 KB of anchors
/// nested ten deep ran for minutes. Refused: the explicit-key indicator
/// `?`, an alias as a key, and a list or mapping as a key. The same pass
/// finds a repeated key and reports the second at its own position (Yams
/// names only the first, and its message carries the whole text).
///
/// One linear pass over the bytes that follows YAML's tokens as far as
/// these checks need: comments, quoted scalars (across lines), block
/// scalars (`|`, `>`), flow collections (across lines), sequence entries,
/// anchors, tags and aliases. Anything it does not understand it leaves to
/// Yams, whose own errors still apply.
struct YAMLKeyScan {
    struct Problem: Equatable {
        var line: Int
        var column: Int
        var message: String
    }

    /// The problems in `text`, in order.
    static func problems(in text: String) -> [Problem] {
        var scan = YAMLKeyScan(Array(text.utf8))
        scan.run()
        return scan.found
    }

    let bytes: [UInt8]
    var index = 0
    var line = 1
    var column = 1
    var found: [Problem] = []

    /// A block mapping's keys so far, by the column its keys start at.
    struct BlockMapping {
        var column: Int
        var keys: [String: Int] = [:]
    }
    var blockMappings: [BlockMapping] = []

    /// An open `[` or `{` and, for a mapping, its keys so far.
    struct Flow {
        var isMapping: Bool
        var keys: [String: Int] = [:]
    }
    var flows: [Flow] = []

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    // MARK: Reading bytes

    var atEnd: Bool { index >= bytes.count }
    func peek(_ offset: Int = 0) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    mutating func advance() {
        guard index < bytes.count else { return }
        if bytes[index] == newline {
            line += 1
            column = 1
        } else if bytes[index] & 0xC0 != 0x80 {
            // Columns count characters, as Yams's marks do.
            column += 1
        }
        index += 1
        // A continuation byte belongs to the character before it.
        while index < bytes.count && bytes[index] & 0xC0 == 0x80 { index += 1 }
    }

    let newline = UInt8(ascii: "\n")

    static func isBlank(_ byte: UInt8?) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }

    static func isBreakOrEnd(_ byte: UInt8?) -> Bool {
        byte == nil || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }

    static func isFlowIndicator(_ byte: UInt8?) -> Bool {
        guard let byte else { return false }
        return byte == UInt8(ascii: ",") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]")
            || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}")
    }

    /// `:` that separates a key from its value here: followed by a blank or
    /// a line end (or, inside a flow collection, by a flow indicator).
    func isValueIndicator(at offset: Int = 0) -> Bool {
        guard peek(offset) == UInt8(ascii: ":") else { return false }
        let next = peek(offset + 1)
        return Self.isBlank(next) || Self.isBreakOrEnd(next) || (!flows.isEmpty && Self.isFlowIndicator(next))
    }

    mutating func skipBlanks() {
        while Self.isBlank(peek()) { advance() }
    }

    mutating func skipToLineEnd() {
        while !atEnd && peek() != newline { advance() }
    }

    mutating func report(_ line: Int, _ column: Int, _ message: String) {
        found.append(Problem(line: line, column: column, message: message))
    }

    mutating func reportAliasKey(_ name: String, _ line: Int, _ column: Int) {
        report(line, column, "an alias (*\(name)) used as a key: keys here are plain words; write the key itself")
    }

    // MARK: The pass

    mutating func run() {
        while !atEnd {
            if flows.isEmpty {
                blockLine()
            } else {
                flowContent()
            }
        }
    }

    /// One line in block context, from its first byte.
    mutating func blockLine() {
        var indentation = 0
        while peek() == UInt8(ascii: " ") {
            advance()
            indentation += 1
        }
        skipBlanks()
        guard let first = peek(), first != newline, first != UInt8(ascii: "\r"), first != UInt8(ascii: "#") else {
            skipToLineEnd()
            advance()
            return
        }
        // `---`, `...` and directives start a new document: keys start over.
        if indentation == 0
            && (startsWith("---") || startsWith("...") || first == UInt8(ascii: "%"))
        {
            blockMappings = []
            skipToLineEnd()
            advance()
            return
        }
        // Sequence entries: each `- ` starts a new node, a mapping's keys included.
        var parentIndent = indentation
        while peek() == UInt8(ascii: "-") && (Self.isBlank(peek(1)) || Self.isBreakOrEnd(peek(1))) {
            closeBlockMappings(deeperThan: column)
            parentIndent = column - 1
            advance()
            skipBlanks()
        }
        blockNode(parentIndent: parentIndent)
    }

    func startsWith(_ text: String) -> Bool {
        let pattern = Array(text.utf8)
        return index + pattern.count <= bytes.count && Array(bytes[index..<index + pattern.count]) == pattern
            && (index + pattern.count == bytes.count || Self.isBlank(bytes[index + pattern.count])
                || Self.isBreakOrEnd(bytes[index + pattern.count]))
    }

    mutating func closeBlockMappings(deeperThan column: Int) {
        while let last = blockMappings.last, last.column > column { blockMappings.removeLast() }
    }

    /// A node in block context, from its first character: a key and its
    /// value, or a value alone.
    mutating func blockNode(parentIndent: Int) {
        skipProperties()
        let (startLine, startColumn) = (line, column)
        guard let first = peek(), !Self.isBreakOrEnd(first) else {
            advance()
            return
        }
        if first == UInt8(ascii: "#") {
            skipToLineEnd()
            advance()
            return
        }
        if first == UInt8(ascii: "?") && (Self.isBlank(peek(1)) || Self.isBreakOrEnd(peek(1))) {
            report(startLine, startColumn, "a '?' key: keys here are plain words, not lists, mappings or aliases")
            skipToLineEnd()
            advance()
            return
        }
        if first == UInt8(ascii: "[") || first == UInt8(ascii: "{") {
            openFlow()
            return
        }
        var key: String?
        if first == UInt8(ascii: "*") {
            let name = readAlias()
            skipBlanks()
            if isValueIndicator() {
                reportAliasKey(name, startLine, startColumn)
                skipToLineEnd()
                advance()
                return
            }
        } else if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
            let text = readQuoted()
            skipBlanks()
            if isValueIndicator() { key = text }
        } else if first == UInt8(ascii: "|") || first == UInt8(ascii: ">") {
            skipBlockScalar(parentIndent: parentIndent)
            return
        } else {
            key = readPlainKey()
        }
        // A line that is only `: value` belongs to a `?` key, reported already.
        guard let key, !key.isEmpty else {
            skipRestOfLine()
            return
        }
        closeBlockMappings(deeperThan: startColumn)
        if blockMappings.last?.column != startColumn { blockMappings.append(BlockMapping(column: startColumn)) }
        if let firstLine = blockMappings[blockMappings.count - 1].keys[key] {
            report(startLine, startColumn, "the key '\(key)' is repeated (first on line \(firstLine))")
        } else {
            blockMappings[blockMappings.count - 1].keys[key] = startLine
        }
        advance()  // the ':'
        skipBlanks()
        blockValue(keyIndent: startColumn - 1)
    }

    /// What follows `key:` on its line.
    mutating func blockValue(keyIndent: Int) {
        skipProperties()
        let (startLine, startColumn) = (line, column)
        guard let first = peek(), !Self.isBreakOrEnd(first) else {
            advance()
            return
        }
        switch first {
        case UInt8(ascii: "#"):
            skipToLineEnd()
            advance()
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            openFlow()
        case UInt8(ascii: "|"), UInt8(ascii: ">"):
            skipBlockScalar(parentIndent: keyIndent)
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            _ = readQuoted()
            skipRestOfLine()
        case UInt8(ascii: "*"):
            let name = readAlias()
            skipBlanks()
            // `a: *x : 1` is a compact mapping whose key is the alias.
            if isValueIndicator() {
                reportAliasKey(name, startLine, startColumn)
            }
            skipRestOfLine()
        default:
            skipRestOfLine()
        }
    }

    /// Skips `&anchor` and `!tag` before a node.
    mutating func skipProperties() {
        while peek() == UInt8(ascii: "&") || peek() == UInt8(ascii: "!") {
            while let byte = peek(), !Self.isBlank(byte), !Self.isBreakOrEnd(byte),
                flows.isEmpty || !Self.isFlowIndicator(byte)
            {
                advance()
            }
            skipBlanks()
        }
    }

    /// `*name`: the name, as libyaml reads it (letters, digits, `-`, `_`).
    mutating func readAlias() -> String {
        advance()
        var name: [UInt8] = []
        while let byte = peek(),
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "_") || byte >= 0x80
        {
            name.append(byte)
            index += 1
            column += byte & 0xC0 == 0x80 ? 0 : 1
        }
        return String(decoding: name.prefix(200), as: UTF8.self)
    }

    /// A quoted scalar, across lines if it goes on, from its opening quote;
    /// its text with the quotes' own escapes left as written.
    mutating func readQuoted() -> String {
        let quote = peek()!
        advance()
        var text: [UInt8] = []
        while let byte = peek() {
            if quote == UInt8(ascii: "\"") && byte == UInt8(ascii: "\\") {
                text.append(byte)
                advance()
                if let escaped = peek() { text.append(escaped) }
                advance()
                continue
            }
            if byte == quote {
                // '' is a quote inside single quotes.
                if quote == UInt8(ascii: "'") && peek(1) == quote {
                    text.append(byte)
                    advance()
                    advance()
                    continue
                }
                advance()
                break
            }
            text.append(byte)
            advance()
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// A plain scalar on this line: its text when a `: ` follows it (a key),
    /// leaving the position on the `:`; else nil, at the line's end.
    mutating func readPlainKey() -> String? {
        let start = index
        while let byte = peek(), !Self.isBreakOrEnd(byte) {
            if isValueIndicator() {
                var end = index
                while end > start && Self.isBlank(bytes[end - 1]) { end -= 1 }
                return String(decoding: bytes[start..<end], as: UTF8.self)
            }
            if byte == UInt8(ascii: "#") && index > start && Self.isBlank(bytes[index - 1]) { break }
            advance()
        }
        return nil
    }

    /// The rest of a line in block context: a flow collection or a quoted
    /// scalar may start and run on; a comment ends it.
    mutating func skipRestOfLine() {
        while let byte = peek(), byte != newline {
            if byte == UInt8(ascii: "#") && (index == 0 || Self.isBlank(bytes[index - 1])) {
                skipToLineEnd()
                break
            }
            advance()
        }
        advance()
    }

    /// `|` or `>` and its indicators, then every line indented deeper than
    /// the node that holds it (blank lines included).
    mutating func skipBlockScalar(parentIndent: Int) {
        skipToLineEnd()
        advance()
        while !atEnd {
            var offset = 0
            while peek(offset) == UInt8(ascii: " ") { offset += 1 }
            let next = peek(offset)
            let blank = Self.isBreakOrEnd(next) || Self.isBlank(next)
            guard blank || offset > parentIndent else { return }
            skipToLineEnd()
            advance()
        }
    }

    // MARK: Flow collections
}
