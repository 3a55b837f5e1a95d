import RapportCore

/// The names a playbook body may use as `{{name}}`: every metric name a
/// `when` may use, plus `account.*` spellings of the account's own fields
/// (README, *Playbooks and pages*: `{{account.name}}`, …).
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

    /// Every placeholder with an unknown name is an error where it was written.
    public static func check(_ document: Document, diagnostics: inout Diagnostics) {
        for (name, location) in document.placeholders where metric(name) == nil {
            let hint = ExpressionParser.closest(to: name, in: names).map { " (did you mean '\($0)'?)" } ?? ""
            diagnostics.error(
                .unknownTemplateName, at: location, stage: .analyze,
                "placeholder '{{\(name)}}' is not an account value\(hint)")
        }
    }
}
