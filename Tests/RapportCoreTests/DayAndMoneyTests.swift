import Foundation
import RapportCore
import RapportSample
import Testing

@testable import RapportLoad
@testable import RapportRender

@Suite struct DayAndMoneyTests {
    @Test func parsesAndFormatsISODates() {
        // 2000-01-01 is 10,957 days after 1970-01-01 (30 years, 7 of them leap).
        #expect(Day(iso: "2000-01-01")?.ordinal == 10_957)
        #expect(Day(iso: "1970-01-01")?.ordinal == 0)
        #expect(Day(ordinal: 10_957).iso == "2000-01-01")
        #expect(Day(iso: "2024-02-29") != nil)
        #expect(Day(iso: "2023-02-29") == nil)
        #expect(Day(iso: "2026-13-01") == nil)
        #expect(Day(iso: "2026-4-01") == nil)
        #expect(Day(iso: "01/02/2026") == nil)
    }

    @Test func windowsAreInclusive() {
        // "12 months" ending 2026-06-30 starts 2025-07-01 (364 days earlier).
        let window = DayWindow(endingOn: Day(iso: "2026-06-30")!, length: 365)
        #expect(window.first.iso == "2025-07-01")
        #expect(window.contains(Day(iso: "2025-07-01")!))
        #expect(!window.contains(Day(iso: "2025-06-30")!))
        #expect(!window.contains(Day(iso: "2026-07-01")!))
    }

    @Test func parsesMoneyExactly() {
        #expect(Money(decimal: "1500.50")?.cents == 150_050)
        #expect(Money(decimal: "499.5")?.cents == 49_950)
        #expect(Money(decimal: "-12")?.cents == -1_200)
        #expect(Money(decimal: "1.234") == nil)
        #expect(Money(decimal: "12a") == nil)
        #expect(Money(decimal: "") == nil)
        #expect(Money(decimal: "1,000") == nil)
        #expect(Money(cents: 1_234_567_89).grouped == "1,234,567.89")
        #expect(Money(cents: 150_050).groupedWhole == "1,501")
        #expect(Money(cents: 150_050).plain == "1500.50")
        #expect(Money(cents: 700_000).plain == "7000")
    }

    /// Thousands separators at each length where a comma appears or not,
    /// and at the ends of the range; negative amounts and cents below ten.
    @Test func groupsThousands() {
        let expected: [(UInt64, String)] = [
            (0, "0"), (7, "7"), (12, "12"), (999, "999"), (1_000, "1,000"), (12_345, "12,345"),
            (100_000, "100,000"), (999_999, "999,999"), (1_000_000, "1,000,000"), (12_345_678, "12,345,678"),
            (UInt64.max, "18,446,744,073,709,551,615"),
        ]
        for (value, text) in expected { #expect(Money.groupedDigits(value) == text) }
        #expect(Money(cents: -5).grouped == "-0.05" && Money(cents: 100_007).grouped == "1,000.07")
        #expect(Money(cents: -123_456_789).groupedWhole == "-1,234,568" && Money(cents: -49).groupedWhole == "0")
        #expect(Money(cents: Int64.min).grouped == "-92,233,720,368,547,758.08")
        #expect(Formatting.count(1_234) == "1,234" && Formatting.count(-1_234) == "-1,234")
    }
}
