"""Fixtures for the tests of more Python Kubernetes clients against the `wharf up` that
PythonClientTests.swift started: its kubeconfig, and a fresh namespace per test (made with lightkube)."""

import os
import uuid

import pytest
from lightkube import Client, KubeConfig
from lightkube.models.meta_v1 import ObjectMeta
from lightkube.core.exceptions import ApiError
from lightkube.resources.core_v1 import Namespace, ServiceAccount
from polling import eventually


@pytest.fixture(scope="session")
def kubeconfig():
    path = os.environ.get("WHARF_KUBECONFIG")
    if not path:
        pytest.fail("WHARF_KUBECONFIG is not set: run these tests through PythonClientTests.swift")
    # kopf finds credentials as a deployed operator does, through the kubernetes client, which reads
    # KUBECONFIG when it is imported: it must be in the environment pytest starts with.
    if os.environ.get("KUBECONFIG") != path:
        pytest.fail("KUBECONFIG must name the same file as WHARF_KUBECONFIG")
    return path


@pytest.fixture(scope="session")
def lightkube_client(kubeconfig):
    return Client(config=KubeConfig.from_file(kubeconfig))


def has_default_service_account(lightkube_client, namespace):
    """Whether the service account controller gave `namespace` its `default` account."""
    try:
        lightkube_client.get(ServiceAccount, "default", namespace=namespace)
        return True
    except ApiError as error:
        if error.status.code == 404:
            return False
        raise


@pytest.fixture
def namespace(lightkube_client):
    """A namespace no other test uses, deleted (with its content) afterwards."""
    name = "clients-%s" % uuid.uuid4().hex[:8]
    lightkube_client.create(Namespace(metadata=ObjectMeta(name=name)))
    # The service account controller's write lands before the test's own.
    eventually(lambda: has_default_service_account(lightkube_client, name), timeout=10)
    yield name
    lightkube_client.delete(Namespace, name)


@pytest.fixture
def deployment(namespace):
    """A Deployment `web` of one nginx container in the test's namespace, as a plain dict every client takes."""
    labels = {"app": "web"}
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web", "namespace": namespace},
        "spec": {
            "selector": {"matchLabels": labels},
            "template": {"metadata": {"labels": labels}, "spec": {"containers": [{"name": "nginx", "image": "nginx:1.25"}]}},
        },
    }
