import Foundation
import KubeModel
import Testing

@testable import APIServer

@Suite struct ContinueTokenTests {
    @Test func roundTripsInKubeAPIServersFormat() throws {
        let token = ContinueToken(revision: 42, start: "default/web\u{0}")
        let decoded = try #require(Data(base64Encoded: token.encoded))
        #expect(String(decoding: decoded, as: UTF8.self) == #"{"v":"meta.k8s.io/v1","rv":42,"start":"default/web\u0000"}"#)
        #expect(try ContinueToken(parsing: token.encoded) == token)
    }

    @Test func refusesTokensThatAreNotOurs() {
        for bad in ["", "not base64!", Data(#"{"v":"x","rv":1,"start":"a"}"#.utf8).base64EncodedString(),
                    Data(#"{"v":"meta.k8s.io/v1","rv":1,"start":"/etc"}"#.utf8).base64EncodedString(),
                    Data(#"{"v":"meta.k8s.io/v1","rv":0,"start":"a"}"#.utf8).base64EncodedString()] {
            #expect(throws: StatusError.self) { try ContinueToken(parsing: bad) }
        }
    }
}
