import Foundation
import Rapport
import RapportCore
import RapportTestSupport
import RapportWrite
import Testing

/// The real `rapport` binary, run as a user would run it.
@Suite(.serialized) struct CLITests {
    @Test func buildPrintsASummaryAndWritesTheSite() throws {
        let site = Fixtures.copy("basic-site")
        let root = (site as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try Binary.run(["build", "--site", site, "--output", root + "/out"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("built 26 pages (39 files: 39 written, 0 unchanged) as of 2026-06-30"))
        #expect(run.stdout.hasSuffix("0 errors, 2 warnings\n"))
        #expect(run.stderr.contains("/data/orders.csv:10:1: warning: order for unknown account 'ZZ9' [load]"))
        #expect(FileManager.default.fileExists(atPath: root + "/out/accounts/a1.html"))
    }

    @Test func progressIsSilentOffATerminalAndTimingsListEveryStage() throws {
        let site = Fixtures.copy("basic-site")
        let root = (site as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: root) }
        // The test's pipes are not a terminal: no progress drawing at all.
        let plain = try Binary.run(["build", "--site", site, "--output", root + "/out"])
        #expect(plain.status == 0)
        #expect(!plain.stderr.contains("render") && !plain.stderr.contains("\u{1B}["))
        let timed = try Binary.run(["build", "--site", site, "--output", root + "/out", "--timings"])
        let stages = timed.stderr.split(separator: "\n").map { String($0.prefix(8)) }
        #expect(stages.filter { !$0.hasPrefix("/") } == ["load    ", "analyze ", "render  ", "write   ", "total   "])
        #expect(timed.stderr.contains("render  26 pages in "))
        #expect(timed.stderr.contains("analyze 5 accounts in "))
    }

    @Test func pdfWithoutChromiumSaysHowToInstallItAndBuildsNothing() throws {
        let site = Fixtures.copy("basic-site")
        let root = (site as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try Binary.run(
            ["build", "--site", site, "--output", root + "/out", "--pdf"],
            environment: ["RAPPORT_CHROMIUM": root + "/no-such-browser"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("rapport build --pdf: no Chromium found"))
        #expect(run.stderr.contains("apt-get install chromium"))
        #expect(!FileManager.default.fileExists(atPath: root + "/out"))
    }

    @Test func badInputExitsNonZeroWithFileLineColumnAndKeepsOutput() throws {
        let site = Fixtures.copy("basic-site")
        let root = (site as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try Binary.run(["build", "--site", site, "--output", root + "/out"]).status == 0)
        let before = Fixtures.snapshot(root + "/out")
        Fixtures.write(
            "account_id,date,amount\nA1,2026-01-01,5\nA1,2026-01-32,7\nA2,2026-01-02,abc\n",
            to: site + "/data/orders.csv")
        let run = try Binary.run(["build", "--site", site, "--output", root + "/out"])
        #expect(run.status == 1)
        let lines = run.stderr.split(separator: "\n").map(String.init)
        #expect(
            lines.contains(
                "\(site)/data/orders.csv:3:4: error: column 'date': '2026-01-32' is not a date (expected YYYY-MM-DD) [load]"
            ))
        #expect(lines.contains { $0.hasPrefix("\(site)/data/orders.csv:4:15: error: column 'amount': 'abc'") })
        #expect(lines.last == "build failed: 2 errors, 0 warnings; \(root)/out left unchanged")
        #expect(Fixtures.snapshot(root + "/out") == before)
    }

    @Test func checkValidatesWithoutWriting() throws {
        let site = Fixtures.copy("basic-site")
        let root = (site as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: root) }
        let ok = try Binary.run(["check", "--site", site], in: root)
        #expect(ok.status == 0)
        #expect(ok.stdout == "checked \(site) as of 2026-06-30: 0 errors, 2 warnings\n")
        #expect(!FileManager.default.fileExists(atPath: root + "/output"))
        Fixtures.write(
            "{{<base}}{{$content}}{{documnt.title}}{{/content}}{{/base}}", to: site + "/templates/page.mustache")
        let bad = try Binary.run(["check", "--site", site, "--quiet"], in: root)
        #expect(bad.status == 1)
        #expect(
            bad.stderr
                == "\(site)/templates/page.mustache:1:22: error: 'documnt.title' is not provided to this page [render]\n"
        )
    }

