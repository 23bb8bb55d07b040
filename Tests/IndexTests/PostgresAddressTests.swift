import PalimpsestIndex
import Testing

/// Reading `postgres://` addresses, which needs no server.
@Suite struct PostgresAddressTests {
    @Test func anAddressIsReadWithItsDefaults() throws {
        let address = try PostgresAddress("postgres://news:s3cret@db.example:6543/archive?schema=wire_2026&sslmode=require")
        #expect(address.host == "db.example")
        #expect(address.port == 6543)
        #expect(address.user == "news")
        #expect(address.password == "s3cret")
        #expect(address.database == "archive")
        #expect(address.schema == "wire_2026")
        #expect(address.tls == .require)
        #expect(address.description == "postgres://news@db.example:6543/archive?schema=wire_2026&sslmode=require")
        let plain = try PostgresAddress("postgresql://news@127.0.0.1/archive")
        #expect(plain.port == 5432)
        #expect(plain.schema == PostgresAddress.defaultSchema)
        #expect(plain.tls == .disable)
        #expect(try IndexAddress("archive/news.sqlite") == .file("archive/news.sqlite"))
    }

    @Test(arguments: [
        "postgres://news:s3cret@/archive",
        "postgres://news:s3cret@db.example/",
        "postgres://news:s3cret@db.example/archive?schema=Wire",
        "postgres://news:s3cret@db.example/archive?schema=pg_catalog",
        "postgres://news:s3cret@db.example/archive?schema=a;drop",
        "postgres://news:s3cret@db.example/archive?sslmode=verify",
        "postgres://news:s3cret@db.example/archive?timeout=5",
    ])
    func aMalformedAddressIsRefusedWithoutShowingThePassword(_ url: String) {
        #expect {
            _ = try PostgresAddress(url)
        } throws: { error in
            guard case .unsupported(let message) = error as? IndexError else { return false }
            return !message.contains("s3cret") && message.contains("news:…@")
        }
    }

    @Test func passwordsAreRedactedEvenWhereTheURLCannotBeRead() {
        #expect(PostgresAddress.redacted("postgres://news:a b@c@db.example/archive") == "postgres://news:…@db.example/archive")
        #expect(PostgresAddress.redacted("postgres://news@db.example/archive") == "postgres://news@db.example/archive")
        #expect(PostgresAddress.redacted("index.sqlite") == "index.sqlite")
    }
}
