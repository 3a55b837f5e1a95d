/// Where to spend time: the value × risk quadrant (docs/methodology.md#how-the-figures-are-computed). Raw values are
/// the export contract's words; cases are in the order of their raw values, the order pages list them.
public enum Quadrant: String, Sendable, Hashable, CaseIterable {
    case grow, maintain, protect
    case rescueOrRelease = "rescue_or_release"
}
