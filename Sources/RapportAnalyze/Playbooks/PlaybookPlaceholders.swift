import RapportCore

/// The names a playbook body may use as `{{name}}`: every metric name a
/// `when` may use, plus `account.*` spellings of the account's own fields
/// (docs/guide.md#playbooks-and-pages: `{{account.name}}`, …).
public enum PlaybookPlaceholders {
    static let accountAliases = [
        "account.id": "account_id", "account.name": "name", "account.industry": "industry",
        "account.owner": "owner", "account.segment": "segment", "account.size_band": "size_band",
    ]

    public static var names: [String] { (Array(MetricNames.all.keys) + Array(accountAliases.keys)).sorted() }

    /// The metric a placeholder reads; nil for an unknown name.
    public static func metric(_ name: String) -> String? {
        if let alias = accountAliases[name] { return alias }
        return MetricNames.all[name] != nil ? name : nil
    }

    /// Every placeholder with an unknown name is an error where it was
    /// written: an account value in an account playbook, a prospect value
    /// (`{{prospect.name}}`, …) in a prospect playbook.
    public static func check(
        _ document: Document, audience: PlaybookAudience = .accounts, diagnostics: inout Diagnostics
    ) {
        let known: (String) -> Bool =
            audience == .prospects ? { ProspectNames.all[$0] != nil } : { metric($0) != nil }
        let candidates = audience == .prospects ? ProspectNames.all.keys.sorted() : names
        for (name, location) in document.placeholders where !known(name) {
            let hint = ExpressionParser.closest(to: name, in: candidates).map { " (did you mean '\($0)'?)" } ?? ""
            diagnostics.error(
                .unknownTemplateName, at: location, stage: .analyze,
                "placeholder '{{\(name)}}' is not \(audience == .prospects ? "a prospect" : "an account") value\(hint)")
        }
    }
}
