import Foundation
import RapportCore
import RapportSample
import Testing

@testable import RapportLoad
@testable import RapportRender

@Suite struct CSVWriterTests {
    @Test func quotesOnlyWhatNeedsIt() {
        #expect(CSVWriter.quote("plain") == "plain")
        #expect(CSVWriter.quote("a,b") == "\"a,b\"")
        #expect(CSVWriter.quote("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVWriter.quote("two\r\nlines") == "\"two\r\nlines\"")
        #expect(CSVWriter.quote("\u{FEFF}x") == "\"\u{FEFF}x\"")
    }

    @Test func neutralisesFormulaCells() {
        #expect(CSVWriter.neutralised("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")")
        #expect(CSVWriter.neutralised("+1+2") == "'+1+2")
        #expect(CSVWriter.neutralised("-2+3") == "'-2+3")
        #expect(CSVWriter.neutralised("@SUM(A1)") == "'@SUM(A1)")
        #expect(CSVWriter.neutralised("\tcmd") == "'\tcmd")
        #expect(CSVWriter.neutralised("\rcmd") == "'\rcmd")
        #expect(CSVWriter.neutralised("-12.50") == "-12.50")
        #expect(CSVWriter.neutralised("Acme = best") == "Acme = best")
        #expect(CSVWriter.neutralised("") == "")
    }
}
