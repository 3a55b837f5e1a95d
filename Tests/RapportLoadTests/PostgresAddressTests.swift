import RapportLoad
import Testing

/// Addresses read as libpq reads them, and the password found as libpq
/// finds it (https://www.postgresql.org/docs/15/libpq-connect.html,
/// libpq-pgpass.html).
@Suite struct PostgresAddressTests {
    @Test func readsEveryPartOfAnAddress() throws {
        let address = try PostgresAddress(
            "postgresql://sales%40ops@db.internal:6543/crm?sslmode=require", environment: [:])
        #expect(address.user == "sales@ops")
        #expect(address.host == "db.internal")
        #expect(address.port == 6543)
        #expect(address.database == "crm")
        #expect(address.tls == .require)
    }

    @Test func fillsWhatTheAddressLeavesOutFromTheEnvironmentAsLibpqDoes() throws {
        let address = try PostgresAddress("postgres://", environment: ["PGUSER": "ana", "PGPORT": "5433"])
        #expect(address.user == "ana" && address.database == "ana")
        #expect(address.host == "localhost" && address.port == 5433 && address.tls == .prefer)
        let socket = try PostgresAddress("postgresql://ana@/crm?host=/run/postgresql", environment: [:])
        #expect(
            socket.host == "/run/postgresql" && socket.display == "postgresql://ana@/crm?host=/run/postgresql&port=5432"
        )
    }

    @Test func refusesAPasswordAndAMalformedAddress() {
        #expect(PostgresAddress.hasPassword("postgresql://ana:secret@db/crm"))
        #expect(PostgresAddress.hasPassword("postgresql://ana@db/crm?password=secret"))
        #expect(!PostgresAddress.hasPassword("postgresql://ana@db:5432/crm"))
        #expect(throws: PostgresAddress.Problem.malformed("the address holds a password")) {
            try PostgresAddress("postgresql://ana:secret@db/crm", environment: [:])
        }
        #expect(throws: PostgresAddress.Problem.malformed("port 'x' is not a number from 1 to 65535")) {
            try PostgresAddress("postgresql://ana@db:x/crm", environment: [:])
        }
    }

    @Test func findsThePasswordAsLibpqDoes() throws {
        let address = try PostgresAddress("postgresql://ana@db:5432/crm", environment: [:])
        let file = """
            # comment
            other:5432:crm:ana:wrong
            db:5432:crm:ana:pa\\:ss\\\\word
            *:*:*:*:fallback
            """
        let read: (String) -> String? = { $0 == "/home/ana/.pgpass" ? file : nil }
        #expect(address.password(environment: ["PGPASSWORD": "env"], readFile: read) == "env")
        #expect(address.password(environment: ["HOME": "/home/ana"], readFile: read) == "pa:ss\\word")
        let other = try PostgresAddress("postgresql://bob@db:5432/crm", environment: [:])
        #expect(other.password(environment: ["HOME": "/home/ana"], readFile: read) == "fallback")
        #expect(other.password(environment: ["PGPASSFILE": "/nowhere"], readFile: read) == nil)
    }
}
