import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import Rapport
import RapportCore
import Synchronization

/// Why `rapport serve` could not start.
public enum ServeError: Error, CustomStringConvertible {
    case badAddress(String)
    case portInUse(port: UInt16, free: UInt16?)
    case cannotStart(String)
    /// Ctrl-C or SIGTERM came while the first build ran.
    case stopped

    public var description: String {
        switch self {
        case .stopped:
            return "stopped before the first build finished"
        case .badAddress(let address):
            return "'\(address)' is not an IPv4 address to listen on (such as 127.0.0.1 or 0.0.0.0)"
        case .portInUse(let port, let free?):
            return "port \(port) is in use (another server?); port \(free) is free: --port \(free)"
        case .portInUse(let port, nil):
            return "port \(port) is in use (another server?), and so are the next 20; choose one with --port"
        case .cannotStart(let reason):
            return "cannot start the server: \(reason)"
        }
    }
}

/// `rapport serve`: the portal built into a private folder and served over
/// HTTP on loopback (docs/reference.md#commands, `serve`), rebuilt when its inputs change
/// and reloaded in the open browsers. Hummingbird serves it (on SwiftNIO):
/// it streams response bodies, which server-sent events need. FlyingFox,
/// lighter to build, was tried first and dropped: its proxy handler links
/// FoundationNetworking, which put libcurl and some thirty shared
/// libraries into the static binary and 6–13 MB onto every `rapport build`'s
/// peak memory (BENCHMARKS.md, issue 17).
public final class Preview: Sendable {
    public let state: PreviewState
    public let address: String
    public let port: UInt16
    /// The site's as-of date, when the first build succeeded.
    public let asOf: Day?
    private let server: Task<Void, any Error>
    private let rebuilderDone: DispatchSemaphore

    private init(
        state: PreviewState, address: String, port: UInt16, asOf: Day?, server: Task<Void, any Error>,
        rebuilderDone: DispatchSemaphore
    ) {
        self.state = state
        self.address = address
        self.port = port
        self.asOf = asOf
        self.server = server
        self.rebuilderDone = rebuilderDone
    }

    public var url: String { "http://\(address == "0.0.0.0" ? "127.0.0.1" : address):\(port)/" }

