import NIOCore
import Testing

@testable import WharfGRPC

@Suite struct MessageDeframerTests {
    private func framed(_ payloads: [[UInt8]], compressed: Bool = false) -> ByteBuffer {
        var buffer = ByteBuffer()
        for payload in payloads {
            buffer.writeInteger(UInt8(compressed ? 1 : 0))
            buffer.writeInteger(UInt32(payload.count))
            buffer.writeBytes(payload)
        }
        return buffer
    }

    @Test func cutsSeveralMessagesOutOfOneBuffer() throws {
        var deframer = MessageDeframer(limit: 100)
        let messages = try deframer.append(framed([[1, 2, 3], [], [4]]))
        #expect(messages.map { Array($0.readableBytesView) } == [[1, 2, 3], [], [4]])
        #expect(!deframer.hasPartialMessage)
    }

    @Test func joinsAMessageSplitAtEveryByte() throws {
        var deframer = MessageDeframer(limit: 100)
        let whole = framed([[9, 8, 7, 6, 5], [1]])
        var received: [[UInt8]] = []
        for index in 0..<whole.readableBytes {
            let byte = whole.getSlice(at: index, length: 1)!
            received += try deframer.append(byte).map { Array($0.readableBytesView) }
            if index < 9 { #expect(received.isEmpty) }
        }
        #expect(received == [[9, 8, 7, 6, 5], [1]])
        #expect(!deframer.hasPartialMessage)
    }

    @Test func keepsAPartialMessage() throws {
        var deframer = MessageDeframer(limit: 100)
        var buffer = framed([[1, 2, 3, 4]])
        buffer.moveWriterIndex(to: buffer.writerIndex - 2)
        #expect(try deframer.append(buffer).isEmpty)
        #expect(deframer.hasPartialMessage)
    }

    @Test func refusesAMessageOverTheLimitFromItsPrefix() {
        var deframer = MessageDeframer(limit: 4)
        var prefixOnly = ByteBuffer()
        prefixOnly.writeInteger(UInt8(0))
        prefixOnly.writeInteger(UInt32(5))
        #expect(throws: MessageDeframer.Failure.tooLarge(length: 5, limit: 4)) { try deframer.append(prefixOnly) }
    }

    @Test func refusesCompressedMessages() {
        var deframer = MessageDeframer(limit: 100)
        #expect(throws: MessageDeframer.Failure.compressed) { try deframer.append(framed([[1]], compressed: true)) }
    }
}

@Suite struct GRPCMessageTextTests {
    @Test func leavesPrintableASCIIAlone() {
        #expect(GRPCMessageText.percentEncoded("etcdserver: key is not provided") == "etcdserver: key is not provided")
    }

    @Test func encodesPercentNewlineAndUTF8AndDecodesBack() {
        let message = "100% done\nnaïve"
        let encoded = GRPCMessageText.percentEncoded(message)
        #expect(encoded == "100%25 done%0Ana%C3%AFve")
        #expect(GRPCMessageText.percentDecoded(encoded) == message)
    }
}
