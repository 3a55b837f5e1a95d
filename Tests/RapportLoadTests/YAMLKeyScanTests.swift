import Foundation
import RapportCore
import RapportTestSupport
import Testing
import Yams

@testable import RapportLoad

/// Issue 25, point 5: an alias used as a key made Yams hash its expansion
/// (`? *l9 : 1` in 1.5 KB ran for more than a minute); and point 8: a
/// repeated key was reported at the first one, without a position, with
/// the whole file in the message.
@Suite struct YAMLKeyScanTests {
    /// Ten anchors, each a list of ten of the one before: 10¹⁰ leaves.
    static let laughs: String = {
        var lines = ["l0: &l0 [a, a, a, a, a, a, a, a, a, a]"]
        for level in 1...9 {
            lines.append(
                "l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]")
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    func problems(_ text: String) -> [String] {
        YAMLKeyScan.problems(in: text).map { "\($0.line):\($0.column) \($0.message)" }
    }

    @Test(.timeLimit(.minutes(1))) func anAliasAsAKeyIsRefusedBeforeYamsSeesIt() {
        let alias = "an alias (*l9) used as a key: keys here are plain words; write the key itself"
        let question = "a '?' key: keys here are plain words, not lists, mappings or aliases"
        #expect(problems(Self.laughs + "? *l9\n: 1\n") == ["11:1 \(question)"])
        #expect(problems(Self.laughs + "*l9 : 1\n") == ["11:1 \(alias)"])
        #expect(problems(Self.laughs + "x: {*l9 : 1}\n") == ["11:5 \(alias)"])
        #expect(problems(Self.laughs + "x:\n  - *l9 : 1\n") == ["12:5 \(alias)"])
        #expect(problems(Self.laughs + "x: *l9 : 1\n") == ["11:4 \(alias)"])
        #expect(
            problems(Self.laughs + "[*l9, *l9]: 1\n{a: 1}: 2\n") == [
                "11:10 a list or mapping used as a key: keys here are plain words",
                "12:6 a list or mapping used as a key: keys here are plain words",
            ])
        // Through the loader, as site.yaml and as a playbook's front matter.
        var diagnostics = Diagnostics()
        let started = Date()
        _ = SiteConfig.parse(Self.laughs + "? *l9\n: 1\n", file: "site.yaml", diagnostics: &diagnostics)
        #expect(diagnostics.errors.map { "\($0.location)" } == ["site.yaml:11:1"])
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func aRepeatedKeyIsReportedAtTheSecondWithTheFirstsLine() {
        #expect(
            problems("title: A\ncurrency: USD\ntitle: B\n") == ["3:1 the key 'title' is repeated (first on line 1)"])
        #expect(
            problems("scoring:\n  risk:\n    high_from: 60\n  tiers: {a: 0.5, b: 0.9, a: 0.6}\n  risk: {}\n") == [
                "4:27 the key 'a' is repeated (first on line 4)",
                "5:3 the key 'risk' is repeated (first on line 2)",
            ])
        // Quoted and plain spellings of one key are one key.
        #expect(problems("\"as_of\": 2026-01-01\nas_of: 2026-02-01\n").count == 1)
        // The site.yaml reader says where, and never prints the file.
        var diagnostics = Diagnostics()
        _ = SiteConfig.parse("title: A\n# a comment\ntitle: B\n", file: "site.yaml", diagnostics: &diagnostics)
        #expect(
            diagnostics.errors.map(\.description) == [
                "site.yaml:3:1: error: invalid YAML: the key 'title' is repeated (first on line 1) [load]"
            ])
    }

    /// What is not a key stays out: values, sequence items, block scalars,
    /// quotes and comments holding `?`, `*x :` or a repeated word.
    @Test func validYAMLPassesAndMeansWhatYamsSays() throws {
        let valid = [
            "base: &base {file: a.csv}\ntables:\n  accounts: *base\n  orders:\n    <<: *base\n    file: o.csv\n",
            "items:\n- a: 1\n  b: 2\n- a: 3\n  b: 4\nother: [1, 2]\n",
            "note: |\n  ? not a key\n  *x : not an alias\n  note: again\nnext: >-\n  text\n\n  more: text\nend: 1\n",
            "title: \"Why? *Now*: a: b\"\nquote: 'it''s # not a comment'\n# title: 2\nlast: x # title: 3\n",
            "a:\n  b:\n    c: 1\n  d: 2\nb: 3\n",
            "flow: {a: [1, {a: 2}], b: {a: 3}}\nlist: [a, b, a]\n",
            "multi: {a: 1,\n  b: 2,\n  c: [x,\n    y]}\nafter: 1\n",
            "- a: 1\n- a: 1\n",
            "title: Northwind — Account Reviews\nemoji: 🚀: no\n",
            "tags: [!x a, &y b]\nvalue: !!str 3\nalias_value: *y\n",
            "---\na: 1\n---\na: 2\n",
            "key with spaces: 1\n\"quoted key\": 2\n'single': 3\n",
            "a: 1\r\nb: 2\r\na2: 3\r\n",
        ]
        for text in valid {
            #expect(problems(text) == [], "\(text)")
        }
        // Every YAML of the demo and the fixtures.
        for folder in [Fixtures.packageRoot + "/content", Fixtures.directory] {
            let files = FileManager.default.enumerator(atPath: folder)!.compactMap { $0 as? String }
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".md") }
            for file in files {
                let text = Fixtures.read(folder + "/" + file)
                let yaml = file.hasSuffix(".md") ? (try? FrontMatter.split(text))?.yaml : text
                guard let yaml, (try? Yams.compose(yaml: yaml)) != nil else { continue }
                #expect(problems(yaml) == [], "\(file)")
            }
        }
    }
}
