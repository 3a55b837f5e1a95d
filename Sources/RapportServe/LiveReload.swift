import Foundation
import Hummingbird
import Synchronization

/// Tells the open pages what happened: `reload` after a rebuild that
/// succeeded, `problems` (the diagnostics, as a JSON array of lines) after
/// one that failed. Each page listens through server-sent events
/// (`EventSource`, reconnecting by itself), opened by `script`. An event
/// is made once, as one `ByteBuffer` every listener shares: a page that
/// never reads holds a reference, not a copy (issue 25: 50 such pages held
/// a 20 MB copy of the problems each).
final class LiveReload: Sendable {
    private struct Listeners {
        var next = 0
        var open: [Int: AsyncStream<ByteBuffer>.Continuation] = [:]
        var finished = false
    }
    private let listeners = Mutex(Listeners())

    /// A new listener's stream: a comment first, so the page knows it is
    /// connected, then every event until the server stops.
    func listen() -> AsyncStream<ByteBuffer> {
        // The newest 4 events: a page that does not read loses old ones,
        // never the memory.
        let (stream, continuation) = AsyncStream<ByteBuffer>.makeStream(bufferingPolicy: .bufferingNewest(4))
        continuation.yield(ByteBuffer(string: "retry: 500\n: connected\n\n"))
        let id: Int? = listeners.withLock { state in
            guard !state.finished else { return nil }
            state.next += 1
            state.open[state.next] = continuation
            return state.next
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.listeners.withLock { $0.open.removeValue(forKey: id) }
        }
        return stream
    }

    /// How many pages are listening.
    var count: Int { listeners.withLock { $0.open.count } }

    func send(_ event: String, data: String) {
        let lines = data.split(separator: "\n", omittingEmptySubsequences: false).map { "data: \($0)\n" }.joined()
        let message = ByteBuffer(string: "event: \(event)\n\(lines)\n")
        for continuation in listeners.withLock({ Array($0.open.values) }) { continuation.yield(message) }
    }

    private static let ping = ByteBuffer(string: ": ping\n\n")

    /// Keeps idle connections open through proxies, and finds closed ones
    /// (a write to a closed connection fails and ends its stream).
    func ping() {
        for continuation in listeners.withLock({ Array($0.open.values) }) {
            continuation.yield(Self.ping)
        }
    }

    /// Ends every stream, and any opened later: the server is stopping.
    func finish() {
        let open = listeners.withLock { state in
            state.finished = true
            defer { state.open = [:] }
            return Array(state.open.values)
        }
        for continuation in open { continuation.finish() }
    }

    /// What a served page gets before `</body>`: never part of what
    /// `rapport build` writes.
    static let scriptTag = "<script src=\"/\(RequestPath.ownFolder)/live.js\" defer></script>"

    /// `html` with the live-reload script added before its last `</body>`
    /// (at the end when there is none).
    static func inject(into html: [UInt8]) -> [UInt8] {
        let tag = Array(scriptTag.utf8)
        let close = Array("</body>".utf8)
        var index = html.count - close.count
        while index >= 0 {
            if html[index] == close[0] && Array(html[index..<index + close.count]) == close {
                return Array(html[..<index]) + tag + Array(html[index...])
            }
            index -= 1
        }
        return html + tag
    }

    /// Reloads the page after a rebuild; shows the problems of a failed one
    /// over the page (text only: messages quote the site's files) until a
    /// rebuild succeeds. Asks for the current problems when the page opens,
    /// so every page of a broken site shows them.
    static let script = """
        (function () {
          "use strict";
          var overlay = null;
          function hide() {
            if (overlay) { overlay.remove(); overlay = null; }
          }
          function show(problems) {
            if (!problems.length) { hide(); return; }
            if (!overlay) {
              overlay = document.createElement("div");
              overlay.id = "rapport-problems";
              overlay.setAttribute("role", "alert");
              overlay.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;"
                + "background:#fff5f5;color:#4a0000;border-top:4px solid #b00020;padding:1rem 1.25rem;"
                + "font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;box-shadow:0 -4px 16px rgba(0,0,0,.2)";
              document.body.appendChild(overlay);
            }
            overlay.textContent = "";
            var title = document.createElement("strong");
            title.textContent = "The last edit did not build; the portal below is the last one that did.";
            overlay.appendChild(title);
            var list = document.createElement("pre");
            list.style.cssText = "white-space:pre-wrap;margin:.75rem 0 0";
            list.textContent = problems.join("\\n");
            overlay.appendChild(list);
          }
          fetch("/\(RequestPath.ownFolder)/status", { cache: "no-store" })
            .then(function (response) { return response.json(); })
            .then(function (status) { show(status.problems); })
            .catch(function () {});
          var events = new EventSource("/\(RequestPath.ownFolder)/events");
          events.addEventListener("reload", function () { location.reload(); });
          events.addEventListener("problems", function (event) { show(JSON.parse(event.data)); });
          // A page left for another keeps no connection open: a browser
          // holds six per host, and pages kept for the back button with
          // their event streams open made later pages wait for the search
          // index (a CI run, issue 27). Back on such a page: load it again.
          window.addEventListener("pagehide", function () { events.close(); });
          window.addEventListener("pageshow", function (event) { if (event.persisted) location.reload(); });
        })();

        """
}
