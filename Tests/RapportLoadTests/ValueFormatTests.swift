import Foundation
import RapportCore
import RapportLoad
import Testing

@Suite struct ValueFormatTests {
    func day(_ text: String, _ pattern: String) -> String? {
        DateFormat(validating: pattern)!.parse(text)?.iso
    }

    @Test func dateFormats() {
        #expect(day("2026-03-01", "YYYY-MM-DD") == "2026-03-01")
        #expect(day("3/1/2026", "M/D/YYYY") == "2026-03-01")
        #expect(day("03/01/2026", "M/D/YYYY") == "2026-03-01")
        #expect(day("01.03.2026", "DD.MM.YYYY") == "2026-03-01")
        #expect(day("1-Mar-2026", "D-MMM-YYYY") == "2026-03-01")
        #expect(day("2026-03-01 14:05:09", "YYYY-MM-DD hh:mm:ss") == "2026-03-01")
        #expect(day("2026-03-01T14:05:09Z", "YYYY-MM-DDThh:mm:ssZ") == "2026-03-01")
        #expect(day("2026-03-01T14:05:09+05:30", "YYYY-MM-DDThh:mm:ssZ") == "2026-03-01")
        #expect(day("2026-03-01 25:00:00", "YYYY-MM-DD hh:mm:ss") == nil)
        #expect(day("29/02/2025", "DD/MM/YYYY") == nil)
        #expect(day("2026-03-01x", "YYYY-MM-DD") == nil)
        #expect(day("2026-3-01", "YYYY-MM-DD") == nil)
        #expect(DateFormat(validating: "MM/YYYY") == nil)
        #expect(DateFormat(validating: "YYY-MM-DD") == nil)
    }

    func money(_ text: String, _ format: NumberFormat) -> Int64? {
        var copy = text
        return copy.withUTF8 { try? format.money($0).get().cents }
    }

    func failure(_ text: String, _ format: NumberFormat) -> NumberFormat.Failure? {
        var copy = text
        return copy.withUTF8 {
            if case .failure(let failure) = format.money($0) { return failure }
            return nil
        }
    }

    @Test func numbersWithSeparatorsAndSymbols() {
        let us = NumberFormat(thousands: UInt8(ascii: ","), currencySymbols: ["$", "USD"])
        #expect(money("1,234.50", us) == 123_450)
        #expect(money("$1,234.5", us) == 123_450)
        #expect(money("1234.50 USD", us) == 123_450)
        #expect(money("-$12", us) == -1_200)
        #expect(money("(1,000.00)", us) == -100_000)
        #expect(money("0.07", us) == 7)
        #expect(failure("12,34", us) == .badGrouping)
        #expect(failure("1,2345", us) == .badGrouping)
        #expect(failure("1.234", us) == .tooManyDecimals)
        #expect(failure("12 apples", us) == .notANumber)
        #expect(failure("$", us) == .notANumber)
        let european = NumberFormat(decimal: UInt8(ascii: ","), thousands: UInt8(ascii: "."), currencySymbols: ["€"])
        #expect(money("1.234,50 €", european) == 123_450)
        #expect(money("€ 0,5", european) == 50)
        // "," is the decimal separator here, so "234" are three decimals.
        #expect(failure("1,234.50", european) == .tooManyDecimals)
        let plain = NumberFormat()
        #expect(failure("1,234", plain) == .notANumber)
        #expect(money("1234", plain) == 123_400)
    }

    @Test func integers() {
        let us = NumberFormat(thousands: UInt8(ascii: ","))
        var text = "2,822"
        #expect(text.withUTF8 { try? us.integer($0).get() } == 2_822)
        text = "2.5"
        #expect(text.withUTF8 { try? us.integer($0).get() } == nil)
    }
}
