import Testing

@testable import KubeModel

@Suite struct HorizontalPodAutoscalerVersionConverterTests {
    private let converter = HorizontalPodAutoscalerVersionConverter()
    private typealias Converter = HorizontalPodAutoscalerVersionConverter

    /// An `autoscaling/v2` HPA using every metric source, a behavior, current metrics and
    /// conditions; the CPU utilization metric comes last, where a trip through v1 puts it.
    static let v2 = json(#"""
        {"kind":"HorizontalPodAutoscaler","apiVersion":"autoscaling/v2",
         "metadata":{"name":"web","namespace":"default","annotations":{"team":"a"}},
         "spec":{"scaleTargetRef":{"kind":"Deployment","name":"web","apiVersion":"apps/v1"},"minReplicas":2,"maxReplicas":10,
          "metrics":[
           {"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"500Mi"}}},
           {"type":"Pods","pods":{"metric":{"name":"packets","selector":{"matchLabels":{"x":"y"}}},"target":{"type":"AverageValue","averageValue":"1k"}}},
           {"type":"Object","object":{"describedObject":{"kind":"Ingress","name":"main","apiVersion":"networking.k8s.io/v1"},"target":{"type":"Value","value":"10k"},"metric":{"name":"requests"}}},
           {"type":"External","external":{"metric":{"name":"queue","selector":{"matchLabels":{"q":"jobs"}}},"target":{"type":"AverageValue","averageValue":"30"}}},
           {"type":"ContainerResource","containerResource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":70},"container":"app"}},
           {"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":50}}}],
          "behavior":{"scaleUp":{"stabilizationWindowSeconds":0,"selectPolicy":"Max","policies":[{"type":"Pods","value":4,"periodSeconds":15}]},
           "scaleDown":{"stabilizationWindowSeconds":300,"policies":[{"type":"Percent","value":100,"periodSeconds":15}]}}},
         "status":{"observedGeneration":3,"lastScaleTime":"2025-01-01T00:00:00Z","currentReplicas":4,"desiredReplicas":5,
          "currentMetrics":[
           {"type":"Resource","resource":{"name":"cpu","current":{"averageValue":"120m","averageUtilization":60}}},
           {"type":"Pods","pods":{"metric":{"name":"packets"},"current":{"averageValue":"900"}}},
           {"type":"Object","object":{"metric":{"name":"requests"},"current":{"value":"9k"},"describedObject":{"kind":"Ingress","name":"main","apiVersion":"networking.k8s.io/v1"}}},
           {"type":"External","external":{"metric":{"name":"queue"},"current":{"value":"0","averageValue":"25"}}}],
          "conditions":[{"type":"AbleToScale","status":"True","lastTransitionTime":"2025-01-01T00:00:00Z","reason":"ReadyForNewScale","message":"ok"}]}}
        """#)

    @Test func v2ReadsAsV1WithTheRestInAnnotations() throws {
        let v1 = self.converter.fromStorage(Self.v2)
        #expect(v1["apiVersion"] == "autoscaling/v1")
        #expect(v1["spec"] == json(#"{"scaleTargetRef":{"kind":"Deployment","name":"web","apiVersion":"apps/v1"},"minReplicas":2,"maxReplicas":10,"targetCPUUtilizationPercentage":50}"#))
        #expect(v1["status"] == json(#"{"observedGeneration":3,"lastScaleTime":"2025-01-01T00:00:00Z","currentReplicas":4,"desiredReplicas":5,"currentCPUUtilizationPercentage":60}"#))
        let annotations = v1.annotations
        #expect(annotations["team"] == "a")
        #expect(json(try #require(annotations[Converter.metricsAnnotation])) == json(#"""
            [{"type":"Resource","resource":{"name":"memory","targetAverageValue":"500Mi"}},
             {"type":"Pods","pods":{"metricName":"packets","targetAverageValue":"1k","selector":{"matchLabels":{"x":"y"}}}},
             {"type":"Object","object":{"target":{"kind":"Ingress","name":"main","apiVersion":"networking.k8s.io/v1"},"metricName":"requests","targetValue":"10k"}},
             {"type":"External","external":{"metricName":"queue","metricSelector":{"matchLabels":{"q":"jobs"}},"targetAverageValue":"30"}},
             {"type":"ContainerResource","containerResource":{"name":"cpu","targetAverageUtilization":70,"container":"app"}}]
            """#))
        #expect(json(try #require(annotations[Converter.currentMetricsAnnotation])) == json(#"""
            [{"type":"Resource","resource":{"name":"cpu","currentAverageUtilization":60,"currentAverageValue":"120m"}},
             {"type":"Pods","pods":{"metricName":"packets","currentAverageValue":"900"}},
             {"type":"Object","object":{"target":{"kind":"Ingress","name":"main","apiVersion":"networking.k8s.io/v1"},"metricName":"requests","currentValue":"9k"}},
             {"type":"External","external":{"metricName":"queue","currentValue":"0","currentAverageValue":"25"}}]
            """#))
        #expect(json(try #require(annotations[Converter.conditionsAnnotation])) == Self.v2["status"]?["conditions"])
        // kube-apiserver writes the behavior with the Go field names of its internal type.
        #expect(try #require(annotations[Converter.behaviorAnnotation]) == #"{"ScaleUp":{"StabilizationWindowSeconds":0,"SelectPolicy":"Max","Policies":[{"Type":"Pods","Value":4,"PeriodSeconds":15}],"Tolerance":null},"ScaleDown":{"StabilizationWindowSeconds":300,"SelectPolicy":null,"Policies":[{"Type":"Percent","Value":100,"PeriodSeconds":15}],"Tolerance":null}}"#)
    }

    @Test func v2SurvivesATripThroughV1() {
        #expect(self.converter.toStorage(self.converter.fromStorage(Self.v2)) == Self.v2)
    }

    @Test func theCPUMetricMovesAfterTheOthersAsInKubernetes() throws {
        var v2 = Self.v2
        var metrics = try #require(v2["spec"]?["metrics"]?.arrayValue)
        metrics.insert(metrics.removeLast(), at: 0)
        v2["spec"]?["metrics"] = .array(metrics)
        #expect(self.converter.toStorage(self.converter.fromStorage(v2)) == Self.v2)
    }

    @Test func v1SurvivesATripThroughV2() {
        let v1 = json(#"""
            {"kind":"HorizontalPodAutoscaler","apiVersion":"autoscaling/v1","metadata":{"name":"web","namespace":"default"},
             "spec":{"scaleTargetRef":{"kind":"Deployment","name":"web","apiVersion":"apps/v1"},"minReplicas":1,"maxReplicas":5,"targetCPUUtilizationPercentage":75},
             "status":{"observedGeneration":1,"currentReplicas":2,"desiredReplicas":3}}
            """#)
        let v2 = self.converter.toStorage(v1)
        #expect(v2["spec"]?["metrics"] == json(#"[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":75}}}]"#))
        #expect(v2["status"] == json(#"{"observedGeneration":1,"currentReplicas":2,"desiredReplicas":3}"#))
        #expect(self.converter.fromStorage(v2) == v1)
    }

    @Test func v1AnnotationsComeBackAsV2FieldsAndAreRemoved() throws {
        let v1 = self.converter.fromStorage(Self.v2)
        let v2 = self.converter.toStorage(v1)
        #expect(v2.annotations == ["team": "a"])
        #expect(v2["spec"]?["behavior"] == Self.v2["spec"]?["behavior"])
        #expect(v2["status"]?["conditions"] == Self.v2["status"]?["conditions"])
        // Behavior annotations other writers produce with JSON field names are read too.
        var lowerCase = v1
        lowerCase["metadata"]?["annotations"]?[Converter.behaviorAnnotation] = #"{"scaleDown":{"selectPolicy":"Min"}}"#
        #expect(self.converter.toStorage(lowerCase)["spec"]?["behavior"] == ["scaleDown": ["selectPolicy": "Min"]])
    }

    @Test func aV1ObjectWithoutMetricsGetsTheDefaultCPUTarget() {
        let v1 = json(#"{"kind":"HorizontalPodAutoscaler","apiVersion":"autoscaling/v1","metadata":{"name":"h"},"spec":{"scaleTargetRef":{"kind":"Deployment","name":"d"},"maxReplicas":3}}"#)
        let v2 = self.converter.toStorage(v1)
        #expect(v2["spec"]?["metrics"] == json(#"[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":80}}}]"#))
        #expect(v2["status"] == ["desiredReplicas": 0])
        #expect(self.converter.fromStorage(v2)["status"] == ["currentReplicas": 0, "desiredReplicas": 0])
    }

    @Test func malformedAnnotationsAreIgnoredAndDropped() {
        let v1 = json(#"""
            {"kind":"HorizontalPodAutoscaler","apiVersion":"autoscaling/v1",
             "metadata":{"name":"h","annotations":{"autoscaling.alpha.kubernetes.io/metrics":"[{","autoscaling.alpha.kubernetes.io/conditions":"nope"}},
             "spec":{"scaleTargetRef":{"kind":"Deployment","name":"d"},"maxReplicas":3,"targetCPUUtilizationPercentage":40},
             "status":{"currentReplicas":1,"desiredReplicas":1,"currentCPUUtilizationPercentage":20}}
            """#)
        let v2 = self.converter.toStorage(v1)
        #expect(v2["metadata"] == ["name": "h"])
        #expect(v2["spec"]?["metrics"]?.arrayValue?.count == 1)
        #expect(v2["status"]?["currentMetrics"] == json(#"[{"type":"Resource","resource":{"name":"cpu","current":{"averageUtilization":20}}}]"#))
        #expect(v2["status"]?["conditions"] == nil)
    }
}
