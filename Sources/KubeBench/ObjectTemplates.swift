/// The request bodies the benchmarks send: ConfigMaps with a value of a chosen size, a Namespace,
/// and a Pod shaped like a typical web workload (two containers with ports, env, resources,
/// probes and a volume; about 1.5 KB as sent, 2.5 KB as listed with defaults and metadata).
enum ObjectTemplates {
    /// Six random lowercase hex digits that keep one run's object names apart from another's.
    static func runToken() -> String {
        let value = UInt32.random(in: 0..<(1 << 24))
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 6 - hex.count) + hex
    }

    /// The label every benchmark object carries.
    static let label = #""app.kubernetes.io/managed-by":"wharf-bench""#
    /// A label selector (query-encoded) for the objects carrying ``label``.
    static let labelSelector = "app.kubernetes.io%2Fmanaged-by%3Dwharf-bench"

    /// A Namespace.
    static func namespace(_ name: String) -> [UInt8] {
        Array(#"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"\#(name)","labels":{\#(label)}}}"#.utf8)
    }

    /// A ConfigMap whose one data value is `valueSize` bytes; with a `resourceVersion` it is an
    /// update conditioned on it, and `generation` changes the value so every update is a real change.
    static func configMap(
        name: String, namespace: String, valueSize: Int, generation: Int = 0, resourceVersion: String? = nil
    ) -> [UInt8] {
        let stamp = String(generation)
        let value = stamp + String(repeating: "x", count: max(0, valueSize - stamp.count))
        let version = resourceVersion.map { #","resourceVersion":"\#($0)""# } ?? ""
        return Array(
            #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"\#(name)","namespace":"\#(namespace)"\#(version),"labels":{\#(label)}},"data":{"value":"\#(value)"}}"#
                .utf8)
    }

    /// A Pod of a made-up web deployment.
    static func pod(name: String, namespace: String) -> [UInt8] {
        Array(
            """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"\(name)","namespace":"\(namespace)",\
            "labels":{\(label),"app":"bench-web","tier":"frontend","release":"stable","pod-template-hash":"5d8f7c9b6d"},\
            "annotations":{"prometheus.io/scrape":"true","prometheus.io/port":"9090",\
            "kubernetes.io/description":"wharf bench pod: a typical web frontend with a log shipper"}},\
            "spec":{"containers":[{"name":"web","image":"registry.example.com/team/web-frontend:v1.27.3",\
            "imagePullPolicy":"IfNotPresent","args":["--port=8080","--metrics-port=9090","--config=/etc/web/config.yaml"],\
            "ports":[{"name":"http","containerPort":8080,"protocol":"TCP"},{"name":"metrics","containerPort":9090,"protocol":"TCP"}],\
            "env":[{"name":"LOG_LEVEL","value":"info"},{"name":"POD_NAME","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}},\
            {"name":"POD_NAMESPACE","valueFrom":{"fieldRef":{"fieldPath":"metadata.namespace"}}}],\
            "resources":{"requests":{"cpu":"100m","memory":"128Mi"},"limits":{"cpu":"500m","memory":"256Mi"}},\
            "volumeMounts":[{"name":"config","mountPath":"/etc/web","readOnly":true}],\
            "readinessProbe":{"httpGet":{"path":"/readyz","port":8080},"periodSeconds":5,"failureThreshold":3},\
            "livenessProbe":{"httpGet":{"path":"/healthz","port":8080},"initialDelaySeconds":10,"periodSeconds":10}},\
            {"name":"log-shipper","image":"registry.example.com/infra/log-shipper:2.4.1","imagePullPolicy":"IfNotPresent",\
            "resources":{"requests":{"cpu":"20m","memory":"32Mi"},"limits":{"cpu":"100m","memory":"64Mi"}},\
            "volumeMounts":[{"name":"config","mountPath":"/etc/web","readOnly":true}]}],\
            "volumes":[{"name":"config","configMap":{"name":"web-config"}}],"nodeSelector":{"kubernetes.io/os":"linux"},\
            "tolerations":[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}],\
            "restartPolicy":"Always","terminationGracePeriodSeconds":30}}
            """.utf8)
    }
}
