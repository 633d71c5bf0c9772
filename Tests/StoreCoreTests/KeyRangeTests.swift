import Foundation
import StoreCore
import Testing

@Suite struct KeyRangeTests {
    @Test func prefixEndFollowsEtcd() {
        #expect(KeyRange.prefixEnd(Data("aa".utf8)) == Data("ab".utf8))
        #expect(KeyRange.prefixEnd(Data([0x61, 0xff])) == Data([0x62]))
        #expect(KeyRange.prefixEnd(Data([0xff, 0xff])) == Data([0]))
    }

    @Test func containment() {
        let prefix = KeyRange.prefix(Data("a/".utf8))
        #expect(prefix.contains(Data("a/x".utf8)))
        #expect(!prefix.contains(Data("b".utf8)))
        let all = KeyRange(key: Data([0]), rangeEnd: Data([0]))
        #expect(all.contains(Data("anything".utf8)))
        #expect(KeyRange(key: Data("b".utf8), rangeEnd: Data("a".utf8)).isEmpty)
    }
}
