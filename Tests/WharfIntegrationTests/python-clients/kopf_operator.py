"""A kopf operator for test_kopf.py: it annotates labelled ConfigMaps when they appear and, through
the finalizer kopf adds for its delete handler, sees them go."""

import kopf

LABELS = {"wharf.io/kopf": "yes"}


@kopf.on.startup()
def configure(settings, **_):
    # No Events about handler runs: the test reads the objects, not kopf's reports.
    settings.posting.enabled = False


@kopf.on.create("configmaps", labels=LABELS)
def created(patch, name, **_):
    patch.metadata.annotations["wharf.io/handled"] = "created " + name


@kopf.on.delete("configmaps", labels=LABELS)
def deleted(name, logger, **_):
    logger.info("saw %s go", name)
