"""Resources kube-apiserver serves in two versions over one storage location, read and written
through the `kubernetes` client's typed APIs for each version: events (CoreV1Api, EventsV1Api)
and horizontal pod autoscalers (AutoscalingV1Api, AutoscalingV2Api)."""

import datetime
import json

from kubernetes import client

NOW = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)


def pod_reference(namespace, name="web"):
    return client.V1ObjectReference(kind="Pod", namespace=namespace, name=name, api_version="v1")


def test_core_events_read_through_events_k8s_io(core, events, namespace, background_watch):
    start = events.list_namespaced_event(namespace).metadata.resource_version
    watcher = background_watch(events.list_namespaced_event, namespace, start, 1, lambda event: (event["type"], event["object"].note))
    core.create_namespaced_event(namespace, client.CoreV1Event(
        metadata=client.V1ObjectMeta(name="web.1"), involved_object=pod_reference(namespace),
        reason="Started", message="Started container", type="Normal", count=2,
        source=client.V1EventSource(component="kubelet", host="node-1"),
        first_timestamp=NOW, last_timestamp=NOW, event_time=NOW,
        reporting_component="kubelet", reporting_instance="node-1",
    ))
    assert watcher.result() == [("ADDED", "Started container")]

    read = events.read_namespaced_event("web.1", namespace)
    assert read.note == "Started container" and read.reason == "Started" and read.type == "Normal"
    assert read.regarding.name == "web" and read.regarding.kind == "Pod"
    assert read.deprecated_source.component == "kubelet" and read.deprecated_count == 2
    assert read.reporting_controller == "kubelet" and read.reporting_instance == "node-1"
    listed = events.list_namespaced_event(namespace, field_selector="involvedObject.name=web")
    assert [item.note for item in listed.items] == ["Started container"]


def test_events_k8s_io_events_read_through_core(core, events, namespace):
    created = events.create_namespaced_event(namespace, client.EventsV1Event(
        metadata=client.V1ObjectMeta(name="web.2"), event_time=NOW, action="Pulling", reason="Pulling",
        regarding=pod_reference(namespace), note="Pulling image", type="Normal",
        reporting_controller="kubelet", reporting_instance="node-1",
    ))
    assert created.note == "Pulling image"
    read = core.read_namespaced_event("web.2", namespace)
    assert read.message == "Pulling image" and read.involved_object.name == "web"
    assert read.reporting_component == "kubelet" and read.action == "Pulling"
    assert [item.message for item in core.list_namespaced_event(namespace, field_selector="reason=Pulling").items] == ["Pulling image"]

    events.patch_namespaced_event("web.2", namespace, {"note": "Pulled image"})
    assert core.read_namespaced_event("web.2", namespace).message == "Pulled image"


def test_hpas_read_through_either_autoscaling_version(autoscaling_v1, autoscaling_v2, namespace):
    target = client.V2CrossVersionObjectReference(api_version="apps/v1", kind="Deployment", name="web")
    autoscaling_v2.create_namespaced_horizontal_pod_autoscaler(namespace, client.V2HorizontalPodAutoscaler(
        metadata=client.V1ObjectMeta(name="web"),
        spec=client.V2HorizontalPodAutoscalerSpec(scale_target_ref=target, min_replicas=1, max_replicas=5, metrics=[
            client.V2MetricSpec(type="Resource", resource=client.V2ResourceMetricSource(
                name="cpu", target=client.V2MetricTarget(type="Utilization", average_utilization=50))),
            client.V2MetricSpec(type="Pods", pods=client.V2PodsMetricSource(
                metric=client.V2MetricIdentifier(name="packets"), target=client.V2MetricTarget(type="AverageValue", average_value="1k"))),
        ]),
    ))
    v1 = autoscaling_v1.read_namespaced_horizontal_pod_autoscaler("web", namespace)
    assert v1.spec.target_cpu_utilization_percentage == 50 and v1.spec.max_replicas == 5
    assert v1.status.current_replicas == 0 and v1.status.desired_replicas == 0
    others = json.loads(v1.metadata.annotations["autoscaling.alpha.kubernetes.io/metrics"])
    assert others == [{"type": "Pods", "pods": {"metricName": "packets", "targetAverageValue": "1k"}}]

    # Replaced through v1 with the annotations it read, the v2-only metric is kept.
    v1.spec.max_replicas = 8
    autoscaling_v1.replace_namespaced_horizontal_pod_autoscaler("web", namespace, v1)
    v2 = autoscaling_v2.read_namespaced_horizontal_pod_autoscaler("web", namespace)
    assert v2.spec.max_replicas == 8 and v2.metadata.annotations is None
    assert [metric.type for metric in v2.spec.metrics] == ["Pods", "Resource"]

    autoscaling_v1.create_namespaced_horizontal_pod_autoscaler(namespace, client.V1HorizontalPodAutoscaler(
        metadata=client.V1ObjectMeta(name="api"),
        spec=client.V1HorizontalPodAutoscalerSpec(
            scale_target_ref=client.V1CrossVersionObjectReference(kind="Deployment", name="api"), max_replicas=3),
    ))
    api = autoscaling_v2.read_namespaced_horizontal_pod_autoscaler("api", namespace)
    # autoscaling/v1 without a CPU target gets kube-apiserver's default of 80%.
    assert [(metric.resource.name, metric.resource.target.average_utilization) for metric in api.spec.metrics] == [("cpu", 80)]
    names = [item.metadata.name for item in autoscaling_v1.list_namespaced_horizontal_pod_autoscaler(namespace).items]
    assert names == ["api", "web"]
