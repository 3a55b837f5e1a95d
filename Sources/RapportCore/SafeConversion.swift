/// Conversions from floating point that cannot stop the program: `Int(x)`
/// traps when `x` is NaN, infinite or beyond `Int`'s range, and the
/// figures come from site settings and fitted models that no one bounds
/// completely (issue 25). Every conversion of a computed Double in Sources
/// goes through here; `FloatingConversionAuditTests` holds Sources to it.
extension Int {
    /// `value` rounded to the nearest whole number (halves away from zero)
    /// and clamped into `range`; NaN gives the range's lower bound.
    public init(rounding value: Double, clampedTo range: ClosedRange<Int>) {
        let rounded = value.rounded()
        if rounded.isNaN || rounded <= Double(range.lowerBound) {
            self = range.lowerBound
        } else if rounded >= Double(range.upperBound) {
            self = range.upperBound
        } else {
            self = Int(rounded)
        }
    }

    /// `value` rounded to the nearest whole number, within ±2⁵³ (where a
    /// Double still holds every whole number); NaN gives 0.
    public init(saturating value: Double) {
        self = value.isNaN ? 0 : Int(rounding: value, clampedTo: -(1 << 53)...(1 << 53))
    }
}
