/// `portals:` in site.yaml (docs/guide.md#publishing-privately): which
/// audiences get a portal of their own, and which of those are encrypted.
/// Without it the build is one portal at the output's root, as always.
public struct PortalSettings: Sendable, Equatable {
    /// A kind of audience: the whole team, each rep, each of `reps.team`'s teams.
    public enum Kind: String, Sendable, CaseIterable, Comparable {
        case team, reps, teams

        public static func < (lhs: Kind, rhs: Kind) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    public struct Options: Sendable, Equatable {
        public var encrypt = false
        public init(encrypt: Bool = false) { self.encrypt = encrypt }
    }

    /// The kinds asked for, with their options.
    public var kinds: [Kind: Options]

    public init(kinds: [Kind: Options]) { self.kinds = kinds }
}
