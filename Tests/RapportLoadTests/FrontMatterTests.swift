import Foundation
import RapportCore
import RapportSample
import Testing

@testable import RapportLoad
@testable import RapportRender

@Suite struct FrontMatterTests {
    @Test func splitsAndKeepsFileLineNumbers() throws {
        let split = try FrontMatter.split("---\ntitle: x\nwhen: a\n---\nBody\n")
        #expect(split.yaml == "\ntitle: x\nwhen: a")
        #expect(split.body == "Body\n")
        #expect(split.bodyLine == 5)
    }

    @Test func noFrontMatter() throws {
        #expect(try FrontMatter.split("# Hi\n").yaml == nil)
    }

    @Test func unclosedFrontMatterThrows() {
        #expect(throws: FrontMatter.SplitError.unclosed) { try FrontMatter.split("---\ntitle: x\n") }
    }
}
