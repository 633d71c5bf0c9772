"""The PyPI `kubernetes` client against Wharf's API server: CRUD, errors, paging, watch, patches."""

import json
import threading

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


def test_watch_from_a_future_revision_waits_for_it(core, namespace, background_watch):
    # Nothing else writes to this server while the test runs, so the next writes take the next revisions.
    current = int(core.list_namespaced_config_map(namespace).metadata.resource_version)
    watcher = background_watch(
        core.list_namespaced_config_map, namespace, str(current + 2), 2,
        lambda event: (event["type"], event["object"].metadata.name, int(event["object"].metadata.resource_version)),
    )
    for index in range(1, 5):
        core.create_namespaced_config_map(namespace, config_map("future-%d" % index))
    # Events after the requested revision only: the third and fourth creates.
    assert watcher.result() == [("ADDED", "future-3", current + 3), ("ADDED", "future-4", current + 4)]


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


def test_list_resource_version_semantics(core, namespace):
    first = core.create_namespaced_config_map(namespace, config_map("rv-1"))
    core.create_namespaced_config_map(namespace, config_map("rv-2"))
    # Exact: the collection as it was at that revision.
    exact = core.list_namespaced_config_map(
        namespace, resource_version=first.metadata.resource_version, resource_version_match="Exact"
    )
    assert [item.metadata.name for item in exact.items] == ["rv-1"]
    assert exact.metadata.resource_version == first.metadata.resource_version

    # NotOlderThan a revision the store reaches a moment later: the list waits for it.
    current = int(core.list_namespaced_config_map(namespace).metadata.resource_version)
    timer = threading.Timer(0.5, lambda: core.create_namespaced_config_map(namespace, config_map("rv-3")))
    timer.start()
    later = core.list_namespaced_config_map(
        namespace, resource_version=str(current + 1), resource_version_match="NotOlderThan"
    )
    timer.join()
    assert int(later.metadata.resource_version) >= current + 1
    assert "rv-3" in [item.metadata.name for item in later.items]

    # One it never reaches: 504 after kube-apiserver's three seconds.
    with pytest.raises(ApiException) as too_large:
        core.list_namespaced_config_map(namespace, resource_version=str(current + 1000))
    assert too_large.value.status == 504
    assert json.loads(too_large.value.body)["message"].startswith("Too large resource version: %d, current: " % (current + 1000))

    # A match without a resourceVersion is an invalid ListOptions.
    with pytest.raises(ApiException) as invalid:
        core.list_namespaced_config_map(namespace, resource_version_match="Exact")
    assert invalid.value.status == 422
    assert json.loads(invalid.value.body)["message"] == (
        'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: '
        "resourceVersionMatch is forbidden unless resourceVersion is provided"
    )
