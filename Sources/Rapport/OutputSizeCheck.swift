import RapportAnalyze
import RapportCore

/// A playbook is copied into the brief of every account it matches, so a
/// long one with a broad `when` multiplies: 50 MB shown to 100 accounts
/// wrote 5.2 GB without a word. Said before anything is written (docs/guide.md#playbooks-and-pages).
enum OutputSizeCheck {
    /// The size of the briefs a playbook alone adds at which it is a warning.
    static let warningBytes = 1 << 30

    static func check(
        _ playbooks: [Playbook], portfolio: Portfolio, threshold: Int = warningBytes, _ diagnostics: inout Diagnostics
    ) {
        var shown: [String: Int] = [:]
        for account in portfolio.accounts {
            for id in account.playbooks { shown[id, default: 0] += 1 }
        }
        for playbook in playbooks {
            let size = playbook.document.html.utf8.count, count = shown[playbook.document.id] ?? 0
            guard count > 0, size * count >= threshold else { continue }
            diagnostics.warning(
                .largeOutput, at: SourceLocation(file: playbook.document.origin.source), stage: .render,
                "this playbook (\(megabytes(size)) as HTML) matches \(count) accounts and is copied into each "
                    + "one's brief: at least \(megabytes(size * count)) of output; shorten it, link to a page "
                    + "instead, or narrow its when")
        }
    }

    static func megabytes(_ bytes: Int) -> String {
        let value = Double(bytes) / 1_000_000
        return value >= 100 ? "\(Int(saturating: value)) MB" : "\((value * 10).rounded() / 10) MB"
    }
}
