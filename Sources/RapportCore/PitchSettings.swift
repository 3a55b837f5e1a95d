/// `site.yaml`'s `pitch` block (docs/reference.md#siteyaml): how many customers'
/// answers make evidence "strong" or "some" (fewer is "thin"), and whether
/// what a prospect may read names customers.
public struct PitchSettings: Sendable, Equatable {
    public var strongAnswers = 10
    public var someAnswers = 4
    public var nameCustomers = false
    public init() {}
}
