import Foundation
import RapportTestSupport
import Testing

/// The module edges and file sizes docs/ARCHITECTURE.md promises, held by a
/// test so they stay true: a source file holds one idea and stays readable,
/// and no module re-exports another (every target imports what it uses).
@Suite struct SourceLayoutTests {
    static let sources: [String] = {
        let root = Fixtures.packageRoot + "/Sources"
        let enumerator = FileManager.default.enumerator(atPath: root)
        var paths: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".swift") { paths.append(root + "/" + path) }
        }
        return paths.sorted()
    }()

    @Test func noSourceFileIsOver450Lines() throws {
        #expect(Self.sources.count > 100)
        for path in Self.sources {
            let lines = try String(contentsOfFile: path, encoding: .utf8).split(
                separator: "\n", omittingEmptySubsequences: false
            ).count
            #expect(lines <= 451, "\(path): \(lines) lines")
        }
    }

    @Test func noModuleReExportsAnother() throws {
        for path in Self.sources {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(!text.contains("@_exported"), "\(path) re-exports a module")
        }
    }

    /// Tests mirror the sources (docs/CONTRIBUTING.md#checks-and-measurements):
    /// a test file is one suite, named as the file is, in the target of the
    /// module it tests.
    @Test func eachTestFileIsOneSuiteNamedAfterIt() throws {
        let root = Fixtures.packageRoot + "/Tests"
        let enumerator = FileManager.default.enumerator(atPath: root)
        var files = 0
        while let path = enumerator?.nextObject() as? String {
            guard path.hasSuffix("Tests.swift"), !path.hasPrefix("Fixtures/") else { continue }
            files += 1
            let text = try String(contentsOfFile: root + "/" + path, encoding: .utf8)
            let suites = text.split(separator: "\n").filter { $0.hasPrefix("@Suite") }
            let name = String(path.split(separator: "/").last!.dropLast(".swift".count))
            #expect(suites.count == 1, "\(path) holds \(suites.count) suites")
            #expect(suites.allSatisfy { $0.contains("struct \(name) ") }, "\(path): its suite is not \(name)")
        }
        #expect(files > 50)
    }
}
