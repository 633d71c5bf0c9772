"""Custom resources through the PyPI `kubernetes` client (a CRD made with ApiextensionsV1Api, objects
through CustomObjectsApi) and a kopf operator (kopf_custom_operator.py) reconciling them: status
written through the status subresource, a field handler, and a finalizer held until its delete
handler ran."""

import pathlib

import kubernetes
import pytest
from kopf.testing import KopfRunner

from polling import eventually

OPERATOR = pathlib.Path(__file__).with_name("kopf_custom_operator.py")
GROUP, VERSION, PLURAL = "example.wharf.io", "v1", "widgets"

DEFINITION = {
    "apiVersion": "apiextensions.k8s.io/v1",
    "kind": "CustomResourceDefinition",
    "metadata": {"name": "widgets.example.wharf.io"},
    "spec": {
        "group": GROUP,
        "scope": "Namespaced",
        "names": {"plural": PLURAL, "singular": "widget", "kind": "Widget", "shortNames": ["wdg"]},
        "versions": [{
            "name": VERSION, "served": True, "storage": True,
            "subresources": {"status": {}},
            "schema": {"openAPIV3Schema": {
                "type": "object",
                "properties": {
                    "spec": {"type": "object", "properties": {"size": {"type": "integer", "minimum": 0}}},
                    "status": {"type": "object", "x-kubernetes-preserve-unknown-fields": True},
                },
            }},
        }],
    },
}


@pytest.fixture
def api_client(kubeconfig):
    client = kubernetes.config.new_client_from_config(config_file=kubeconfig)
    yield client
    client.close()


@pytest.fixture
def widgets(api_client):
    """The Widget CRD, established; deleted (with every Widget) afterwards."""
    extensions = kubernetes.client.ApiextensionsV1Api(api_client)
    extensions.create_custom_resource_definition(DEFINITION)

    def established():
        conditions = extensions.read_custom_resource_definition(DEFINITION["metadata"]["name"]).status.conditions or []
        return any(c.type == "Established" and c.status == "True" for c in conditions)

    eventually(established, timeout=5)
    yield kubernetes.client.CustomObjectsApi(api_client)
    extensions.delete_custom_resource_definition(DEFINITION["metadata"]["name"])


def widget(name, size):
    return {"apiVersion": "%s/%s" % (GROUP, VERSION), "kind": "Widget", "metadata": {"name": name}, "spec": {"size": size}}


def test_custom_objects_api(widgets, namespace):
    created = widgets.create_namespaced_custom_object(GROUP, VERSION, namespace, PLURAL, widget("small", 1))
    assert created["metadata"]["generation"] == 1 and created["spec"] == {"size": 1}
    with pytest.raises(kubernetes.client.ApiException) as refused:
        widgets.create_namespaced_custom_object(GROUP, VERSION, namespace, PLURAL, widget("negative", -1))
    assert refused.value.status == 422
    assert "spec.size in body should be greater than or equal to 0" in refused.value.body
    patched = widgets.patch_namespaced_custom_object(GROUP, VERSION, namespace, PLURAL, "small", {"spec": {"size": 2}})
    assert patched["spec"]["size"] == 2 and patched["metadata"]["generation"] == 2
    listed = widgets.list_namespaced_custom_object(GROUP, VERSION, namespace, PLURAL)
    assert [item["metadata"]["name"] for item in listed["items"]] == ["small"]
    widgets.delete_namespaced_custom_object(GROUP, VERSION, namespace, PLURAL, "small")
    assert widgets.list_namespaced_custom_object(GROUP, VERSION, namespace, PLURAL)["items"] == []


def test_kopf_operator_reconciles_custom_objects(widgets, namespace):
    arguments = ["run", "--standalone", "--namespace", namespace, str(OPERATOR)]
    with KopfRunner(arguments, timeout=60) as runner:
        widgets.create_namespaced_custom_object(GROUP, VERSION, namespace, PLURAL, widget("gizmo", 3))

        def status():
            obj = widgets.get_namespaced_custom_object(GROUP, VERSION, namespace, PLURAL, "gizmo")
            return obj if obj.get("status", {}).get("phase") == "Ready" else None

        obj = eventually(status)
        assert obj["status"]["observedSize"] == 3
        assert obj["metadata"]["finalizers"] == ["kopf.zalando.org/KopfFinalizerMarker"]

        widgets.patch_namespaced_custom_object(GROUP, VERSION, namespace, PLURAL, "gizmo", {"spec": {"size": 5}})
        eventually(lambda: widgets.get_namespaced_custom_object(
            GROUP, VERSION, namespace, PLURAL, "gizmo").get("status", {}).get("observedSize") == 5)

        widgets.delete_namespaced_custom_object(GROUP, VERSION, namespace, PLURAL, "gizmo")

        def gone():
            try:
                widgets.get_namespaced_custom_object(GROUP, VERSION, namespace, PLURAL, "gizmo")
            except kubernetes.client.ApiException as error:
                return error.status == 404
            return False

        eventually(gone)
    assert runner.exception is None and runner.exit_code == 0, runner.output
    assert "Handler 'deleted' succeeded" in runner.output and "widget gizmo is going" in runner.output
