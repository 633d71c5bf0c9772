"""Fixtures for the Kubernetes client tests: API clients for the `wharf up` that PythonClientTests.swift started."""

import os
import uuid

import pytest
from kubernetes import client, config


@pytest.fixture(scope="session")
def api_client():
    kubeconfig = os.environ.get("WHARF_KUBECONFIG")
    if not kubeconfig:
        pytest.fail("WHARF_KUBECONFIG is not set: run these tests through PythonClientTests.swift")
    return config.new_client_from_config(config_file=kubeconfig)


@pytest.fixture
def core(api_client):
    return client.CoreV1Api(api_client)


@pytest.fixture
def apps(api_client):
    return client.AppsV1Api(api_client)


@pytest.fixture
def events(api_client):
    return client.EventsV1Api(api_client)


@pytest.fixture
def autoscaling_v1(api_client):
    return client.AutoscalingV1Api(api_client)


@pytest.fixture
def autoscaling_v2(api_client):
    return client.AutoscalingV2Api(api_client)


@pytest.fixture
def namespace(core):
    """A namespace no other test uses, deleted afterwards."""
    name = "py-%s" % uuid.uuid4().hex[:8]
    core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=name)))
    yield name
    core.delete_namespace(name)
