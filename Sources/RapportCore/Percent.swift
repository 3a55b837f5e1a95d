/// How a share reads as a percentage, on every page and in every reason:
/// one definition, so "64 %" never also appears as "64%" or "0.64".
public enum Percent {
    /// "64 %": whole percent, to the nearest.
    public static func whole(_ fraction: Double) -> String { "\(Int(saturating: fraction * 100)) %" }

    /// "64.0 %": one decimal (to the nearest tenth, as far as tenths go),
    /// so a column of shares lines up.
    public static func oneDecimal(_ fraction: Double) -> String {
        let tenths = Int(saturating: fraction * 1000)
        return "\(tenths / 10).\(tenths % 10) %"
    }
}
