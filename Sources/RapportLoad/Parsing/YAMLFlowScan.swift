/// The flow collections of `YAMLKeyScan` (`{…}` and `[…]`, across lines):
/// a key inside one is checked as a block key is.
extension YAMLKeyScan {
    /// A flow collection that starts in block context, scanned to its end
    /// and the end of its line.
    mutating func openFlow() {
        flows.append(Flow(isMapping: peek() == UInt8(ascii: "{")))
        advance()
        flowContent()
    }

    /// Inside `[…]` or `{…}`, across lines, until the outermost one closes.
    mutating func flowContent() {
        nodeStart()
        while !atEnd && !flows.isEmpty {
            guard let byte = peek() else { return }
            switch byte {
            case UInt8(ascii: "#") where index == 0 || Self.isBlank(bytes[index - 1]) || bytes[index - 1] == newline:
                skipToLineEnd()
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                let (keyLine, keyColumn) = (line, column)
                let text = readQuoted()
                flowKeyCandidate(text, keyLine, keyColumn)
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                flows.append(Flow(isMapping: byte == UInt8(ascii: "{")))
                advance()
                nodeStart()
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                let (endLine, endColumn) = (line, column)
                flows.removeLast()
                advance()
                skipBlanks()
                if isValueIndicator() {
                    report(endLine, endColumn, "a list or mapping used as a key: keys here are plain words")
                }
                if flows.isEmpty {
                    skipRestOfLine()
                    return
                }
            case UInt8(ascii: ","):
                advance()
                nodeStart()
            default:
                advance()
            }
        }
    }

    /// The start of a node inside a flow collection: after `[`, `{` or `,`.
    mutating func nodeStart() {
        while Self.isBlank(peek()) || peek() == newline || peek() == UInt8(ascii: "\r") { advance() }
        skipProperties()
        let (startLine, startColumn) = (line, column)
        guard let first = peek() else { return }
        if first == UInt8(ascii: "?") && (Self.isBlank(peek(1)) || Self.isBreakOrEnd(peek(1))) {
            report(startLine, startColumn, "a '?' key: keys here are plain words, not lists, mappings or aliases")
            advance()
        } else if first == UInt8(ascii: "*") {
            let name = readAlias()
            while Self.isBlank(peek()) { advance() }
            if peek() == UInt8(ascii: ":") {
                reportAliasKey(name, startLine, startColumn)
            }
        } else if !Self.isFlowIndicator(first) && first != UInt8(ascii: "\"") && first != UInt8(ascii: "'")
            && first != UInt8(ascii: "#")
        {
            // A plain scalar: up to `: `, a flow indicator or a line end.
            let start = index
            while let byte = peek(), !Self.isBreakOrEnd(byte), !Self.isFlowIndicator(byte), !isValueIndicator() {
                advance()
            }
            var end = index
            while end > start && Self.isBlank(bytes[end - 1]) { end -= 1 }
            flowKeyCandidate(String(decoding: bytes[start..<end], as: UTF8.self), startLine, startColumn)
        }
    }

    /// `text` just read inside a flow mapping: a key when `:` follows.
    mutating func flowKeyCandidate(_ text: String, _ keyLine: Int, _ keyColumn: Int) {
        skipBlanks()
        guard flows.last?.isMapping == true, peek() == UInt8(ascii: ":") else { return }
        if let firstLine = flows[flows.count - 1].keys[text] {
            report(keyLine, keyColumn, "the key '\(text)' is repeated (first on line \(firstLine))")
        } else {
            flows[flows.count - 1].keys[text] = keyLine
        }
        advance()
        nodeStart()
    }
}
