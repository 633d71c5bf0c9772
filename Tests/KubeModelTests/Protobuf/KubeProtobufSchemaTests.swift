import Testing

@testable import KubeModel

/// The generated schema hangs together, and the decoder reads every protobuf scalar type.
@Suite struct KubeProtobufSchemaTests {
    private let schema = KubeProtobufSchema.builtin

    @Test func everyReferencedMessageExists() {
        func missing(_ type: KubeProtobufFieldType) -> [String] {
            switch type {
            case .scalar: return []
            case .message(let name): return self.schema.messages[name] == nil ? [name] : []
            case .map(_, let value): return missing(value)
            }
        }
        let references = self.schema.messages.values.flatMap { $0.fields.flatMap { missing($0.type) } }
        #expect(references.isEmpty)
        #expect(self.schema.messages.count > 500)
    }

    @Test func everyStableGroupHasKinds() {
        for package in KubeProtobufSchema.groupPackages.values {
            #expect(
                self.schema.messages.values.contains { $0.isKind && $0.name.hasPrefix(package + ".") }, "\(package)")
        }
        #expect(self.schema.kind(apiVersion: "v1", kind: "Pod")?.name == "k8s.io.api.core.v1.Pod")
        #expect(self.schema.kind(apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler") != nil)
        #expect(
            self.schema.kind(apiVersion: "flowcontrol.apiserver.k8s.io/v1", kind: "FlowSchema")?.name
                == "k8s.io.api.flowcontrol.v1.FlowSchema"
        )
        #expect(self.schema.kind(apiVersion: "meta.k8s.io/v1", kind: "Status") != nil)
    }

    @Test func everyScalarType() throws {
        let schema = KubeProtobufSchema(
            parsing: """
                @test
                Scalars
                 1 sint32 sint32
                 2 sint64 sint64
                 3 fixed32 fixed32
                 4 fixed64 fixed64
                 5 sfixed32 sfixed32
                 6 sfixed64 sfixed64
                 7 uint32 uint32
                 8 uint64 uint64
                 9 float float
                 10 double double
                 11 packed int32 r
                 12 int32 int32
                 13 zero double o
                """
        )
        let message = ProtobufTestWriter()
            .varint(1, 5)  // zigzag -3
            .varint(2, 1)  // zigzag -1
            .fixed(3, 4_294_967_295, width: 4)
            .fixed(4, .max, width: 8)
            .fixed(5, UInt64(UInt32(bitPattern: -2)), width: 4)
            .fixed(6, UInt64(bitPattern: -5), width: 8)
            .varint(7, 1 << 32 | 7)  // only the low 32 bits count
            .varint(8, 1 << 63)
            .fixed(9, UInt64(Float(1.5).bitPattern), width: 4)
            .fixed(10, 2.0.bitPattern, width: 8)
            .bytes(11, [0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0xAC, 0x02])
            .varint(11, 4)
            .varint(12, UInt64(bitPattern: -1))
            .fixed(13, 0.0.bitPattern, width: 8)
            .bytes
        let decoder = KubeProtobufDecoder(schema: schema, bytes: message)
        let scalars = try #require(schema.messages["test.Scalars"])
        let expected: JSONValue = [
            "sint32": -3, "sint64": -1, "fixed32": 4_294_967_295, "fixed64": .double(Double(UInt64.max)),
            "sfixed32": -2, "sfixed64": -5, "uint32": 7, "uint64": .double(9_223_372_036_854_775_808),
            "float": 1.5, "double": 2, "packed": [1, -1, 300, 4], "int32": -1,
        ]
        #expect(try decoder.value(of: scalars, in: message.indices, depth: 0) == expected)
        let infinity = ProtobufTestWriter().fixed(10, Double.infinity.bitPattern, width: 8).bytes
        let error = KubeProtobufError.malformed(message: "test.Scalars", field: 10, reason: "inf has no JSON form")
        #expect(throws: error) {
            try KubeProtobufDecoder(schema: schema, bytes: infinity).value(of: scalars, in: infinity.indices, depth: 0)
        }
    }
}
