"""A kopf operator for test_kopf_custom.py, on a custom resource (widgets.example.wharf.io): it sets
the status when a Widget appears, follows changes of its size, and holds a finalizer so that its
delete handler sees the Widget go."""

import kopf


@kopf.on.startup()
def configure(settings, **_):
    settings.posting.enabled = False


@kopf.on.create("example.wharf.io", "v1", "widgets")
def created(spec, patch, **_):
    patch.status["phase"] = "Ready"
    patch.status["observedSize"] = spec.get("size", 0)


@kopf.on.field("example.wharf.io", "v1", "widgets", field="spec.size")
def resized(new, patch, **_):
    patch.status["observedSize"] = new


@kopf.on.delete("example.wharf.io", "v1", "widgets")
def deleted(name, logger, **_):
    logger.info("widget %s is going", name)
