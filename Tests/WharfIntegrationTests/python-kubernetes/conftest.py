"""Fixtures for the Kubernetes client tests: API clients for the `wharf up` that PythonClientTests.swift started."""

import os
import threading
import time
import uuid

import pytest
from kubernetes import client, config, watch


@pytest.fixture(scope="session")
def api_client():
    kubeconfig = os.environ.get("WHARF_KUBECONFIG")
    if not kubeconfig:
        pytest.fail("WHARF_KUBECONFIG is not set: run these tests through PythonClientTests.swift")
    return config.new_client_from_config(config_file=kubeconfig)


def api(name, api_class):
    """The fixture `name`: an `api_class` (CoreV1Api, …) on the session's client."""

    @pytest.fixture(name=name)
    def fixture(api_client):
        return api_class(api_client)

    return fixture


core = api("core", client.CoreV1Api)
apps = api("apps", client.AppsV1Api)
events = api("events", client.EventsV1Api)
autoscaling_v1 = api("autoscaling_v1", client.AutoscalingV1Api)
autoscaling_v2 = api("autoscaling_v2", client.AutoscalingV2Api)


def wait_for_default_service_account(core, namespace):
    """Waits until the service account controller gave `namespace` its `default` account, so that
    no write of the server's own lands among a test's revisions."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            core.read_namespaced_service_account("default", namespace)
            return
        except client.exceptions.ApiException as error:
            if error.status != 404:
                raise
        time.sleep(0.05)
    pytest.fail("namespace %s got no default service account within 10 seconds" % namespace)


@pytest.fixture
def namespace(core):
    """A namespace no other test uses, deleted afterwards; the namespace controller empties it and
    it goes before the next test starts, so its writes never land in another test's revisions."""
    name = "py-%s" % uuid.uuid4().hex[:8]
    core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=name)))
    wait_for_default_service_account(core, name)
    yield name
    core.delete_namespace(name)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            core.read_namespace(name)
        except client.exceptions.ApiException as error:
            if error.status == 404:
                return
            raise
        time.sleep(0.05)
    pytest.fail("namespace %s was not deleted within 20 seconds" % name)


class BackgroundWatch:
    """A watch of `list_function` in `namespace` from `resource_version`, running in a thread until it
    has seen `count` events (or five seconds passed); `describe` turns each event into what a test compares."""

    def __init__(self, list_function, namespace, resource_version, count, describe):
        self.seen = []
        ready = threading.Event()

        def record():
            stream = watch.Watch()
            ready.set()
            for event in stream.stream(list_function, namespace, resource_version=resource_version, timeout_seconds=5):
                self.seen.append(describe(event))
                if len(self.seen) == count:
                    stream.stop()

        self.thread = threading.Thread(target=record)
        self.thread.start()
        ready.wait()

    def result(self):
        """The described events, once the watch has ended."""
        self.thread.join(timeout=15)
        return self.seen


@pytest.fixture
def background_watch():
    return BackgroundWatch
