import RapportCore
import RapportLoad
import Testing

@Suite struct PortalSettingsTests {
    @Test func baseURLAndPageSize() {
        var diagnostics = Diagnostics()
        let config = SiteConfig.parse(
            "base_url: https://sales.example.com/reviews\nprint:\n  page_size: letter\n", file: "site.yaml",
            diagnostics: &diagnostics)
        #expect(diagnostics.errors.isEmpty)
        #expect(config.settings.baseURL == "https://sales.example.com/reviews/")  // "/" added
        #expect(config.settings.pageSize == "Letter")
        #expect(SiteConfig().settings.pageSize == "A4" && SiteConfig().settings.baseURL == nil)
    }

    @Test func badValuesAreErrorsWhereWritten() {
        var diagnostics = Diagnostics()
        _ = SiteConfig.parse(
            "base_url: sales.example.com\nprint:\n  page_size: A5\n  margins: 2cm\n", file: "site.yaml",
            diagnostics: &diagnostics)
        #expect(
            diagnostics.errors.map { "\($0.location.line ?? 0):\($0.location.column ?? 0) \($0.message)" } == [
                "1:11 'base_url': 'sales.example.com' is not an http:// or https:// address",
                "3:14 'print.page_size': 'A5' is not A4 or Letter",
            ])
        #expect(diagnostics.warnings.map(\.message) == ["unknown setting 'print.margins' (known: page_size)"])
    }
}
