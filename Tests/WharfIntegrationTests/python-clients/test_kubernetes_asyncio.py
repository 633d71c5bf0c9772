"""kubernetes_asyncio (the official client's asyncio port) against Wharf: CRUD, watch, scale, status."""

import asyncio

import pytest
from kubernetes_asyncio import client, config, watch
from kubernetes_asyncio.client.rest import ApiException


def run(scenario, kubeconfig):
    """Runs `scenario(api_client)` on a fresh event loop with a client for the test server."""

    async def main():
        async with await config.new_client_from_config(config_file=kubeconfig) as api:
            await scenario(api)

    asyncio.run(main())


def test_config_map_crud_and_watch(kubeconfig, namespace):
    async def scenario(api):
        core = client.CoreV1Api(api)
        body = client.V1ConfigMap(metadata=client.V1ObjectMeta(name="settings", labels={"app": "aio"}), data={"a": "1"})
        created = await core.create_namespaced_config_map(namespace, body)
        assert created.metadata.uid and created.data == {"a": "1"}
        assert (await core.read_namespaced_config_map("settings", namespace)).metadata.resource_version == created.metadata.resource_version
        listed = await core.list_namespaced_config_map(namespace, label_selector="app=aio")
        assert [item.metadata.name for item in listed.items] == ["settings"]

        # A watch from the list's resourceVersion sees every later change, in order.
        events = []

        async def follow():
            stream = watch.Watch().stream(
                core.list_namespaced_config_map, namespace, resource_version=listed.metadata.resource_version, timeout_seconds=20
            )
            async for event in stream:
                events.append((event["type"], event["object"].data))
                if event["type"] == "DELETED":
                    return

        watching = asyncio.create_task(follow())
        await core.patch_namespaced_config_map("settings", namespace, {"data": {"b": "2"}})
        current = await core.read_namespaced_config_map("settings", namespace)
        current.data = {"c": "3"}
        await core.replace_namespaced_config_map("settings", namespace, current)
        await core.delete_namespaced_config_map("settings", namespace)
        await asyncio.wait_for(watching, 20)
        assert events == [("MODIFIED", {"a": "1", "b": "2"}), ("MODIFIED", {"c": "3"}), ("DELETED", {"c": "3"})]
        with pytest.raises(ApiException) as missing:
            await core.read_namespaced_config_map("settings", namespace)
        assert missing.value.status == 404

    run(scenario, kubeconfig)


def test_deployment_scale_and_status(kubeconfig, namespace, deployment):
    async def scenario(api):
        apps = client.AppsV1Api(api)
        created = await apps.create_namespaced_deployment(namespace, deployment)
        # A new Deployment has an empty status (controllers fill it in), not none.
        assert created.spec.replicas == 1 and created.status is not None and created.status.replicas is None
        scale = await apps.patch_namespaced_deployment_scale("web", namespace, {"spec": {"replicas": 3}})
        assert scale.spec.replicas == 3 and scale.status.selector == "app=web"
        status = {"status": {"observedGeneration": 2, "replicas": 3, "readyReplicas": 3}}
        reported = await apps.patch_namespaced_deployment_status("web", namespace, status)
        assert reported.status.ready_replicas == 3 and reported.spec.replicas == 3
        await apps.delete_namespaced_deployment("web", namespace, propagation_policy="Foreground")
        # Foreground: the deployment stays, marked, until the garbage collector finds no blocking dependent.
        for _ in range(100):
            if (await apps.list_namespaced_deployment(namespace)).items == []:
                break
            await asyncio.sleep(0.1)
        assert (await apps.list_namespaced_deployment(namespace)).items == []

    run(scenario, kubeconfig)
