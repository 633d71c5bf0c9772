"""Polling for the client tests: waiting until the server reached a state."""

import time

import pytest


def eventually(check, timeout=20):
    """Polls `check` until it returns something truthy, and returns that; fails after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.05)
    pytest.fail("condition not reached in %d s" % timeout)
