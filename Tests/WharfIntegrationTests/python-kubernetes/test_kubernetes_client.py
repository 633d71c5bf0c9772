"""The PyPI `kubernetes` client against Wharf's API server: CRUD, errors, paging, watch, patches."""

import pytest
from kubernetes import client
from kubernetes.client.rest import ApiException


def config_map(name, data=None, labels=None):
    return client.V1ConfigMap(metadata=client.V1ObjectMeta(name=name, labels=labels), data=data or {})


def test_create_read_replace_delete(core, namespace):
    created = core.create_namespaced_config_map(namespace, config_map("settings", {"color": "blue"}))
    assert created.metadata.uid and created.metadata.creation_timestamp is not None
    read = core.read_namespaced_config_map("settings", namespace)
    assert read.data == {"color": "blue"}
    assert read.metadata.resource_version == created.metadata.resource_version

    read.data["color"] = "green"
    replaced = core.replace_namespaced_config_map("settings", namespace, read)
    assert replaced.data["color"] == "green"
    assert int(replaced.metadata.resource_version) > int(created.metadata.resource_version)

    # A replace carrying the old resourceVersion is refused with 409 Conflict.
    stale = config_map("settings", {"color": "red"})
    stale.metadata.resource_version = created.metadata.resource_version
    with pytest.raises(ApiException) as conflict:
        core.replace_namespaced_config_map("settings", namespace, stale)
    assert conflict.value.status == 409

    core.delete_namespaced_config_map("settings", namespace)
    with pytest.raises(ApiException) as missing:
        core.read_namespaced_config_map("settings", namespace)
    assert missing.value.status == 404
    assert '"reason":"NotFound"' in missing.value.body


def test_duplicate_and_invalid_objects(core, namespace):
    core.create_namespaced_config_map(namespace, config_map("once"))
    with pytest.raises(ApiException) as duplicate:
        core.create_namespaced_config_map(namespace, config_map("once"))
    assert duplicate.value.status == 409 and "AlreadyExists" in duplicate.value.body
    with pytest.raises(ApiException) as invalid:
        core.create_namespaced_config_map(namespace, config_map("Not_Valid"))
    assert invalid.value.status == 422 and "metadata.name" in invalid.value.body


def test_list_paging_and_selectors(core, namespace):
    for index in range(7):
        core.create_namespaced_config_map(namespace, config_map("cm-%d" % index, labels={"odd": str(index % 2 == 1).lower()}))
    names, token, pages = [], None, 0
    while True:
        page = core.list_namespaced_config_map(namespace, limit=3, _continue=token)
        names += [item.metadata.name for item in page.items]
        pages += 1
        token = page.metadata._continue
        if not token:
            break
    assert names == ["cm-%d" % index for index in range(7)]
    assert pages == 3
    odd = core.list_namespaced_config_map(namespace, label_selector="odd=true")
    assert sorted(item.metadata.name for item in odd.items) == ["cm-1", "cm-3", "cm-5"]
    named = core.list_namespaced_config_map(namespace, field_selector="metadata.name=cm-4")
    assert [item.metadata.name for item in named.items] == ["cm-4"]


def test_watch_sees_changes_in_order(core, namespace, background_watch):
    start = core.list_namespaced_config_map(namespace).metadata.resource_version
    watcher = background_watch(
        core.list_namespaced_config_map, namespace, start, 3,
        lambda event: (event["type"], event["object"].metadata.name, dict(event["object"].data or {})),
    )
    core.create_namespaced_config_map(namespace, config_map("w", {"v": "1"}))
    core.patch_namespaced_config_map("w", namespace, {"data": {"v": "2"}})
    core.delete_namespaced_config_map("w", namespace)
    assert watcher.result() == [("ADDED", "w", {"v": "1"}), ("MODIFIED", "w", {"v": "2"}), ("DELETED", "w", {"v": "2"})]


def test_patches_and_scale(apps, namespace):
    deployment = client.V1Deployment(
        metadata=client.V1ObjectMeta(name="web"),
        spec=client.V1DeploymentSpec(
            selector=client.V1LabelSelector(match_labels={"app": "web"}),
            template=client.V1PodTemplateSpec(
                metadata=client.V1ObjectMeta(labels={"app": "web"}),
                spec=client.V1PodSpec(containers=[client.V1Container(name="nginx", image="nginx:1.25")]),
            ),
        ),
    )
    created = apps.create_namespaced_deployment(namespace, deployment)
    assert created.spec.replicas == 1 and created.spec.strategy.type == "RollingUpdate"
    assert created.spec.template.spec.containers[0].image_pull_policy == "IfNotPresent"

    patched = apps.patch_namespaced_deployment("web", namespace, {"metadata": {"labels": {"tier": "front"}}})
    assert patched.metadata.labels == {"tier": "front"}
    scaled = apps.patch_namespaced_deployment_scale("web", namespace, {"spec": {"replicas": 4}})
    assert scaled.spec.replicas == 4
    assert apps.read_namespaced_deployment("web", namespace).metadata.generation == 2
    apps.delete_namespaced_deployment("web", namespace)
