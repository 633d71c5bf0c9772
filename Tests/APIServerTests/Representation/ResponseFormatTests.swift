import Testing

@testable import APIServer

/// Negotiating the response format from `Accept` headers, as kube-apiserver negotiates it.
@Suite struct ResponseFormatTests {
    private static let protobuf = "application/vnd.kubernetes.protobuf"

    @Test func jsonIsTheDefault() {
        for accept in ["", "*/*", "application/json", "text/html", "application/json;q=0.5, text/plain"] {
            #expect(ResponseFormat(accept: accept, protobuf: true) == .json, "\(accept)")
        }
    }

    @Test func clientGoProtobufAcceptGetsProtobufForBuiltinKinds() {
        let accept = "\(Self.protobuf), */*"
        #expect(ResponseFormat(accept: accept, protobuf: true) == ResponseFormat(representation: .object, isProtobuf: true))
        #expect(ResponseFormat(accept: accept, protobuf: false) == .json)
    }

    @Test func qualityOrdersMediaRanges() {
        let accept = "application/json;q=0.5, \(Self.protobuf);q=0.9"
        #expect(ResponseFormat(accept: accept, protobuf: true)?.isProtobuf == true)
        #expect(ResponseFormat(accept: "\(Self.protobuf);q=0, application/json", protobuf: true) == .json)
        #expect(ResponseFormat(accept: "application/json;q=0.1, \(Self.protobuf)", protobuf: false) == .json)
    }

    @Test func protobufOnlyForAKindWithoutProtobufIsNotAcceptable() {
        #expect(ResponseFormat(accept: Self.protobuf, protobuf: false) == nil)
        #expect(ResponseFormat(accept: "\(Self.protobuf);stream=watch", protobuf: false) == nil)
    }

    @Test func tablesStayJSONAndPartialObjectMetadataHasProtobuf() {
        let table = "\(Self.protobuf);as=Table;v=v1;g=meta.k8s.io, application/json;as=Table;v=v1;g=meta.k8s.io, application/json"
        #expect(ResponseFormat(accept: table, protobuf: true) == ResponseFormat(representation: .table, isProtobuf: false))
        let metadata = "\(Self.protobuf);as=PartialObjectMetadataList;g=meta.k8s.io;v=v1, application/json"
        #expect(
            ResponseFormat(accept: metadata, protobuf: false)
                == ResponseFormat(representation: .partialObjectMetadata, isProtobuf: true)
        )
    }
}
