import RapportAnalyze

/// How pages name a quadrant and say what it means: a switch, so a new
/// quadrant cannot ship without words.
extension Quadrant {
    var label: String {
        switch self {
        case .protect: return "Protect"
        case .grow: return "Grow"
        case .rescueOrRelease: return "Rescue or release"
        case .maintain: return "Maintain"
        }
    }

    var meaning: String {
        switch self {
        case .protect: return "high value, high risk: act first"
        case .grow: return "high value or opportunity, low risk: sell more"
        case .rescueOrRelease: return "lower value, high risk: decide whether to invest"
        case .maintain: return "everything else: keep the rhythm"
        }
    }
}
