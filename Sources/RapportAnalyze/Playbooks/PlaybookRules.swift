import RapportCore

/// A playbook whose `when` has been parsed and checked.
public struct PlaybookRule: Sendable {
    public var playbook: Playbook
    /// nil: the playbook has no `when` and applies to no account by itself
    /// (it still gets its own page).
    public var condition: Expression?
}

public enum PlaybookRules {
    /// Parses every playbook's `when`. A syntax error, an unknown name or a
    /// comparison of mismatched types is an error at the file, line and
    /// column of the offending text.
    public static func compile(_ playbooks: [Playbook], diagnostics: inout Diagnostics) -> [PlaybookRule] {
        var rules: [PlaybookRule] = []
        for playbook in playbooks {
            PlaybookPlaceholders.check(playbook.document, audience: playbook.audience, diagnostics: &diagnostics)
            rules.append(rule(for: playbook, diagnostics: &diagnostics))
        }
        return rules
    }

    static func rule(for playbook: Playbook, diagnostics: inout Diagnostics) -> PlaybookRule {
        guard let text = playbook.when else { return PlaybookRule(playbook: playbook, condition: nil) }
        do throws(ExpressionError) {
            return PlaybookRule(
                playbook: playbook,
                condition: try ExpressionParser.parse(
                    text, names: playbook.audience == .prospects ? ProspectNames.all : MetricNames.all))
        } catch {
            var location = playbook.whenLocation ?? playbook.document.origin.location
            location.column = location.column.map { $0 + error.offset }
            let excerpt = String(text.dropFirst(error.offset).prefix(30))
            diagnostics.error(
                .invalidExpression, at: location, stage: .analyze,
                "when: \(error.message)\(excerpt.isEmpty ? "" : " at '\(excerpt)'")")
            return PlaybookRule(playbook: playbook, condition: nil)
        }
    }
}
