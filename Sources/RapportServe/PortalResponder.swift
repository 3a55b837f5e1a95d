import Foundation
import HTTPTypes
import Hummingbird

/// Answers one request from the served portal (docs/reference.md#commands, `serve`):
/// GET and HEAD only, a path that cannot leave the portal, the right
/// content type, an ETag and `304 Not Modified` when the browser has the
/// page already, a 404 page, and the live-reload script in every page.
struct PortalResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let state: PreviewState

    func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
        respond(to: request)
    }

    func respond(to request: Request) -> Response {
        // Before anything else, even a 405: a page of another site must
        // learn nothing about this server (HostPolicy).
        if let refusal = refusal(request) { return refusal }
        let head = request.method == .head
        guard request.method == .get || head else {
            var response = text(.methodNotAllowed, "\(request.method.rawValue) is not served: only GET and HEAD\n")
            response.headers[.allow] = "GET, HEAD"
            return response
        }
        switch RequestPath.parse(request.uri.path) {
        case .invalid:
            return text(.badRequest, "that path is not served\n")
        case .liveScript:
            return file(Array(LiveReload.script.utf8), type: "text/javascript; charset=utf-8", request)
        case .status:
            let body = "{\"generation\":\(state.portal.generation),\"problems\":\(PreviewState.json(state.problems))}"
            return file(Array(body.utf8), type: "application/json", request)
        case .events:
            let headers: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-cache"]
            guard !head else { return Response(status: .ok, headers: headers) }
            return Response(status: .ok, headers: headers, body: ResponseBody(asyncSequence: state.live.listen()))
        case .file(let path):
            switch state.portal.read(path) {
            case .file(let bytes):
                let html = ContentType.isHTML(path)
                return file(html ? LiveReload.inject(into: bytes) : bytes, type: ContentType.of(path), request)
            case .folder:
                return Response(status: .movedPermanently, headers: [.location: request.uri.path + "/"])
            case .missing:
                var response = file(
                    LiveReload.inject(into: Array(Self.notFound.utf8)), type: "text/html; charset=utf-8", request)
                response.status = .notFound
                return response
            }
        }
    }

    /// A 403 for a request that names another host (the DNS-rebinding
    /// defence, `HostPolicy`), or comes from another site's page.
    private func refusal(_ request: Request) -> Response? {
        guard let policy = state.hostPolicy else {
            return text(.serviceUnavailable, "the preview is starting\n")
        }
        // HTTP/1 gives the first `Host` header as the authority and keeps
        // any other: two are refused, as RFC 9112 asks.
        guard let host = request.head.authority, request.headers[values: .host].isEmpty else {
            return text(.badRequest, "a request needs one Host header\n")
        }
        guard policy.permits(host: host) else {
            return text(
                .forbidden,
                "rapport serve answers only to this machine's names (localhost, 127.0.0.1, [::1]) with port "
                    + "\(policy.port); to reach it under another name, start it with --allow-host NAME\n")
        }
        guard policy.permits(origin: request.headers[.origin]) else {
            return text(.forbidden, "pages of other sites may not read the preview\n")
        }
        return nil
    }

    private func file(_ bytes: [UInt8], type: String, _ request: Request) -> Response {
        let tag = ETag.of(bytes)
        var headers: HTTPFields = [
            .contentType: type, .eTag: tag, .cacheControl: "no-cache", .xContentTypeOptions: "nosniff",
        ]
        if let wanted = request.headers[.ifNoneMatch], ETag.matches(wanted, tag) {
            headers[.contentType] = nil
            return Response(status: .notModified, headers: headers)
        }
        // A HEAD response says what a GET would send, without the body.
        headers[.contentLength] = String(bytes.count)
        if request.method == .head { return Response(status: .ok, headers: headers) }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    private func text(_ status: HTTPResponse.Status, _ message: String) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: message)))
    }

    /// Served with the live-reload script: a site that does not build yet
    /// shows its problems here, and the page reloads once it builds.
    static let notFound = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Not found</title>
        <meta name="viewport" content="width=device-width, initial-scale=1"></head>
        <body style="font:16px/1.5 system-ui,sans-serif;margin:2rem">
        <h1>Not found</h1><p>The portal has no page here. <a href="/">Go to the portal's home page</a>.</p>
        </body></html>

        """
}

extension HTTPField.Name {
    static let xContentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
    static let host = HTTPField.Name("Host")!
}

/// A strong validator for a response body: 64-bit FNV-1a of the bytes,
/// which change whenever a rebuild changes the file.
enum ETag {
    static func of(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return "\"" + String(hash, radix: 16) + "\""
    }

    /// Whether an `If-None-Match` value names `tag` (or is `*`).
    static func matches(_ header: String, _ tag: String) -> Bool {
        header.split(separator: ",").contains { candidate in
            var value = candidate.trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("W/") { value.removeFirst(2) }
            return value == "*" || value == tag
        }
    }
}
