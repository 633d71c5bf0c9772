"""kopf running an operator (kopf_operator.py) in standalone mode against Wharf: its create handler
patches the object, and its delete handler runs under the finalizer kopf adds, which it then removes
so that the object goes."""

import pathlib

import pytest
from kopf.testing import KopfRunner
from lightkube.core.exceptions import ApiError
from lightkube.models.meta_v1 import ObjectMeta
from lightkube.resources.core_v1 import ConfigMap

from polling import eventually

OPERATOR = pathlib.Path(__file__).with_name("kopf_operator.py")


def test_operator_handles_create_and_delete(kubeconfig, lightkube_client, namespace):
    client = lightkube_client
    arguments = ["run", "--standalone", "--namespace", namespace, str(OPERATOR)]
    with KopfRunner(arguments, timeout=60) as runner:
        client.create(ConfigMap(metadata=ObjectMeta(name="ignored"), data={}), namespace=namespace)
        client.create(ConfigMap(metadata=ObjectMeta(name="watched", labels={"wharf.io/kopf": "yes"}), data={}), namespace=namespace)

        def handled():
            metadata = client.get(ConfigMap, "watched", namespace=namespace).metadata
            return metadata if "wharf.io/handled" in (metadata.annotations or {}) else None

        metadata = eventually(handled)
        assert metadata.annotations["wharf.io/handled"] == "created watched"
        assert metadata.finalizers == ["kopf.zalando.org/KopfFinalizerMarker"]

        client.delete(ConfigMap, "watched", namespace=namespace)

        def gone():
            try:
                client.get(ConfigMap, "watched", namespace=namespace)
            except ApiError as error:
                return error.status.code == 404
            return False

        eventually(gone)
    assert runner.exception is None and runner.exit_code == 0, runner.output
    assert "Handler 'deleted' succeeded" in runner.output and "saw watched go" in runner.output
    ignored = client.get(ConfigMap, "ignored", namespace=namespace).metadata
    assert ignored.annotations is None and ignored.finalizers is None
