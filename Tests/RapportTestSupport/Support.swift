import Foundation
import Rapport
import RapportAnalyze
import RapportCore

@testable import RapportRender

/// Test helpers shared by every test target: fixture sites copied into temporary folders, and reading
/// the files a build wrote.
public enum Fixtures {
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    /// The fixture sites and data every test target shares.
    public static let directory = packageRoot + "/Tests/Fixtures"
    /// The golden files of the end-to-end tests.
    public static let golden = packageRoot + "/Tests/Golden"

    /// A fresh temporary folder, removed by the caller's `defer`.
    public static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "rapport-test-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Copies `Fixtures/<name>` into a temporary folder and returns its path.
    public static func copy(_ name: String) -> String {
        let target = temporaryDirectory() + "/" + name
        try! FileManager.default.copyItem(atPath: directory + "/" + name, toPath: target)
        return target
    }

    public static func write(_ text: String, to path: String) {
        try! FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try! Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    public static func read(_ path: String) -> String {
        String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
    }

    /// Every file below `directory` with its bytes, for comparing whole builds.
    public static func snapshot(_ directory: String) -> [String: Data] {
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

    public static let fixtureToday = Day(iso: "2030-01-01")!

    public static func options(site: String, output: String) -> BuildOptions {
        BuildOptions(site: site, output: output)
    }
}

/// Runs the real `rapport` binary, as a user would.
public enum Binary {
    public static var path: String {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("rapport").path
        if FileManager.default.isExecutableFile(atPath: besideTests) { return besideTests }
        return Fixtures.packageRoot + "/.build/debug/rapport"
    }

    public struct Run {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs `binary` (by default the one built beside the tests) in
    /// `directory`, with this process's environment plus `extra`, or with
    /// exactly `extra` when `bare`.
    public static func run(
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

/// A TCP listener on 127.0.0.1 that counts the connections it gets and
/// closes each at once: the witness that a program reached the network.
public final class LoopbackListener: @unchecked Sendable {
    public let socket: Int32
    public let port: UInt16
    private let lock = NSLock()
    private var accepted = 0
    private let done = DispatchSemaphore(value: 0)

    public init() throws {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.socket = socket
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) }
        }
        guard bound == 0, listen(socket, 64) == 0 else { throw CocoaError(.fileWriteUnknown) }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        start()
    }

    private func start() {
        Thread.detachNewThread { [self] in
            while true {
                let connection = accept(socket, nil, nil)
                if connection < 0 { break }
                lock.withLock { accepted += 1 }
                close(connection)
            }
            done.signal()
        }
    }

    public var connections: Int { lock.withLock { accepted } }

    public func stop() {
        shutdown(socket, Int32(SHUT_RDWR))
        done.wait()
        close(socket)
    }
}

extension Reason {
    /// The words as a site with `$` shows them (RapportRender's `Formatting.words`).
    public var words: String { Formatting(symbol: "$").words(self) }
}
