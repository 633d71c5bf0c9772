"""kr8s (sync and asyncio APIs) against Wharf: get/create/delete/watch, labels, selectors, Deployment
readiness and scale, and pod commands that need a kubelet failing with the server's message."""

import asyncio
import threading

import kr8s
import kr8s.asyncio
import pytest
from kr8s.objects import ConfigMap, Deployment, Pod


def test_sync_objects_and_watch(kubeconfig, namespace):
    api = kr8s.api(kubeconfig=kubeconfig)
    assert api.version()["gitVersion"].startswith("v1.")
    settings = ConfigMap({"metadata": {"name": "settings", "namespace": namespace}, "data": {"a": "1"}}, api=api)
    settings.create()
    ConfigMap({"metadata": {"name": "other", "namespace": namespace, "labels": {"tier": "db"}}}, api=api).create()
    settings.label(tier="web")
    settings.annotate(owner="team-a")
    settings.patch({"data": {"b": "2"}})
    read = ConfigMap.get("settings", namespace=namespace, api=api)
    assert read.labels == {"tier": "web"} and read.annotations == {"owner": "team-a"} and read.raw["data"] == {"a": "1", "b": "2"}
    assert [item.name for item in api.get("configmaps", namespace=namespace, label_selector={"tier": "web"})] == ["settings"]
    assert [item.name for item in api.get("configmaps", namespace=namespace, field_selector="metadata.name=other")] == ["other"]

    events = []

    def follow():
        for event, item in api.watch("configmaps", namespace=namespace):
            events.append((event, item.name))
            if event == "DELETED":
                return

    watching = threading.Thread(target=follow, daemon=True)
    watching.start()
    # The watch starts with the current objects (ADDED) before it reports the delete.
    while len(events) < 2 and watching.is_alive():
        watching.join(0.05)
    read.delete()
    watching.join(20)
    assert sorted(events[:2]) == [("ADDED", "other"), ("ADDED", "settings")] and events[2:] == [("DELETED", "settings")]
    assert not read.exists()


def test_sync_deployment_readiness_and_pods(kubeconfig, namespace, deployment):
    api = kr8s.api(kubeconfig=kubeconfig)
    web = Deployment(deployment, api=api)
    web.create()
    # ready() reads status, which a new Deployment carries (empty) before any controller reports.
    assert not web.ready()
    web.scale(2)
    assert Deployment.get("web", namespace=namespace, api=api).replicas == 2
    web.delete()

    pod = Pod({"metadata": {"name": "box", "namespace": namespace}, "spec": {"containers": [{"name": "box", "image": "busybox"}]}}, api=api)
    pod.create()
    with pytest.raises(kr8s.ServerError) as logs:
        list(pod.logs())
    assert "Wharf has no kubelet" in str(logs.value)
    pod.delete()


def test_asyncio_api(kubeconfig, namespace):
    async def scenario():
        api = await kr8s.asyncio.api(kubeconfig=kubeconfig)
        settings = await kr8s.asyncio.objects.ConfigMap({"metadata": {"name": "settings", "namespace": namespace}, "data": {"a": "1"}}, api=api)
        await settings.create()
        assert [item.name async for item in api.get("configmaps", namespace=namespace)] == ["settings"]
        async for event, item in api.watch("configmaps", namespace=namespace, field_selector="metadata.name=settings"):
            assert (event, item.raw["data"]) == ("ADDED", {"a": "1"})
            break
        await settings.delete()
        assert not await settings.exists()

    asyncio.run(scenario())
