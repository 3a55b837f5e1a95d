import Foundation
import RapportCore

/// Who one portal is for (docs/guide.md#publishing-privately): the whole team,
/// one rep, or one of `reps.team`'s teams. A rep's or a team's portal is
/// made from the analysis scoped to its accounts (`Portfolio.scoped`), so
/// no page, list, chart, search entry, export or feed of it can name a
/// customer it does not own: private by construction, not by filtering
/// each page.
public struct Audience: Sendable, Hashable {
    public var kind: PortalSettings.Kind
    /// The rep's id, or the team's name; empty for the whole team.
    public var name: String
    /// Where its portal goes below the output folder.
    public var folder: String
    public var encrypted: Bool
    /// The reps whose accounts and prospects it sees; nil: everyone's.
    public var owners: Set<RepID>?

    /// `--portal` names an audience by its folder: `team`, `reps/R01`
    /// (the rep's id), `teams/East`.
    public var handle: String {
        switch kind {
        case .team: return "team"
        case .reps: return "reps/" + name
        case .teams: return "teams/" + name
        }
    }

    /// The audiences `settings` asks for, in output order: the team, each
    /// rep that owns an account or a prospect (by id), each team of
    /// `reps.team` with such a rep (by name).
    public static func list(_ settings: PortalSettings, model: SiteModel) -> [Audience] {
        var audiences: [Audience] = []
        if let options = settings.kinds[.team] {
            audiences.append(Audience(kind: .team, name: "", folder: "team", encrypted: options.encrypt, owners: nil))
        }
        let owners = Set(model.accounts.compactMap(\.owner) + model.prospects.compactMap(\.owner))
        if let options = settings.kinds[.reps] {
            let ids = owners.sorted()
            let slugs = Slug.assign(ids)
            for id in ids {
                audiences.append(
                    Audience(
                        kind: .reps, name: id.text, folder: "reps/" + slugs[id]!, encrypted: options.encrypt,
                        owners: [id]))
            }
        }
        if let options = settings.kinds[.teams] {
            var members: [String: Set<RepID>] = [:]
            for rep in model.reps where owners.contains(rep.id) {
                guard let team = rep.team?.trimmingCharacters(in: .whitespaces), !team.isEmpty else { continue }
                members[team, default: []].insert(rep.id)
            }
            let names = members.keys.sorted()
            let slugs = Slug.assign(names)
            for name in names {
                audiences.append(
                    Audience(
                        kind: .teams, name: name, folder: "teams/" + slugs[name]!, encrypted: options.encrypt,
                        owners: members[name]))
            }
        }
        return audiences
    }
}

extension SiteModel {
    /// The model an audience sees: its accounts, prospects and reps.
    public func scoped(to owners: Set<RepID>) -> SiteModel {
        var model = self
        // By index, as in `Portfolio.scoped`: no copy of what is left out.
        model.accounts = accounts.indices.filter { accounts[$0].owner.map(owners.contains) ?? false }.map {
            accounts[$0]
        }
        model.prospects = prospects.indices.filter { prospects[$0].owner.map(owners.contains) ?? false }
            .map { prospects[$0] }
        model.reps = reps.filter { owners.contains($0.id) }
        return model
    }
}

extension Portfolio {
    /// The analysis an audience sees: the accounts and prospects its reps
    /// own, with their figures as the whole portfolio's analysis made them
    /// (ranks, tiers and shares are the company's); what names another
    /// customer — a quote's signature, a prospect's reference, a referral
    /// thanked in a contact plan, a segment's members — is left out or
    /// anonymised. Portfolio-wide aggregates (proof points, problems, the
    /// backtest, the fitted models) stay as they are: context, not
    /// customers.
    public func scoped(to owners: Set<RepID>) -> Portfolio {
        var scoped = self
        // By index: `filter` copies every element it looks at, and an
        // analysis is dozens of references to retain and release — 28 % of
        // a 100,000-account build with 668 rep portals (BENCHMARKS.md, issue 26).
        scoped.accounts = accounts.indices.filter { accounts[$0].account.owner.map(owners.contains) ?? false }
            .map { accounts[$0] }
        let inScope = Set(scoped.accounts.map(\.account.id))
        for index in scoped.accounts.indices {
            scoped.accounts[index].contactPlan = scoped.accounts[index].contactPlan.map { item in
                guard let named = item.names, !inScope.contains(named) else { return item }
                var unnamed = item
                unnamed.reason = item.unnamedReason ?? "another account"
                unnamed.names = nil
                return unnamed
            }
        }
        scoped.revenue12m = scoped.accounts.reduce(.zero) { $0 + $1.value.revenue12m }
        scoped.revenueLifetime = scoped.accounts.reduce(.zero) { $0 + $1.value.revenueLifetime }
        let revenue = Dictionary(scoped.accounts.map { ($0.account.id, $0.value.revenue12m) }) { first, _ in first }
        scoped.segments = segments.map { segment in
            var segment = segment
            segment.accounts = segment.accounts.filter(inScope.contains)
            segment.revenue12m = segment.accounts.reduce(.zero) { $0 + (revenue[$1] ?? .zero) }
            segment.pitch = segment.pitch.anonymised(keeping: inScope)
            return segment
        }
        scoped.prospects = prospects.indices.filter { prospects[$0].prospect.owner.map(owners.contains) ?? false }
            .map { index in
                var brief = prospects[index]
                brief.references = brief.references.filter(inScope.contains)
                brief.pitch = brief.pitch.anonymised(keeping: inScope)
                return brief
            }
        scoped.changes = changes.filter { inScope.contains($0.accountID) }
        // Every customer's answers, names included: used by the analysis
        // only, and not by a portal.
        scoped.voices = nil
        return scoped
    }
}

extension Pitch {
    /// The pitch with every quote of an account outside `accounts` signed
    /// anonymously ("a mid-size Construction company, customer since 2021").
    func anonymised(keeping accounts: Set<AccountID>) -> Pitch {
        var pitch = self
        pitch.basis = basis.anonymised(keeping: accounts)
        pitch.own = own.anonymised(keeping: accounts)
        return pitch
    }
}

extension CustomerVoice {
    func anonymised(keeping accounts: Set<AccountID>) -> CustomerVoice {
        var voice = self
        voice.quotes = quotes.map { quote in
            guard !accounts.contains(quote.accountID) else { return quote }
            var quote = quote
            quote.accountName = quote.anonymous
            quote.accountID = AccountID("")
            return quote
        }
        return voice
    }
}
