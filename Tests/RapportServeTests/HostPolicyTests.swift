import Testing

@testable import RapportServe

/// `HostPolicy` (issue 25, point 1): which `Host` and `Origin` the
/// preview answers.
@Suite struct HostPolicyTests {
    @Test func loopbackNamesTheBoundAddressAndAllowedNamesWithThePort() {
        let policy = HostPolicy(address: "192.168.1.20", port: 1313, allowed: ["Reviews.Internal"])
        for host in ["localhost:1313", "127.0.0.1:1313", "[::1]:1313", "192.168.1.20:1313", "reviews.internal:1313"] {
            #expect(policy.permits(host: host), "\(host)")
        }
        for host in [
            "attacker.test:1313", "localhost", "localhost:80", "localhost:1313.", "192.168.1.21:1313",
            "10.0.0.1:1313", "localhost.:1313", ":1313", "[::1]", "localhost:01313x",
        ] {
            #expect(!policy.permits(host: host), "\(host)")
        }
        #expect(policy.permits(origin: nil) && policy.permits(origin: "http://localhost:1313"))
        #expect(!policy.permits(origin: "http://attacker.test:1313") && !policy.permits(origin: "null"))
        #expect(!policy.permits(origin: "https://localhost:1313") && !policy.permits(origin: "http://localhost:1313/x"))
    }

    /// Listening everywhere, the machine's own addresses reach it as typed;
    /// names still need `--allow-host`. On port 80 a browser sends no port.
    @Test func everyAddressAndTheDefaultPort() {
        let everywhere = HostPolicy(address: "0.0.0.0", port: 80, allowed: [])
        #expect(everywhere.permits(host: "10.1.2.3") && everywhere.permits(host: "10.1.2.3:80"))
        #expect(!everywhere.permits(host: "printer.local") && !everywhere.permits(host: "10.1.2.300"))
        #expect(!everywhere.permits(host: "1.2.3") && !everywhere.permits(host: "0x7f.0.0.1"))
        #expect(HostPolicy.isHostName("reviews.internal") && HostPolicy.isHostName("[fe80::1]"))
        #expect(
            !HostPolicy.isHostName("evil.test:80") && !HostPolicy.isHostName("http://x") && !HostPolicy.isHostName(""))
    }
}
