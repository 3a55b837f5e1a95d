import Foundation

/// Whether a port can be listened on, asked the way the server will bind it.
enum PortProbe {
    static func isFree(_ address: sockaddr_in) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var yes: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = address
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return bound == 0
    }

    /// The first free port of the next 20, for the error message.
    static func nextFree(after address: sockaddr_in) -> UInt16? {
        let port = UInt16(bigEndian: address.sin_port)
        guard port < 65_535 else { return nil }
        for candidate in (UInt32(port) + 1)...min(UInt32(port) + 20, 65_535) {
            var next = address
            next.sin_port = UInt16(candidate).bigEndian
            if isFree(next) { return UInt16(candidate) }
        }
        return nil
    }
}
