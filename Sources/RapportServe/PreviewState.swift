import Foundation
import RapportCore
import Synchronization

/// What the HTTP side of `rapport serve` reads while the rebuilder works:
/// the served portal, the pages listening for reloads, and the problems of
/// the last rebuild when it failed.
public final class PreviewState: Sendable {
    let portal: ServedPortal
    let live = LiveReload()
    private let current = Mutex<[String]>([])
    /// Set once the server listens (its port may be the system's choice);
    /// until then nothing is answered.
    private let hosts = Mutex<HostPolicy?>(nil)
    private let stopping = Atomic<Bool>(false)
    private let rereadAsked = Atomic<Bool>(false)

    init(portal: ServedPortal) { self.portal = portal }

    /// The last rebuild's errors, one line each as on the terminal; empty
    /// when it succeeded.
    var problems: [String] { current.withLock { $0 } }

    func succeeded() {
        current.withLock { $0 = [] }
        live.send("reload", data: String(portal.generation))
    }

    func failed(_ diagnostics: Diagnostics) {
        let lines = diagnostics.sorted.filter { $0.severity == .error }.map(\.description)
        current.withLock { $0 = lines }
        live.send("problems", data: Self.json(lines))
    }

    static func json(_ lines: [String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        return (try? encoder.encode(lines)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    var hostPolicy: HostPolicy? {
        get { hosts.withLock { $0 } }
        set { hosts.withLock { $0 = newValue } }
    }

    /// Asks the rebuilder to read the data again (`r` on the terminal):
    /// a database's changes leave no file to notice.
    func askToReread() { rereadAsked.store(true, ordering: .relaxed) }

    /// Whether a re-read was asked since the last call.
    func takeRereadRequest() -> Bool { rereadAsked.exchange(false, ordering: .relaxed) }

    var isStopping: Bool { stopping.load(ordering: .relaxed) }
    func stop() {
        stopping.store(true, ordering: .relaxed)
        portal.close()
    }
}
