import Foundation
import Rapport

/// Test helpers: fixture sites copied into temporary folders, and reading
/// the files a build wrote.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures"
    ).path
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
        .path
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// A fresh temporary folder, removed by the caller's `defer`.
    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "rapport-test-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Copies `Fixtures/<name>` into a temporary folder and returns its path.
    static func copy(_ name: String) -> String {
        let target = temporaryDirectory() + "/" + name
        try! FileManager.default.copyItem(atPath: directory + "/" + name, toPath: target)
        return target
    }

    static func write(_ text: String, to path: String) {
        try! FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try! Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    static func read(_ path: String) -> String {
        String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
    }

    /// Every file below `directory` with its bytes, for comparing whole builds.
    static func snapshot(_ directory: String) -> [String: Data] {
        var result: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: directory)!
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: directory + "/" + relative, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                result[relative] = FileManager.default.contents(atPath: directory + "/" + relative)
            }
        }
        return result
    }

    static let fixtureToday = Day(iso: "2030-01-01")!

    static func options(site: String, output: String) -> BuildOptions {
        BuildOptions(site: site, output: output)
    }
}

/// Runs the real `rapport` binary, as a user would.
enum Binary {
    static var path: String {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("rapport").path
        if FileManager.default.isExecutableFile(atPath: besideTests) { return besideTests }
        return Fixtures.packageRoot + "/.build/debug/rapport"
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `binary` (by default the one built beside the tests) in
    /// `directory`, with this process's environment plus `extra`, or with
    /// exactly `extra` when `bare`.
    static func run(
        _ arguments: [String], in directory: String = Fixtures.packageRoot, environment extra: [String: String] = [:],
        bare: Bool = false, binary: String = path
    ) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = bare ? [:] : ProcessInfo.processInfo.environment
        environment.merge(extra) { _, new in new }
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}
