import Testing

@testable import KubeModel

@Suite struct EventVersionConverterTests {
    private let converter = EventVersionConverter()

    /// A core `v1` event with every field set, as Go writes it.
    static let core = json(#"""
        {"kind":"Event","apiVersion":"v1","metadata":{"name":"web.1","namespace":"default","labels":{"a":"b"}},
         "involvedObject":{"kind":"Pod","namespace":"default","name":"web","uid":"u-1","apiVersion":"v1","resourceVersion":"7","fieldPath":"spec.containers{app}"},
         "reason":"Started","message":"Started container app","source":{"component":"kubelet","host":"node-1"},
         "firstTimestamp":"2025-01-01T00:00:00Z","lastTimestamp":"2025-01-01T00:05:00Z","count":3,"type":"Normal",
         "eventTime":"2025-01-01T00:00:00.000001Z","series":{"count":2,"lastObservedTime":"2025-01-01T00:04:00.000002Z"},
         "action":"Starting","related":{"kind":"Node","name":"node-1"},
         "reportingComponent":"kubelet","reportingInstance":"node-1"}
        """#)

    /// The same event as `events.k8s.io/v1`.
    static let events = json(#"""
        {"kind":"Event","apiVersion":"events.k8s.io/v1","metadata":{"name":"web.1","namespace":"default","labels":{"a":"b"}},
         "eventTime":"2025-01-01T00:00:00.000001Z","series":{"count":2,"lastObservedTime":"2025-01-01T00:04:00.000002Z"},
         "reportingController":"kubelet","reportingInstance":"node-1","action":"Starting","reason":"Started",
         "regarding":{"kind":"Pod","namespace":"default","name":"web","uid":"u-1","apiVersion":"v1","resourceVersion":"7","fieldPath":"spec.containers{app}"},
         "related":{"kind":"Node","name":"node-1"},"note":"Started container app","type":"Normal",
         "deprecatedSource":{"component":"kubelet","host":"node-1"},
         "deprecatedFirstTimestamp":"2025-01-01T00:00:00Z","deprecatedLastTimestamp":"2025-01-01T00:05:00Z","deprecatedCount":3}
        """#)

    @Test func coreEventsReadAsEventsK8sIOWithKubernetesFieldMapping() {
        let converted = self.converter.fromStorage(Self.core)
        #expect(converted == Self.events)
        #expect(converted.objectValue?.keys == Self.events.objectValue?.keys)  // Go's field order
    }

    @Test func eventsK8sIOEventsAreStoredInTheCoreShape() {
        let converted = self.converter.toStorage(Self.events)
        #expect(converted == Self.core)
        #expect(converted.objectValue?.keys == Self.core.objectValue?.keys)
    }

    @Test func roundTripsKeepEveryField() {
        #expect(self.converter.toStorage(self.converter.fromStorage(Self.core)) == Self.core)
        #expect(self.converter.fromStorage(self.converter.toStorage(Self.events)) == Self.events)
    }

    @Test func missingFieldsGetTheZeroValuesGoWrites() {
        let sparse = json(#"{"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"e"},"eventTime":"2025-01-01T00:00:00.000000Z","reason":"R","note":"n","series":{"count":0}}"#)
        let core = self.converter.toStorage(sparse)
        #expect(core == json(#"""
            {"kind":"Event","apiVersion":"v1","metadata":{"name":"e"},"involvedObject":{},"reason":"R","message":"n","source":{},
             "firstTimestamp":null,"lastTimestamp":null,"eventTime":"2025-01-01T00:00:00.000000Z","series":{"lastObservedTime":null},
             "reportingComponent":"","reportingInstance":""}
            """#))
        let back = self.converter.fromStorage(core)
        #expect(back == json(#"""
            {"kind":"Event","apiVersion":"events.k8s.io/v1","metadata":{"name":"e"},"eventTime":"2025-01-01T00:00:00.000000Z",
             "series":{"count":0,"lastObservedTime":null},"reason":"R","regarding":{},"note":"n","deprecatedSource":{},
             "deprecatedFirstTimestamp":null,"deprecatedLastTimestamp":null}
            """#))
    }

    @Test func reportingControllerComesOnlyFromReportingComponent() {
        // kube-apiserver maps the field, nothing more: source.component stays in deprecatedSource.
        let core = json(#"{"apiVersion":"v1","kind":"Event","metadata":{"name":"e"},"source":{"component":"kubelet"}}"#)
        let served = self.converter.fromStorage(core)
        #expect(served["reportingController"] == nil)
        #expect(served["deprecatedSource"] == ["component": "kubelet"])
    }
}

/// Parses JSON text in tests.
func json(_ text: String) -> JSONValue {
    do {
        return try JSONParser.parse(Array(text.utf8))
    } catch {
        Issue.record("bad test JSON: \(error)")
        return nil
    }
}