    /// Builds the portal (on the rebuilder's thread, which then watches the
    /// inputs), then starts the server. A site that does not build is still
    /// served: every page shows its problems until it does.
    /// - Parameter pollSource: read the data again this often (`--poll-source`),
    ///   for a database, whose changes leave no file to notice.
    public static func start(
        _ options: BuildOptions, today: Day, address: String, port: UInt16, allowedHosts: [String] = [],
        pollSource: Duration? = nil, shouldStop: @escaping @Sendable () -> Bool = { false },
        log: @escaping @Sendable (String) -> Void
    ) throws(ServeError) -> Preview {
        var socketAddress = sockaddr_in()
        socketAddress.sin_family = sa_family_t(AF_INET)
        socketAddress.sin_port = port.bigEndian
        guard inet_pton(AF_INET, address, &socketAddress.sin_addr) == 1 else { throw .badAddress(address) }
        guard PortProbe.isFree(socketAddress) else {
            throw .portInUse(port: port, free: PortProbe.nextFree(after: socketAddress))
        }
        let base: String
        do { base = try ServedPortal.makeBase() } catch { throw .cannotStart("no private folder: \(error)") }
        let state = PreviewState(portal: ServedPortal(base: base))
        let built = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        let firstAsOf = Mutex<Day?>(nil)
        let thread = Thread {
            let rebuilder = Rebuilder(options: options, today: today, state: state, log: log)
            let asOf = rebuilder.buildAll(because: nil)
            firstAsOf.withLock { $0 = asOf }
            built.signal()
            var lastRead = ContinuousClock.now
            while !state.isStopping {
                Thread.sleep(forTimeInterval: 0.1)
                if state.isStopping { break }
                if state.takeRereadRequest() {
                    rebuilder.buildAll(because: "asked to read the data again")
                    lastRead = .now
                } else if let pollSource, ContinuousClock.now - lastRead >= pollSource {
                    rebuilder.buildAll(because: "read the data again (--poll-source)")
                    lastRead = .now
                } else {
                    rebuilder.poll()
                }
            }
            done.signal()
        }
        thread.name = "rapport-rebuild"
        thread.start()
        // A stop during the first build (a large site, a runaway theme)
        // stops within the grace period, the private folder removed.
        while built.wait(timeout: .now() + .milliseconds(50)) == .timedOut {
            guard shouldStop() else { continue }
            state.stop()
            _ = done.wait(timeout: .now() + Self.grace)
            state.portal.removeAll()
            throw .stopped
        }
        var logger = Logger(label: "rapport-serve")
        logger.logLevel = .critical
        let listening = DispatchSemaphore(value: 0)
        // `--port 0` lets the system choose: the port the server got is
        // the one to print.
        let boundPort = Mutex<Int?>(nil)
        let application = Application(
            responder: PortalResponder(state: state),
            server: .http1(configuration: .init(idleTimeout: .seconds(Int64(Self.idleSeconds)))),
            configuration: .init(
                address: .hostname(address, port: Int(port)), serverName: nil,
                availableConnectionsDelegate: MaximumAvailableConnections(Self.connectionCap())),
            onServerRunning: { channel in
                boundPort.withLock { $0 = channel.localAddress?.port }
                listening.signal()
            }, logger: logger)
        let failure = Mutex<String?>(nil)
        let server = Task {
            do {
                try await application.run()
            } catch {
                failure.withLock { $0 = "\(error)" }
                listening.signal()
                throw error
            }
        }
        listening.wait()
        if let reason = failure.withLock({ $0 }) {
            state.stop()
            done.wait()
            state.portal.removeAll()
            throw .cannotStart(reason)
        }
        let served = boundPort.withLock { $0 }.flatMap { UInt16(exactly: $0) } ?? port
        state.hostPolicy = HostPolicy(address: address, port: Int(served), allowed: allowedHosts)
        // Every 15 s, so closed pages are noticed.
        Thread {
            while !state.isStopping {
                Thread.sleep(forTimeInterval: 15)
                state.live.ping()
            }
        }.start()
        return Preview(
            state: state, address: address, port: served, asOf: firstAsOf.withLock { $0 }, server: server,
            rebuilderDone: done)
    }

    /// A connection that sends no complete request part for this long is
    /// closed: an idle keep-alive, or a request head dribbled a byte at a
    /// time (slowloris). An event stream being answered is not idle.
    public static let idleSeconds = 5

    /// Connections served at once; more wait in the listen queue until one
    /// closes. Well under the open-file limit (with the usual 1,024: 256),
    /// so the rebuilds and the watcher always have descriptors left
    /// (issue 25: 1,100 idle connections made every request time out and
    /// the watcher fail).
    public static func connectionCap() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 256 }
        // 128 descriptors kept for the rebuilds, the watcher and the server itself.
        return max(8, min(256, Int(clamping: limit.rlim_cur) - 128))
    }

    /// How long a stop waits for a rebuild under way, and then for open
    /// connections to close: after it the private folder is removed and the
    /// caller exits whatever is still running (docs/guide.md#preview-while-editing-rapport-serve: a stop always stops).
    public static let grace: DispatchTimeInterval = .seconds(2)

    /// Stops watching, ends the open event streams, stops the server and
    /// removes the private folder, within twice `grace`. A rebuild or a
    /// connection still running after it is left to the process's exit:
    /// rebuilds write nothing once stopping began (`ServedPortal`).
    /// Reads the data again and rebuilds everything, on the rebuilder's
    /// thread, as soon as it is free.
    public func rereadData() { state.askToReread() }

    public func stop() {
        state.stop()
        state.live.finish()
        let stopped = DispatchSemaphore(value: 0)
        let server = self.server
        Task {
            server.cancel()
            _ = await server.result
            stopped.signal()
        }
        _ = stopped.wait(timeout: .now() + Self.grace)
        _ = rebuilderDone.wait(timeout: .now() + Self.grace)
        state.portal.removeAll()
    }
}
