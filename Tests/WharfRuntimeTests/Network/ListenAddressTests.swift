import Testing
import WharfRuntime

@Suite struct ListenAddressTests {
    @Test(arguments: [
        ("http://127.0.0.1:2379", ListenAddress(scheme: .http, host: "127.0.0.1", port: 2379)),
        ("https://[::1]:2379", ListenAddress(scheme: .https, host: "::1", port: 2379)),
        ("HTTP://localhost:0", ListenAddress(scheme: .http, host: "localhost", port: 0)),
        ("  http://0.0.0.0:2381/ ", ListenAddress(scheme: .http, host: "0.0.0.0", port: 2381)),
        ("https://[fe80::1%25eth0]:65535", ListenAddress(scheme: .https, host: "fe80::1%eth0", port: 65535)),
    ])
    func parsesValidURLs(url: String, expected: ListenAddress) throws {
        #expect(try ListenAddress(parsing: url) == expected)
    }

    @Test(arguments: [
        ("", ListenAddressError.empty),
        ("127.0.0.1:2379", .missingScheme("127.0.0.1:2379")),
        ("://127.0.0.1:2379", .missingScheme("://127.0.0.1:2379")),
        ("ftp://h:1", .unsupportedScheme("ftp", url: "ftp://h:1")),
        ("unix:///var/run/etcd.sock", .unixSocketNotSupported("unix:///var/run/etcd.sock")),
        ("unixs://etcd.sock:0", .unixSocketNotSupported("unixs://etcd.sock:0")),
        ("http://:2379", .missingHost("http://:2379")),
        ("http://127.0.0.1", .missingPort("http://127.0.0.1")),
        ("https://[::1]", .missingPort("https://[::1]")),
        ("http://h:", .invalidPort("", url: "http://h:")),
        ("http://h:65536", .invalidPort("65536", url: "http://h:65536")),
        ("http://h:-1", .invalidPort("-1", url: "http://h:-1")),
        ("http://h:12ab", .invalidPort("12ab", url: "http://h:12ab")),
        ("http://::1:2379", .invalidHost("::1", url: "http://::1:2379")),
        ("http://[::1:2379", .invalidHost("[::1:2379", url: "http://[::1:2379")),
        ("http://[abc]:1", .invalidHost("abc", url: "http://[abc]:1")),
        ("http://h:1/path", .unexpectedComponent("/path", url: "http://h:1/path")),
        ("http://user@h:1", .unexpectedComponent("@h:1", url: "http://user@h:1")),
        ("http://h:1?x=y", .unexpectedComponent("?x=y", url: "http://h:1?x=y")),
    ])
    func rejectsInvalidURLs(url: String, expected: ListenAddressError) {
        #expect(throws: expected) {
            try ListenAddress(parsing: url)
        }
    }

    @Test func describesIPv6InBrackets() throws {
        let address = try ListenAddress(parsing: "https://[::1]:2379")
        #expect(address.description == "https://[::1]:2379")
        #expect(address.hostAndPort == "[::1]:2379")
        #expect(address.scheme.usesTLS)
        #expect(try ListenAddress(parsing: "https://[fe80::1%25eth0]:1").description == "https://[fe80::1%25eth0]:1")
        #expect(ListenAddress(scheme: .http, host: "10.0.0.1", port: 80).description == "http://10.0.0.1:80")
    }

    @Test func parsesCommaSeparatedLists() throws {
        let addresses = try ListenAddress.parseList("http://127.0.0.1:2379, https://[::1]:2379")
        #expect(addresses.map(\.description) == ["http://127.0.0.1:2379", "https://[::1]:2379"])

        #expect(throws: ListenAddressError.empty) { try ListenAddress.parseList("") }
        #expect(throws: ListenAddressError.empty) { try ListenAddress.parseList("http://a:1,,http://b:2") }
        #expect(throws: ListenAddressError.duplicate("http://a:1")) {
            try ListenAddress.parseList("http://a:1,http://a:1/")
        }
        #expect(throws: ListenAddressError.missingPort("http://b")) { try ListenAddress.parseList("http://a:1,http://b") }
    }

    @Test func errorsReadAsSentences() {
        #expect(
            ListenAddressError.unixSocketNotSupported("unix://x").description
                == "listen URL \"unix://x\" is a Unix domain socket, which is not supported; use http or https"
        )
        #expect(
            ListenAddressError.missingPort("http://h").description
                == "listen URL \"http://h\" does not have the form \"host:port\""
        )
    }
}
