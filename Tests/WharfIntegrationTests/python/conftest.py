"""Fixtures for the etcd3 client tests: a client for the brain that PythonClientTests.swift started."""

import os
import urllib.parse
import uuid

import etcd3
import pytest


@pytest.fixture
def endpoint():
    """(host, port) of the brain under test, from WHARF_ETCD_ENDPOINT."""
    endpoint = os.environ.get("WHARF_ETCD_ENDPOINT")
    if not endpoint:
        pytest.fail("WHARF_ETCD_ENDPOINT is not set: run these tests through PythonClientTests.swift")
    url = urllib.parse.urlparse(endpoint if "://" in endpoint else "http://" + endpoint)
    return url.hostname, url.port


@pytest.fixture
def client(endpoint):
    host, port = endpoint
    etcd = etcd3.client(host=host, port=port, timeout=10)
    yield etcd
    # etcd3 0.12's watch thread re-dials its stream forever and dies with "Channel closed" once the
    # channel is closed, so a client that watched keeps its channel until the run ends.
    if etcd.watcher._callback_thread is None:
        etcd.close()


@pytest.fixture
def prefix():
    """A key prefix no other test uses."""
    return "py/%s/" % uuid.uuid4().hex
