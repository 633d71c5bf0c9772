import CEL
import KubeModel

/// A pod's total requests and limits as kube's resource helpers (`PodRequests`, `PodLimits`) sum
/// them: the app containers and sidecars (init containers with `restartPolicy: Always`) add up,
/// each other init container counts with the sidecars started before it, the larger of the two
/// wins per resource, and `spec.overhead` is added.
enum PodResources {
    /// The pod's effective requests.
    static func requests(_ pod: JSONValue) -> ResourceList {
        Self.total(pod, "requests", overheadForEveryResource: true)
    }

    /// The pod's effective limits (overhead only where a limit is set).
    static func limits(_ pod: JSONValue) -> ResourceList {
        Self.total(pod, "limits", overheadForEveryResource: false)
    }

    /// The containers of `field` (`containers`, `initContainers`) of a pod.
    static func containers(_ pod: JSONValue, _ field: String) -> [JSONValue] {
        pod["spec"]?[field]?.arrayValue ?? []
    }

    private static func total(_ pod: JSONValue, _ kind: String, overheadForEveryResource: Bool) -> ResourceList {
        var total = ResourceList()
        for container in Self.containers(pod, "containers") {
            total = total.adding(ResourceList(container["resources"]?[kind]))
        }
        var sidecars = ResourceList()
        var initPeak = ResourceList()
        for container in Self.containers(pod, "initContainers") {
            var amounts = ResourceList(container["resources"]?[kind])
            if container["restartPolicy"]?.stringValue == "Always" {
                total = total.adding(amounts)
                sidecars = sidecars.adding(amounts)
                amounts = sidecars
            } else {
                amounts = amounts.adding(sidecars)
            }
            initPeak = initPeak.maximum(amounts)
        }
        total = total.maximum(initPeak)
        let overhead = ResourceList(pod["spec"]?["overhead"])
        for (name, amount) in overhead.amounts where overheadForEveryResource || total[name] != nil {
            total[name] = total[name].map { $0 + amount } ?? amount
        }
        return total
    }
}
