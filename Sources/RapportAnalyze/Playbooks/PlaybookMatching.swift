import RapportCore

/// Which playbooks an account or a prospect gets: those of its audience
/// whose `when` matches, highest priority first, then by id (docs/guide.md#playbooks-and-pages). One place for the
/// analysis and for `rapport serve`, which re-matches after a playbook edit without re-running the
/// analysis (`rematched`).
public struct PlaybookMatching: Sendable {
    let accountRules: [PlaybookRule]
    let prospectRules: [PlaybookRule]
    /// The names the account rules read: only these are looked up per account.
    let usedNames: Set<String>

    public init(_ rules: [PlaybookRule]) {
        func ordered(_ audience: PlaybookAudience) -> [PlaybookRule] {
            rules.filter { $0.playbook.audience == audience }.sorted {
                ($1.playbook.priority, $0.playbook.document.id) < ($0.playbook.priority, $1.playbook.document.id)
            }
        }
        accountRules = ordered(.accounts)
        prospectRules = ordered(.prospects)
        usedNames = Set(rules.compactMap(\.condition).flatMap(\.names))
    }

    /// The ids of the account playbooks that match.
    public func playbooks(for analysis: AccountAnalysis) -> [String] {
        // The values of just the names the rules use, made once per account:
        // passing `analysis.lookup` copied the whole analysis per name (perf).
        var values: [String: ExpressionValue] = [:]
        for name in usedNames { values[name] = analysis.lookup(name) }
        return accountRules.filter { rule in rule.condition?.matches { values[$0] ?? .missing } ?? false }
            .map { $0.playbook.document.id }
    }

    /// The ids of the prospect playbooks that match.
    public func playbooks(for brief: ProspectBrief) -> [String] {
        prospectRules.filter { rule in rule.condition?.matches(brief.lookup) ?? false }.map(\.playbook.document.id)
    }

    /// The portfolio with every account's and prospect's playbooks matched
    /// again by these rules; nothing else changes.
    public func rematched(_ portfolio: Portfolio) -> Portfolio {
        var result = portfolio
        result.accounts = portfolio.accounts.parallelMap(minimumCount: 256) { analysis in
            var analysis = analysis
            analysis.playbooks = playbooks(for: analysis)
            return analysis
        }
        for index in result.prospects.indices {
            result.prospects[index].playbooks = playbooks(for: result.prospects[index])
        }
        return result
    }
}
