import Foundation
import RapportCore
import RapportSample
import Testing

@testable import RapportLoad
@testable import RapportRender

@Suite struct SlugTests {
    @Test func makesSafeFileNames() {
        #expect(Slug.make("ACC-0001") == "acc-0001")
        #expect(Slug.make("../../etc/passwd") == "etc-passwd")
        #expect(Slug.make("a/b\\c") == "a-b-c")
        #expect(Slug.make("tab\there\u{0}") == "tab-here")
        #expect(Slug.make("Café") == "cafue9")
        #expect(Slug.make("///") == "id")
    }

    @Test func resolvesCaseCollisionsDeterministically() {
        let slugs = Slug.assign(["acme", "ACME", "Acme"])
        // Sorted: "ACME" < "Acme" < "acme"; the first keeps the plain slug.
        #expect(slugs == ["ACME": "acme", "Acme": "acme-2", "acme": "acme-3"])
        #expect(Slug.assign(["acme", "Acme", "ACME"]) == slugs)
    }

    /// Issue 14, point 2: an id whose slug is a list page's name.
    @Test func neverGivesAListPagesName() {
        #expect(
            Slug.assign(["index", "Page-2", "page-10", "page-x", "pages-2", "INDEX"])
                == [
                    "INDEX": "index-2", "index": "index-3", "Page-2": "page-2-2", "page-10": "page-10-2",
                    "page-x": "page-x", "pages-2": "pages-2",
                ])
    }
}
