/// Just enough of HTML's character references to read a URL's scheme the
/// way a browser will: every numeric reference (with or without its `;`,
/// as browsers accept in attributes) and the named ones that stand for
/// characters a scheme check cares about. No named reference stands for
/// an ASCII letter, so the rest cannot hide a scheme.
enum HTMLEntities {
    static let named: [String: Character] = [
        "colon": ":", "Tab": "\t", "NewLine": "\n", "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'",
        "sol": "/", "quest": "?", "num": "#", "period": ".", "nbsp": "\u{A0}",
    ]

    static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            guard scalars[index] == "&", index + 1 < scalars.count else {
                result.append(scalars[index])
                index += 1
                continue
            }
            if scalars[index + 1] == "#" {
                var cursor = index + 2
                let hex = cursor < scalars.count && (scalars[cursor] == "x" || scalars[cursor] == "X")
                if hex { cursor += 1 }
                let digitsStart = cursor
                var value: UInt32 = 0
                while cursor < scalars.count, let digit = Character(scalars[cursor]).hexDigitValue,
                    hex || digit < 10
                {
                    value = min(value &* (hex ? 16 : 10) &+ UInt32(digit), 0x110000)
                    cursor += 1
                }
                if cursor > digitsStart {
                    if cursor < scalars.count, scalars[cursor] == ";" { cursor += 1 }
                    result.append(Unicode.Scalar(value) ?? "\u{FFFD}")
                    index = cursor
                    continue
                }
            } else if let semicolon = scalars[(index + 1)...].prefix(10).firstIndex(of: ";") {
                let name = String(String.UnicodeScalarView(scalars[(index + 1)..<semicolon]))
                if let character = named[name] {
                    result.append(contentsOf: character.unicodeScalars)
                    index = semicolon + 1
                    continue
                }
            }
            result.append(scalars[index])
            index += 1
        }
        return String(result)
    }

    /// An attribute value as written, made safe inside double quotes; its
    /// character references are left for the browser to read as before.
    static func quoteAttribute(_ raw: String) -> String {
        var result = ""
        result.reserveCapacity(raw.utf8.count)
        for character in raw {
            switch character {
            case "\"": result += "&quot;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            default: result.append(character)
            }
        }
        return result
    }
}
