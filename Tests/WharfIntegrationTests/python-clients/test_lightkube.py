"""lightkube (sync and async clients) against Wharf: create/get/list/watch/patch/delete of ConfigMaps
and Deployments, paged lists, the scale and status subresources, and waiting for a condition."""

import asyncio
import threading

import pytest
from lightkube import AsyncClient, Client, KubeConfig
from lightkube.core.exceptions import ApiError
from lightkube.models.meta_v1 import ObjectMeta
from lightkube.resources.apps_v1 import Deployment
from lightkube.resources.core_v1 import ConfigMap
from lightkube.types import PatchType


def config_map(name, data, labels=None):
    return ConfigMap(metadata=ObjectMeta(name=name, labels=labels), data=data)


def test_sync_config_maps(lightkube_client, namespace):
    client = lightkube_client
    created = client.create(config_map("settings", {"a": "1"}, {"app": "lk"}), namespace=namespace)
    for index in range(4):
        client.create(config_map("extra-%d" % index, {}), namespace=namespace)
    assert client.get(ConfigMap, "settings", namespace=namespace).data == {"a": "1"}
    # chunk_size pages the list with limit and continue.
    names = [item.metadata.name for item in client.list(ConfigMap, namespace=namespace, chunk_size=2)]
    assert names == ["extra-0", "extra-1", "extra-2", "extra-3", "settings"]
    assert [item.metadata.name for item in client.list(ConfigMap, namespace=namespace, labels={"app": "lk"})] == ["settings"]

    events = []

    def follow():
        for event, item in client.watch(ConfigMap, namespace=namespace, resource_version=created.metadata.resourceVersion):
            events.append((event, item.metadata.name))
            if event == "DELETED" and item.metadata.name == "settings":
                return

    watching = threading.Thread(target=follow, daemon=True)
    watching.start()
    # The three patch types.
    client.patch(ConfigMap, "settings", {"data": {"b": "2"}}, namespace=namespace)
    client.patch(ConfigMap, "settings", {"data": {"a": None}}, namespace=namespace, patch_type=PatchType.MERGE)
    patched = client.patch(
        ConfigMap, "settings", [{"op": "add", "path": "/data/c", "value": "3"}], namespace=namespace, patch_type=PatchType.JSON
    )
    assert patched.data == {"b": "2", "c": "3"}
    client.delete(ConfigMap, "settings", namespace=namespace)
    watching.join(20)
    assert not watching.is_alive()
    settings = [event for event, name in events if name == "settings"]
    assert settings == ["MODIFIED", "MODIFIED", "MODIFIED", "DELETED"]
    client.deletecollection(ConfigMap, namespace=namespace)
    assert list(client.list(ConfigMap, namespace=namespace)) == []
    with pytest.raises(ApiError) as missing:
        client.get(ConfigMap, "settings", namespace=namespace)
    assert missing.value.status.code == 404 and missing.value.status.reason == "NotFound"


def test_sync_deployments(lightkube_client, namespace, deployment):
    client = lightkube_client
    created = client.create(Deployment.from_dict(deployment))
    assert created.spec.replicas == 1 and created.status is not None
    assert client.get(Deployment.Scale, "web", namespace=namespace).spec.replicas == 1
    client.patch(Deployment.Scale, "web", {"spec": {"replicas": 2}}, namespace=namespace)
    assert client.get(Deployment, "web", namespace=namespace).spec.replicas == 2

    # wait() watches the object until the condition holds; the status subresource sets it.
    def report():
        status = {"status": {"conditions": [{"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable"}]}}
        client.patch(Deployment.Status, "web", status, namespace=namespace, patch_type=PatchType.MERGE)

    threading.Timer(0.2, report).start()
    available = client.wait(Deployment, "web", for_conditions=["Available"], namespace=namespace)
    assert available.status.conditions[0].reason == "MinimumReplicasAvailable"
    client.delete(Deployment, "web", namespace=namespace)
    assert list(client.list(Deployment, namespace=namespace)) == []


def test_async_config_maps_and_deployments(kubeconfig, namespace, deployment):
    async def scenario():
        client = AsyncClient(config=KubeConfig.from_file(kubeconfig))
        try:
            created = await client.create(config_map("settings", {"a": "1"}), namespace=namespace)
            assert (await client.get(ConfigMap, "settings", namespace=namespace)).data == {"a": "1"}
            assert [item.metadata.name async for item in client.list(ConfigMap, namespace=namespace)] == ["settings"]
            stream = client.watch(ConfigMap, namespace=namespace, resource_version=created.metadata.resourceVersion)
            await client.patch(ConfigMap, "settings", {"data": {"b": "2"}}, namespace=namespace)
            async for event, item in stream:
                assert (event, item.data) == ("MODIFIED", {"a": "1", "b": "2"})
                break
            await client.delete(ConfigMap, "settings", namespace=namespace)

            await client.create(Deployment.from_dict(deployment))
            scaled = await client.patch(Deployment, "web", {"spec": {"replicas": 4}}, namespace=namespace)
            assert scaled.spec.replicas == 4 and scaled.metadata.generation == 2
            await client.delete(Deployment, "web", namespace=namespace)
            assert [item async for item in client.list(Deployment, namespace=namespace)] == []
        finally:
            await client.close()

    asyncio.run(scenario())


def test_server_side_apply(lightkube_client, namespace):
    """lightkube's Client.apply is server-side apply: it creates, updates, reports conflicts with
    another field manager as a 409, and takes fields over with force."""
    client = lightkube_client
    applied = client.apply(ConfigMap(metadata=ObjectMeta(name="applied"), data={"mode": "a"}),
                           namespace=namespace, field_manager="first")
    assert applied.data == {"mode": "a"}
    assert [(entry.manager, entry.operation) for entry in applied.metadata.managedFields] == [("first", "Apply")]
    with pytest.raises(ApiError) as conflict:
        client.apply(ConfigMap(metadata=ObjectMeta(name="applied"), data={"mode": "b"}),
                     namespace=namespace, field_manager="second")
    assert conflict.value.status.code == 409
    assert conflict.value.status.message == 'Apply failed with 1 conflict: conflict with "first": .data.mode'
    forced = client.apply(ConfigMap(metadata=ObjectMeta(name="applied"), data={"mode": "b"}),
                          namespace=namespace, field_manager="second", force=True)
    assert forced.data == {"mode": "b"}
    assert [entry.manager for entry in forced.metadata.managedFields] == ["second"]
