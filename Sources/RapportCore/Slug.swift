/// The only way an identifier from the data becomes part of a file name.
///
/// Ids come from CRM exports and can contain anything: `/`, `..`, control
/// characters, or two ids that differ only in case (which collide on macOS
/// and Windows file systems). Every page path goes through here.
public enum Slug {
    /// A lower-case, path-safe form of `text`: ASCII letters and digits are
    /// kept, every other run of characters becomes one `-`, and non-ASCII
    /// letters are spelled as their code point so distinct names stay distinct.
    public static func make(_ text: String) -> String {
        var slug = ""
        var pendingDash = false
        for scalar in text.unicodeScalars {
            let value = scalar.value
            let piece: String?
            switch value {
            case 0x30...0x39, 0x61...0x7A: piece = String(scalar)
            case 0x41...0x5A: piece = String(UnicodeScalar(value + 32)!)
            case 0x80...:
                piece =
                    scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                    ? "u" + String(value, radix: 16) : nil
            default: piece = nil
            }
            if let piece {
                if pendingDash && !slug.isEmpty { slug += "-" }
                pendingDash = false
                slug += piece
            } else {
                pendingDash = true
            }
            if slug.utf8.count >= 80 { break }
        }
        return slug.isEmpty ? "id" : slug
    }

    /// Assigns a unique slug to every id. Ids are taken in sorted order, so
    /// when two ids share a slug ("ACME" and "acme") the first keeps it and the
    /// next gets "-2": the same result on every machine and every run.
    ///
    /// A slug a list page of the same folder uses (`index`, `page-2`, …) is
    /// never given: an account with the id "index" would have replaced the
    /// account list. It gets "index-2" instead.
    public static func assign<ID: RecordID>(_ ids: [ID]) -> [ID: String] {
        Dictionary(uniqueKeysWithValues: assign(ids.map(\.text)).map { (ID($0.key), $0.value) })
    }

    public static func assign(_ ids: [String]) -> [String: String] {
        var result: [String: String] = [:]
        var taken: Set<String> = []
        for id in Set(ids).sorted() {
            let base = make(id)
            var candidate = base
            var suffix = 2
            while taken.contains(candidate) || isListPage(candidate) {
                candidate = "\(base)-\(suffix)"
                suffix += 1
            }
            taken.insert(candidate)
            result[id] = candidate
        }
        return result
    }

    /// `index` and `page-N`: the names of a folder's list pages.
    static func isListPage(_ slug: String) -> Bool {
        guard slug != "index" else { return true }
        guard slug.hasPrefix("page-") else { return false }
        let number = slug.dropFirst(5)
        return !number.isEmpty && number.allSatisfy(\.isASCII) && number.allSatisfy(\.isNumber)
    }
}
