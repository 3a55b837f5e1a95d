/// Low, medium or high: a risk band or an opportunity level. The raw values
/// are the export contract's words (docs/reference.md#exports), the names `when`
/// compares with (`risk.band == "high"`) and the CSS classes' suffixes.
public enum Level: String, Sendable, Hashable, CaseIterable, Comparable {
    case low, medium, high

    public static func < (lhs: Level, rhs: Level) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
