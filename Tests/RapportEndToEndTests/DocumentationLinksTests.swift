import Foundation
import RapportTestSupport
import Testing

/// Comments and documents point at sections of `docs/` by anchor
/// (`docs/methodology.md#risk`); every one must lead to a heading that
/// exists, so a renamed section cannot leave stale pointers behind
/// (docs/CONTRIBUTING.md#checks-and-measurements).
@Suite struct DocumentationLinksTests {
    /// GitHub's anchor of a heading: lower case, punctuation dropped,
    /// spaces to hyphens; a repeated one gets -1, -2, ….
    static func anchors(ofMarkdown text: String) -> Set<String> {
        var anchors: Set<String> = []
        var seen: [String: Int] = [:]
        var inFence = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { inFence.toggle() }
            guard !inFence, line.hasPrefix("#"), let space = line.firstIndex(of: " ") else { continue }
            let title = line[line.index(after: space)...].lowercased()
            var slug = String(
                title.unicodeScalars.filter {
                    CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" || $0 == " "
                }
                .map(Character.init)
            )
            .trimmingCharacters(in: .whitespaces)
            .replacingOccurrences(of: " ", with: "-")
            if let count = seen[slug] {
                seen[slug] = count + 1
                slug += "-\(count + 1)"
            } else {
                seen[slug] = 0
            }
            anchors.insert(slug)
        }
        return anchors
    }

    static let root = Fixtures.packageRoot

    static func files(under folder: String, suffix: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: root + "/" + folder)
        var paths: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(suffix) { paths.append(folder + "/" + path) }
        }
        return paths.sorted()
    }

    /// Anchors into docs/ named in the code and the tests, and `[…](x.md#…)`
    /// links between the documents (relative to the document).
    @Test func everyAnchorLeadsToAHeading() throws {
        var sources = Self.files(under: "Sources", suffix: ".swift") + Self.files(under: "Tests", suffix: ".swift")
        sources += Self.files(under: "fuzz", suffix: ".swift")
        let documents = ["README.md"] + Self.files(under: "docs", suffix: ".md")
        var cache: [String: Set<String>] = [:]
        func anchors(_ path: String) throws -> Set<String> {
            if let known = cache[path] { return known }
            let text = try String(contentsOfFile: Self.root + "/" + path, encoding: .utf8)
            let found = Self.anchors(ofMarkdown: text)
            cache[path] = found
            return found
        }
        let inCode = try NSRegularExpression(pattern: #"docs/([A-Za-z_-]+\.md)#([a-z0-9_-]+)"#)
        let inDocs = try NSRegularExpression(pattern: #"\]\(((?:docs/)?[A-Za-z_-]+\.md)#([a-z0-9_-]+)\)"#)
        var checked = 0
        for path in sources + documents {
            let text = try String(contentsOfFile: Self.root + "/" + path, encoding: .utf8)
            let isDocument = path.hasSuffix(".md")
            let pattern = isDocument ? inDocs : inCode
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let file = String(text[Range(match.range(at: 1), in: text)!])
                let anchor = String(text[Range(match.range(at: 2), in: text)!])
                // In code every path is from the package root; in a document, from the document's folder.
                let target =
                    isDocument
                    ? ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(file)
                    : "docs/" + file
                let normalized = (target as NSString).standardizingPath
                #expect(
                    FileManager.default.fileExists(atPath: Self.root + "/" + normalized),
                    "\(path) points at \(normalized), which does not exist")
                #expect(
                    (try? anchors(normalized))?.contains(anchor) == true,
                    "\(path) points at \(normalized)#\(anchor): no such heading")
                checked += 1
            }
        }
        #expect(checked > 100)
    }

    @Test func anchorsFollowGitHubsRule() {
        let text =
            "# Rapport guide\n## Preview while editing (`rapport serve`)\n```\n# not a heading\n```\n## site.yaml\n## Value\n### Value\n"
        #expect(
            Self.anchors(ofMarkdown: text) == [
                "rapport-guide", "preview-while-editing-rapport-serve", "siteyaml", "value", "value-1",
            ])
    }
}
