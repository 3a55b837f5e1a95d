import Foundation
import RapportTestSupport
import Synchronization
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `rapport serve` as a user runs it: the real binary, a real HTTP client,
/// real edits of the site's files (docs/reference.md#commands, `serve`).
@Suite(.serialized) struct ServeCLITests {
    /// A running `rapport serve`, its output read as it comes.
    final class Server: @unchecked Sendable {
        let process = Process()
        let port: UInt16
        private let lock = NSLock()
        private var output = ""
        private var errors = ""
        /// Set when standard output reached its end: the last line written
        /// before exit can arrive after `waitUntilExit` returns.
        private var outputEnded = false

        init(
            site: String, arguments: [String] = [], port: UInt16 = Server.freePort(),
            environment: [String: String] = [:]
        ) throws {
            self.port = port
            process.executableURL = URL(fileURLWithPath: Binary.path)
            process.arguments = ["serve", "--site", site, "--port", String(port)] + arguments
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            out.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let data = handle.availableData
                if data.isEmpty { handle.readabilityHandler = nil }
                self?.lock.withLock {
                    if data.isEmpty {
                        self?.outputEnded = true
                    } else {
                        self?.output += String(decoding: data, as: UTF8.self)
                    }
                }
            }
            err.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let data = handle.availableData
                self?.lock.withLock { self?.errors += String(decoding: data, as: UTF8.self) }
            }
            try process.run()
        }

        var stdout: String { lock.withLock { output } }
        var stderr: String { lock.withLock { errors } }

        /// Waits until standard output contains `text`; false after `seconds`.
        func waitFor(_ text: String, seconds: Double = 60) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if stdout.contains(text) { return true }
                if !process.isRunning { return stdout.contains(text) }
                Thread.sleep(forTimeInterval: 0.02)
            }
            return false
        }

        /// Ctrl-C, and the exit status.
        func interrupt() -> Int32 {
            var seconds = 0.0
            return interrupt(exitSeconds: &seconds)
        }

        /// The same, with how long the process took to exit: not counting
        /// the wait for its output to end, which a pipe end inherited by
        /// another test's child can hold open for the full 10 s (a CI run
        /// once measured a 2 s stop as 12 s that way).
        func interrupt(exitSeconds: inout Double) -> Int32 {
            let started = Date()
            process.interrupt()
            process.waitUntilExit()
            exitSeconds = Date().timeIntervalSince(started)
            waitUntilExit()
            return process.terminationStatus
        }

        /// Waits for the server to exit and for everything it printed to be
        /// read (at most 10 s more): a loaded CI machine once read "stopped"
        /// after the test had looked for it.
        func waitUntilExit() {
            process.waitUntilExit()
            let deadline = Date().addingTimeInterval(10)
            while !lock.withLock({ outputEnded }) && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        }

        deinit { if process.isRunning { process.terminate() } }

        static func freePort() -> UInt16 {
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(descriptor) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
            }
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
            }
            return UInt16(bigEndian: address.sin_port)
        }
    }

    /// A request written byte for byte on a socket, as no HTTP library
    /// would send it (they clean up `..`): the status line and the rest.
    static func raw(_ port: UInt16, _ request: String, seconds: Double = 5) throws -> (status: Int, response: String) {
        let connection = try Connection(port: port)
        connection.send(request)
        let response = connection.read(until: { _ in false }, seconds: seconds)
        let status = Int(response.split(separator: " ").dropFirst().first ?? "") ?? 0
        return (status, response)
    }

    /// A TCP connection to the server, read with a deadline.
    final class Connection {
        let descriptor: Int32

        init(port: UInt16) throws {
            descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = port.bigEndian
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        }

        deinit { close(descriptor) }

        func send(_ text: String) {
            let bytes = Array(text.utf8)
            _ = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, 0) }
        }

        /// Whether the peer closes the connection within `seconds` (what it
        /// sends meanwhile is read and dropped).
        func isClosed(within seconds: Double) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            var buffer = [UInt8](repeating: 0, count: 4_096)
            while Date() < deadline {
                var waiting = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                guard poll(&waiting, 1, 50) >= 0 else { return true }
                if waiting.revents == 0 { continue }
                let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
                if count <= 0 { return true }
            }
            return false
        }

        /// What arrives until `done` says so, the peer closes, or `seconds` pass.
        func read(until done: (String) -> Bool, seconds: Double) -> String {
            var received: [UInt8] = []
            let deadline = Date().addingTimeInterval(seconds)
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while Date() < deadline {
                var waiting = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                guard poll(&waiting, 1, 50) >= 0 else { break }
                if waiting.revents == 0 { continue }
                let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
                if count <= 0 { break }
                received += buffer[..<count]
                if done(String(decoding: received, as: UTF8.self)) { break }
            }
            return String(decoding: received, as: UTF8.self)
        }
    }

    static func get(_ url: String, method: String = "GET", headers: [String: String] = [:]) async throws -> (
        HTTPURLResponse, Data
    ) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        return (response as! HTTPURLResponse, data)
    }

    @Test func servesThePortalWithTypesETagsHeadAnd404() async throws {
        let site = Fixtures.copy("review-site")
        defer { try? FileManager.default.removeItem(atPath: (site as NSString).deletingLastPathComponent) }
        let server = try Server(site: site)
        #expect(server.waitFor("serving \(site) as of "), "\(server.stdout)\(server.stderr)")
        #expect(server.stdout.contains("at http://127.0.0.1:\(server.port)/ (Ctrl-C stops)"))
        let base = "http://127.0.0.1:\(server.port)"

        let (home, body) = try await Self.get(base + "/")
        #expect(home.statusCode == 200)
        #expect(home.value(forHTTPHeaderField: "Content-Type") == "text/html; charset=utf-8")
        let page = String(decoding: body, as: UTF8.self)
        #expect(page.contains("<script src=\"/_rapport/live.js\" defer></script></body>"))
        let tag = try #require(home.value(forHTTPHeaderField: "ETag"))

        let (again, empty) = try await Self.get(base + "/", headers: ["If-None-Match": tag])
        #expect(again.statusCode == 304 && empty.isEmpty)

        let (head, headBody) = try await Self.get(base + "/index.html", method: "HEAD")
        #expect(head.statusCode == 200 && headBody.isEmpty)
        #expect(head.value(forHTTPHeaderField: "Content-Length") == String(body.count))

        let (css, _) = try await Self.get(base + "/assets/style.css")
        #expect(css.value(forHTTPHeaderField: "Content-Type") == "text/css; charset=utf-8")
        let (index, _) = try await Self.get(base + "/search-index.json")
        #expect(index.statusCode == 200 && index.value(forHTTPHeaderField: "Content-Type") == "application/json")

        let (missing, notFound) = try await Self.get(base + "/no-such-page.html")
        #expect(missing.statusCode == 404)
        #expect(String(decoding: notFound, as: UTF8.self).contains("/_rapport/live.js"))

        // Nothing outside the portal, however the path is written; only GET and HEAD.
        for target in [
            "/../site.yaml", "/%2e%2e/site.yaml", "/accounts/..%2f..%2fsite.yaml", "/%2E%2E/%2E%2E/etc/passwd",
            "//etc/passwd", "/a%00.html",
        ] {
            let (status, response) = try Self.raw(
                server.port, "GET \(target) HTTP/1.1\r\nHost: localhost:\(server.port)\r\nConnection: close\r\n\r\n")
            #expect(status == 400, "\(target): \(response.prefix(200))")
        }
        for method in ["POST", "PUT", "DELETE", "OPTIONS"] {
            let (status, response) = try Self.raw(
                server.port,
                "\(method) / HTTP/1.1\r\nHost: localhost:\(server.port)\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )
            #expect(status == 405, "\(method)")
            #expect(response.contains("Allow: GET, HEAD"))
        }
        #expect(server.interrupt() == 0)
        #expect(server.stdout.hasSuffix("stopped\n"))
    }

    /// An edit is rebuilt and announced to the open pages; a broken edit is
    /// announced with its problems, and fixing it reloads them.
    @Test func editsReachTheOpenPagesAsEvents() async throws {
        let site = Fixtures.copy("review-site")
        defer { try? FileManager.default.removeItem(atPath: (site as NSString).deletingLastPathComponent) }
        let server = try Server(site: site)
        #expect(server.waitFor("serving "))
        let events = try Connection(port: server.port)
        events.send(
            "GET /_rapport/events HTTP/1.1\r\nHost: localhost:\(server.port)\r\nAccept: text/event-stream\r\n\r\n")
        let opened = events.read(until: { $0.contains(": connected") }, seconds: 5)
        #expect(opened.contains("Content-Type: text/event-stream"), "\(opened)")

        let playbook = site + "/playbooks/rescue.md"
        Fixtures.write(
            Fixtures.read(playbook).replacingOccurrences(of: "Call them.", with: "Call them now."), to: playbook)
        let reload = events.read(until: { $0.contains("event: reload") }, seconds: 10)
        #expect(reload.contains("event: reload"), "\(reload)")
        #expect(server.waitFor("playbooks/rescue.md changed: "))
        let (page, body) = try await Self.get("http://127.0.0.1:\(server.port)/playbooks/rescue.html")
        #expect(page.statusCode == 200 && String(decoding: body, as: UTF8.self).contains("Call them now."))

        Fixtures.write(
            Fixtures.read(playbook).replacingOccurrences(of: "risk.band ==", with: "risk.band ==="), to: playbook)
        let problems = events.read(until: { $0.contains("event: problems") && $0.hasSuffix("\n\n") }, seconds: 10)
        #expect(problems.contains("playbooks/rescue.md:3:"), "\(problems)")
        let (_, status) = try await Self.get("http://127.0.0.1:\(server.port)/_rapport/status")
        #expect(String(decoding: status, as: UTF8.self).contains("rescue.md:3:"))
        // The last good page is still served.
        let (_, still) = try await Self.get("http://127.0.0.1:\(server.port)/playbooks/rescue.html")
        #expect(String(decoding: still, as: UTF8.self).contains("Call them now."))

        Fixtures.write(Fixtures.read(playbook).replacingOccurrences(of: "===", with: "=="), to: playbook)
        let fixed = events.read(until: { $0.contains("event: reload") }, seconds: 10)
        #expect(fixed.contains("event: reload"), "\(fixed)")
        let (_, cleared) = try await Self.get("http://127.0.0.1:\(server.port)/_rapport/status")
        #expect(String(decoding: cleared, as: UTF8.self).hasSuffix("\"problems\":[]}"))
        #expect(server.interrupt() == 0)
    }

    @Test func aPortInUseIsAClearErrorNamingAFreeOne() throws {
        let site = Fixtures.copy("review-site")
        defer { try? FileManager.default.removeItem(atPath: (site as NSString).deletingLastPathComponent) }
        let first = try Server(site: site)
        #expect(first.waitFor("serving "))
        let second = try Binary.run(["serve", "--site", site, "--port", String(first.port)])
        #expect(second.status == 2)
        #expect(second.stderr.hasPrefix("rapport serve: port \(first.port) is in use (another server?); port "))
        #expect(second.stderr.contains(" is free: --port "))
        #expect(first.interrupt() == 0)
    }

    @Test func portZeroServesOnThePortTheSystemChoseAndSaysWhichOne() async throws {
        let site = Fixtures.copy("review-site")
        defer { try? FileManager.default.removeItem(atPath: (site as NSString).deletingLastPathComponent) }
        let server = try Server(site: site, port: 0)
        #expect(server.waitFor("(Ctrl-C stops)"))
        let printed = server.stdout.split(separator: " ").first { $0.hasPrefix("http://127.0.0.1:") }
        let port = printed.flatMap { UInt16($0.dropFirst("http://127.0.0.1:".count).dropLast()) }
        #expect(port != nil && port != 0, "printed: \(server.stdout)")
        if let port, port != 0 {
            let (status, _) = try Self.raw(
                port, "GET / HTTP/1.1\r\nHost: localhost:\(port)\r\nConnection: close\r\n\r\n")
            #expect(status == 200)
        }
        #expect(server.interrupt() == 0)
    }

    /// Issue 25, point 1: `curl -H 'Host: attacker.test:1313'` read every
    /// account. A page of another site that rebinds its name to 127.0.0.1
    /// sends its own name as `Host`; only this machine's names, the bound
    /// address and `--allow-host` names are answered, and the event stream
    /// refuses another site's `Origin`.
    @Test func onlyThisMachinesNamesAreAnswered() throws {
        let site = Fixtures.copy("review-site")
        defer { try? FileManager.default.removeItem(atPath: (site as NSString).deletingLastPathComponent) }
        let server = try Server(site: site, arguments: ["--allow-host", "reviews.internal"])
        #expect(server.waitFor("serving "))
        let port = server.port
        func get(_ path: String, _ headers: String) throws -> (status: Int, response: String) {
            try Self.raw(port, "GET \(path) HTTP/1.1\r\n\(headers)Connection: close\r\n\r\n")
        }
        for host in [
            "attacker.test:\(port)", "attacker.test", "127.0.0.1.attacker.test:\(port)", "localhost:1",
            "localhost", "127.0.0.2:\(port)", "reviews.internal.attacker.test:\(port)", "[::2]:\(port)", "",
        ] {
            let (status, response) = try get("/exports/accounts.json", "Host: \(host)\r\n")
            #expect(status == 403, "\(host): \(response.prefix(120))")
            #expect(!response.contains("account_id"))
        }
        let refused = try get("/_rapport/events", "Host: attacker.test:\(port)\r\n")
        #expect(refused.status == 403 && refused.response.contains("--allow-host NAME"))
        // No Host, or two: 400.
        #expect(try get("/", "").status == 400)
        #expect(try get("/", "Host: localhost:\(port)\r\nHost: attacker.test:\(port)\r\n").status == 400)
        for host in [
            "localhost:\(port)", "LOCALHOST:\(port)", "127.0.0.1:\(port)", "[::1]:\(port)",
            "reviews.internal:\(port)",
        ] {
            let (status, response) = try get("/exports/accounts.json", "Host: \(host)\r\n")
            #expect(status == 200 && response.contains("account_id"), "\(host)")
        }
        // The event stream (and anything else) refuses another site's page.
        let other = try get(
            "/_rapport/events", "Host: localhost:\(port)\r\nOrigin: http://attacker.test:\(port)\r\n")
        #expect(other.status == 403 && other.response.contains("pages of other sites"))
        let events = try Connection(port: port)
        events.send(
            "GET /_rapport/events HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nOrigin: http://127.0.0.1:\(port)\r\n\r\n")
        #expect(events.read(until: { $0.contains(": connected") }, seconds: 5).contains("200 OK"))
        #expect(server.interrupt() == 0)
        let bad = try Binary.run(["serve", "--site", site, "--allow-host", "http://evil.test:80"])
        #expect(bad.status == 64 && bad.stderr.contains("--allow-host: 'http://evil.test:80' is not a host name"))
    }

    /// Issue 25, point 4: under `serve` a runaway theme (partials that each
    /// include the next twice, 2⁴⁰ inclusions) hung the rebuild thread, so
    /// later edits never rebuilt, and SIGTERM was ignored for 30 s and more:
    /// only SIGKILL stopped it, and the private folder was left behind.
    @Test(.timeLimit(.minutes(3))) func aRunawayThemeHangsNeitherTheRebuildsNorTheStop() throws {
        let site = Fixtures.copy("review-site")
        let root = (site as NSString).deletingLastPathComponent
        let temporary = root + "/tmp"
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        func writeRunaway() {
            for level in 0..<40 {
                Fixtures.write("{{>d\(level + 1)}}{{>d\(level + 1)}}", to: site + "/templates/d\(level).mustache")
            }
            Fixtures.write("x", to: site + "/templates/d40.mustache")
            Fixtures.write(
                "{{<base}}{{$content}}<p>{{playbook.title}}</p>{{>d0}}{{/content}}{{/base}}\n",
                to: site + "/templates/playbook.mustache")
        }
        let server = try Server(site: site, environment: ["TMPDIR": temporary])
        #expect(server.waitFor("serving "))
        let events = try Connection(port: server.port)
        events.send(
            "GET /_rapport/events HTTP/1.1\r\nHost: localhost:\(server.port)\r\nAccept: text/event-stream\r\n\r\n")
        _ = events.read(until: { $0.contains(": connected") }, seconds: 5)
        writeRunaway()
        // Polled ten times a second: the runaway rebuild has begun.
        Thread.sleep(forTimeInterval: 0.6)
        // The runaway rebuild stops at its step limit with an error; the fix
        // written meanwhile is rebuilt after it, and the pages reload.
        try FileManager.default.removeItem(atPath: site + "/templates/playbook.mustache")
        let told = events.read(until: { $0.contains("event: reload") }, seconds: 120)
        #expect(told.contains("event: problems") && told.contains("template steps"), "\(told.prefix(600))")
        #expect(told.contains("event: reload"), "\(server.stdout)")
        // A stop while a runaway rebuild runs: within the grace period.
        writeRunaway()
        Thread.sleep(forTimeInterval: 1)
        var stopSeconds = 0.0
        #expect(server.interrupt(exitSeconds: &stopSeconds) == 0)
        #expect(stopSeconds < 6, "stopped after \(stopSeconds) s")
        let left = try FileManager.default.contentsOfDirectory(atPath: temporary)
        #expect(left.isEmpty, "left behind: \(left)")
    }

    /// A stop during the first build (here a large site still loading)
    /// stops too, and leaves nothing behind.
    @Test(.timeLimit(.minutes(3))) func aStopDuringTheFirstBuildStops() throws {
        let root = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let temporary = root + "/tmp"
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        let sample = try Binary.run(["sample", "--accounts", "3000", "--seed", "3", root + "/site"])
        #expect(sample.status == 0)
        let server = try Server(site: root + "/site", environment: ["TMPDIR": temporary])
        Thread.sleep(forTimeInterval: 1.5)
        #expect(!server.stdout.contains("serving "), "the first build should still run")
        let started = Date()
        server.process.terminate()
        server.process.waitUntilExit()
        // The exit, not the wait for the output to end (`interrupt(exitSeconds:)`).
        let stopSeconds = Date().timeIntervalSince(started)
        server.waitUntilExit()
        #expect(server.process.terminationStatus == 0 && server.stdout.contains("stopped"), "\(server.stdout)")
        #expect(stopSeconds < 6, "stopped after \(stopSeconds) s")
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary).isEmpty)
    }

    /// Issue 25, point 7: a connection that dribbles its request head a
    /// byte at a time (slowloris) stayed open for ever; an idle one too.
    @Test(.timeLimit(.minutes(2))) func idleAndDribblingConnectionsAreClosed() throws {
        let site = Fixtures.copy("review-site")
        defer { try? FileManager.default.removeItem(atPath: (site as NSString).deletingLastPathComponent) }
        let server = try Server(site: site)
        #expect(server.waitFor("serving "))
        let idle = try Connection(port: server.port)
        let dribbling = try Connection(port: server.port)
        let started = Date()
        dribbling.send("GET / HTTP/1.1\r\nHo")
        // A byte every 2 s keeps the socket busy, never the request complete.
        var closedAfter: Double?
        for _ in 0..<12 {
            dribbling.send("s")
            if dribbling.isClosed(within: 2) {
                closedAfter = Date().timeIntervalSince(started)
                break
            }
        }
        #expect(closedAfter.map { $0 >= 4 && $0 < 10 } == true, "closed after \(closedAfter ?? -1) s")
        #expect(idle.isClosed(within: 5), "the idle connection is closed too")
        // The server itself is fine.
        let (status, _) = try Self.raw(
            server.port, "GET / HTTP/1.1\r\nHost: localhost:\(server.port)\r\nConnection: close\r\n\r\n")
        #expect(status == 200)
        #expect(server.interrupt() == 0)
    }

    /// With the open files nearly used up by idle connections, requests
    /// were never answered and the watcher, unable to list the site, took
    /// it for gone: every page was told "site.yaml not found". Connections
    /// are capped under the limit; a folder that cannot be listed is an
    /// error that changes nothing.
    @Test(.timeLimit(.minutes(2))) func manyIdleConnectionsLeaveTheServerAndTheWatcherWorking() throws {
        let site = Fixtures.copy("review-site")
        defer { try? FileManager.default.removeItem(atPath: (site as NSString).deletingLastPathComponent) }
        let port = Server.freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // 200 open files: at most 72 connections at once.
        process.arguments = [
            "-c", "ulimit -n 200 && exec \"$0\" serve --site \"$1\" --port \"$2\"", Binary.path, site, String(port),
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        defer { if process.isRunning { process.interrupt() } }
        var log = ""
        func waitFor(_ text: String, seconds: Double) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if log.contains(text) { return true }
                var waiting = pollfd(fd: output.fileHandleForReading.fileDescriptor, events: Int16(POLLIN), revents: 0)
                if poll(&waiting, 1, 100) > 0 {
                    log += String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
                }
            }
            return log.contains(text)
        }
        #expect(waitFor("serving ", seconds: 60))
        let idle = try (0..<300).map { _ in try Connection(port: port) }
        Thread.sleep(forTimeInterval: 1)
        let playbook = site + "/playbooks/rescue.md"
        Fixtures.write(
            Fixtures.read(playbook).replacingOccurrences(of: "Call them.", with: "Call them today."), to: playbook)
        #expect(waitFor("playbooks/rescue.md changed: ", seconds: 30), "\(log)")
        // Answered once the idle ones ahead of it time out.
        let (status, response) = try Self.raw(
            port, "GET /playbooks/rescue.html HTTP/1.1\r\nHost: localhost:\(port)\r\nConnection: close\r\n\r\n",
            seconds: 40)
        #expect(status == 200 && response.contains("Call them today."), "\(response.prefix(200))")
        #expect(!log.contains("not found"), "\(log)")
        _ = idle
        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    /// A file beside the inputs rewritten every 10 ms held a playbook's
    /// rebuild back until the writes stopped: only inputs are watched.
    @Test(.timeLimit(.minutes(2))) func writesBesideTheInputsDoNotHoldARebuildBack() throws {
        let site = Fixtures.copy("review-site")
        defer { try? FileManager.default.removeItem(atPath: (site as NSString).deletingLastPathComponent) }
        let server = try Server(site: site)
        #expect(server.waitFor("serving "))
        let events = try Connection(port: server.port)
        events.send(
            "GET /_rapport/events HTTP/1.1\r\nHost: localhost:\(server.port)\r\nAccept: text/event-stream\r\n\r\n")
        _ = events.read(until: { $0.contains(": connected") }, seconds: 5)
        let writing = Atomic<Bool>(true)
        let writer = Thread {
            var count = 0
            while writing.load(ordering: .relaxed) {
                count += 1
                Fixtures.write("\(count)", to: site + "/scratch.log")
                Thread.sleep(forTimeInterval: 0.01)
            }
        }
        writer.start()
        defer { writing.store(false, ordering: .relaxed) }
        Thread.sleep(forTimeInterval: 0.5)
        let playbook = site + "/playbooks/rescue.md"
        Fixtures.write(
            Fixtures.read(playbook).replacingOccurrences(of: "Call them.", with: "Call them now."), to: playbook)
        let reload = events.read(until: { $0.contains("event: reload") }, seconds: 5)
        #expect(reload.contains("event: reload"), "\(server.stdout)")
        writing.store(false, ordering: .relaxed)
        #expect(server.interrupt() == 0)
    }

    /// A playbook added as a link inside the site was not watched.
    @Test(.timeLimit(.minutes(1))) func aPlaybookAddedAsALinkIsWatched() throws {
        let site = Fixtures.copy("review-site")
        defer { try? FileManager.default.removeItem(atPath: (site as NSString).deletingLastPathComponent) }
        Fixtures.write("---\ntitle: Shared checklist\n---\nBring the contract.\n", to: site + "/shared/checklist.md")
        let server = try Server(site: site)
        #expect(server.waitFor("serving "))
        try FileManager.default.createSymbolicLink(
            atPath: site + "/playbooks/checklist.md", withDestinationPath: "../shared/checklist.md")
        #expect(server.waitFor("playbooks/checklist.md changed: ", seconds: 10), "\(server.stdout)")
        Fixtures.write(
            "---\ntitle: Shared checklist\n---\nBring the signed contract.\n", to: site + "/shared/checklist.md")
        // The link's target edited: a second rebuild.
        let deadline = Date().addingTimeInterval(10)
        while server.stdout.components(separatedBy: "playbooks/checklist.md changed: ").count < 3 && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        let (status, page) = try Self.raw(
            server.port,
            "GET /playbooks/checklist.html HTTP/1.1\r\nHost: localhost:\(server.port)\r\nConnection: close\r\n\r\n")
        #expect(status == 200 && page.contains("Bring the signed contract."))
        #expect(server.interrupt() == 0)
    }

    @Test func listeningBeyondThisMachineIsWarnedAbout() throws {
        let site = Fixtures.copy("review-site")
        defer { try? FileManager.default.removeItem(atPath: (site as NSString).deletingLastPathComponent) }
        let server = try Server(site: site, arguments: ["--bind", "0.0.0.0"])
        #expect(server.waitFor("serving "))
        #expect(server.stderr.contains("warning: --bind 0.0.0.0 serves the portal"))
        #expect(server.interrupt() == 0)
        let bad = try Binary.run(["serve", "--site", site, "--bind", "example.com"])
        #expect(bad.status == 2 && bad.stderr.contains("'example.com' is not an IPv4 address"))
    }
}