    @Test func badAsOfIsAUsageError() throws {
        let run = try Binary.run(["build", "--as-of", "yesterday"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("--as-of 'yesterday' is not a date; use YYYY-MM-DD"))
    }

    /// Issue 14: these as-of dates used to crash the binary (exit 132) on a
    /// force-unwrapped date eleven months or years away.
    @Test func asOfDatesOutsideTheSupportedRangeAreErrorsNotCrashes() throws {
        for date in ["9999-01-01", "0001-01-01", "0002-06-01", "9999-12-31", "1899-12-31", "3000-01-01"] {
            let run = try Binary.run(["check", "--site", "content", "--as-of", date, "--quiet"])
            #expect(run.status == 64, "\(date): \(run.stderr)")
            #expect(
                run.stderr.contains(
                    "--as-of: \(date) is outside the as-of dates Rapport supports (1900-01-01 to 2999-12-31)"))
        }
        for date in ["1900-01-01", "2999-12-31"] {
            #expect(try Binary.run(["check", "--site", "content", "--as-of", date, "--quiet"]).status == 0, "\(date)")
        }
        let site = Fixtures.copy("basic-site")
        defer { try? FileManager.default.removeItem(atPath: (site as NSString).deletingLastPathComponent) }
        let yaml = Fixtures.read(site + "/site.yaml")
        let line = yaml.split(separator: "\n").firstIndex { $0.hasPrefix("as_of:") }! + 1
        Fixtures.write(
            yaml.replacingOccurrences(of: "as_of: 2026-06-30", with: "as_of: 9999-12-31"), to: site + "/site.yaml")
        let run = try Binary.run(["check", "--site", site, "--quiet"])
        #expect(run.status == 1)
        #expect(
            run.stderr.contains(
                "\(site)/site.yaml:\(line):8: error: 'as_of': 9999-12-31 is outside the as-of dates Rapport supports"))
        // A library caller that passes such a date gets a diagnostic too.
        let result = Pipeline.check(
            BuildOptions(site: site, asOf: Day(year: 9999, month: 1, day: 1)!), today: Fixtures.fixtureToday)
        #expect(result.diagnostics.hasErrors)
    }

    /// Issue 14, point 1, as two real processes: two builds into one output
    /// used to share its staging folder and swap in a mix of both. The first
    /// is paused while it holds the lock; the second is refused at once,
    /// naming it; the first then finishes alone.
    @Test func aSecondBuildIntoTheSameOutputIsRefusedAndNothingMixes() throws {
        let site = Fixtures.copy("basic-site")
        let root = (site as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: root) }
        let output = root + "/out", lockFile = root + "/.out.rapport-lock"
        #expect(try Binary.run(["build", "--site", site, "--output", output]).status == 0)
        var first: Process?
        for _ in 0..<5 where first == nil {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Binary.path)
            process.arguments = ["build", "--site", site, "--output", output, "--as-of", "2026-05-31"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // The holder writes its process id once it has the lock.
            let pid = "\(process.processIdentifier)\n"
            while process.isRunning && Fixtures.read(lockFile) != pid { usleep(1000) }
            kill(process.processIdentifier, SIGSTOP)
            // Stopped too late (already finished)? Then try again.
            if let free = try? OutputLock.acquire(for: output).get() {
                free.release()
                kill(process.processIdentifier, SIGCONT)
                process.waitUntilExit()
            } else {
                first = process
            }
        }
        guard let first else {
            Issue.record("the first build always finished before it could be paused")
            return
        }
        let second = try Binary.run(["build", "--site", site, "--output", output, "--as-of", "2026-04-30"])
        kill(first.processIdentifier, SIGCONT)
        first.waitUntilExit()
        #expect(second.status == 1)
        #expect(
            second.stderr.contains(
                "\(output): error: another rapport build (process \(first.processIdentifier)) is writing to this folder"
            ))
        #expect(first.terminationStatus == 0)
        // What is in the output is exactly the first build, nothing of the second.
        #expect(
            try Binary.run(["build", "--site", site, "--output", root + "/alone", "--as-of", "2026-05-31"]).status == 0)
        #expect(Fixtures.snapshot(output) == Fixtures.snapshot(root + "/alone"))
        #expect(!FileManager.default.fileExists(atPath: root + "/.out.rapport-staging"))
    }

    /// Issue 14, point 13: `--accounts 99999999999` ran the machine out of
    /// memory and left a half-made folder. It is a usage error now, and a
    /// sample is written beside its folder and moved in only when complete.
    @Test func aSampleTooLargeIsRefusedAndASampleIsNeverHalfWritten() throws {
        let root = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let refused = try Binary.run(["sample", "--accounts", "99999999999", root + "/huge"])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("--accounts must be from 1 to 1000000"))
        #expect(!FileManager.default.fileExists(atPath: root + "/huge"))
        let made = try Binary.run(["sample", "--accounts", "30", root + "/small"])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root).sorted() == ["small"])
        #expect(FileManager.default.fileExists(atPath: root + "/small/data/orders.csv"))
    }

    @Test func helpListsTheCommands() throws {
        let run = try Binary.run(["--help"])
        #expect(run.status == 0)
        for command in ["build", "check", "new", "sample", "theme"] { #expect(run.stdout.contains(command)) }
    }
}
