import RapportCore
import Yams

/// Helpers to read a composed YAML tree with positions, so that every
/// setting error points at the line and column of the offending value.
struct YAMLDocument {
    let file: String

    func location(of node: Node?) -> SourceLocation {
        guard let mark = node?.mark else { return SourceLocation(file: file) }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    /// Parses `text`; a syntax error becomes a diagnostic at its position.
    /// A key that is not a plain word, or a repeated key, is found first
    /// and Yams is not run (`YAMLKeyScan`: an alias as a key made Yams hash
    /// its expansion for minutes).
    func compose(_ text: String, diagnostics: inout Diagnostics) -> Node? {
        let problems = YAMLKeyScan.problems(in: text)
        guard problems.isEmpty else {
            for problem in problems {
                diagnostics.error(
                    .invalidYAML, at: SourceLocation(file: file, line: problem.line, column: problem.column),
                    stage: .load, "invalid YAML: \(problem.message)")
            }
            return nil
        }
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            let (mark, problem) = Self.describe(error)
            diagnostics.error(
                .invalidYAML, at: SourceLocation(file: file, line: mark?.line, column: mark?.column), stage: .load,
                "invalid YAML: \(problem)")
        } catch {
            diagnostics.error(.invalidYAML, at: SourceLocation(file: file), stage: .load, "invalid YAML: \(error)")
        }
        return nil
    }

    static func describe(_ error: YamlError) -> (Mark?, String) {
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) \($0.text)".trimmingWhitespace() } ?? problem
            return (mark, detail)
        case .reader(let problem, _, _, _): return (nil, problem)
        case .duplicatedKeysInMapping(let duplicates, let context):
            // What the scan missed; never the whole text Yams puts in its message.
            return (context.mark, "repeated key \(duplicates.map { "'\($0)'" }.joined(separator: ", "))")
        default: return (nil, "\(error)")
        }
    }

    /// The mapping's entries in file order, keyed by their text.
    func entries(_ node: Node) -> [(key: String, keyNode: Node, value: Node)] {
        guard let mapping = node.mapping else { return [] }
        return mapping.map { (key: $0.key.string ?? "", keyNode: $0.key, value: $0.value) }
    }

    func string(_ node: Node, _ name: String, _ diagnostics: inout Diagnostics) -> String? {
        guard let scalar = node.scalar else {
            diagnostics.error(
                .invalidSetting, at: location(of: node), stage: .load, "'\(name)' must be a single value")
            return nil
        }
        return scalar.string
    }

    func bool(_ node: Node, _ name: String, _ diagnostics: inout Diagnostics) -> Bool? {
        guard let text = string(node, name, &diagnostics) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            diagnostics.error(
                .invalidSetting, at: location(of: node), stage: .load, "'\(name)': '\(text)' is not true or false")
            return nil
        }
    }

    func int(_ node: Node, _ name: String, _ diagnostics: inout Diagnostics) -> Int? {
        guard let text = string(node, name, &diagnostics) else { return nil }
        guard let value = Int(text) else {
            diagnostics.error(
                .invalidSetting, at: location(of: node), stage: .load, "'\(name)': '\(text)' is not a whole number")
            return nil
        }
        return value
    }

    /// A whole number within `range`, else an error at the value naming the range.
    func int(_ node: Node, _ name: String, in range: ClosedRange<Int>, _ diagnostics: inout Diagnostics) -> Int? {
        guard let value = int(node, name, &diagnostics) else { return nil }
        guard range.contains(value) else {
            diagnostics.error(
                .invalidSetting, at: location(of: node), stage: .load,
                "'\(name)': \(value) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return value
    }

    func day(_ node: Node, _ name: String, _ diagnostics: inout Diagnostics) -> Day? {
        guard let text = string(node, name, &diagnostics) else { return nil }
        guard let day = Day(iso: text) else {
            diagnostics.error(
                .invalidDate, at: location(of: node), stage: .load,
                "'\(name)': '\(text)' is not a date (expected YYYY-MM-DD)")
            return nil
        }
        return day
    }
}
