"""The PyPI etcd3 client (python-etcd3 0.12) against `wharf brain`."""

import queue
import re
import time

import etcd3
import etcd3.etcdrpc as etcdrpc
import etcd3.exceptions
import pytest
from etcd3.events import DeleteEvent, PutEvent

WAIT = 10  # seconds to wait for an event that should come


class EventQueue:
    """Collects watch events from a callback so a test can wait for them with a timeout."""

    def __init__(self):
        self.events = queue.Queue()

    def __call__(self, response):
        if isinstance(response, Exception):
            self.events.put(response)
            return
        for event in response.events:
            self.events.put(event)

    def take(self, count, timeout=WAIT):
        taken = []
        deadline = time.monotonic() + timeout
        while len(taken) < count:
            event = self.events.get(timeout=max(deadline - time.monotonic(), 0.01))
            assert not isinstance(event, Exception), event
            taken.append(event)
        return taken

    def assert_quiet(self, seconds):
        try:
            event = self.events.get(timeout=seconds)
        except queue.Empty:
            return
        raise AssertionError("unexpected event %s" % event)


def summary(events):
    return [(type(e).__name__, e.key.decode(), e.value.decode()) for e in events]


# Watches


def test_watch_prefix_sees_puts_and_deletes_in_order(client, prefix):
    client.put(prefix + "outside-before", "x")
    collected = EventQueue()
    watch_id = client.add_watch_prefix_callback(prefix + "w/", collected)
    try:
        client.put(prefix + "w/a", "1")
        client.put(prefix + "w/b", "2")
        client.put(prefix + "other", "not watched")
        client.delete(prefix + "w/a")
        client.put(prefix + "w/b", "3")
        events = collected.take(4)
    finally:
        client.cancel_watch(watch_id)
    assert summary(events) == [
        ("PutEvent", prefix + "w/a", "1"),
        ("PutEvent", prefix + "w/b", "2"),
        ("DeleteEvent", prefix + "w/a", ""),
        ("PutEvent", prefix + "w/b", "3"),
    ]
    revisions = [e.mod_revision for e in events]
    assert revisions == sorted(revisions) and len(set(revisions)) == 4
    assert events[3].version == 2 and events[3].create_revision == events[1].mod_revision
    collected.assert_quiet(0.3)


def test_watch_iterator_ends_on_cancel(client, prefix):
    events, cancel = client.watch(prefix + "key")
    client.put(prefix + "key", "before")
    first = next(events)
    assert isinstance(first, PutEvent) and first.value == b"before"
    cancel()
    client.put(prefix + "key", "after")
    assert list(events) == []


def test_server_confirms_watch_cancel(client, prefix):
    """Speaks the Watch stream directly: a cancel request gets a canceled response, then silence."""
    requests = queue.Queue()

    def request_stream():
        while True:
            request = requests.get()
            if request is None:
                return
            yield request

    create = etcdrpc.WatchCreateRequest(key=(prefix + "raw").encode())
    requests.put(etcdrpc.WatchRequest(create_request=create))
    responses = etcdrpc.WatchStub(client.channel).Watch(request_stream(), timeout=WAIT)
    try:
        created = next(responses)
        assert created.created and not created.canceled
        client.put(prefix + "raw", "seen")
        seen = next(responses)
        assert seen.watch_id == created.watch_id
        assert [e.kv.value for e in seen.events] == [b"seen"]
        requests.put(etcdrpc.WatchRequest(cancel_request=etcdrpc.WatchCancelRequest(watch_id=created.watch_id)))
        canceled = next(responses)
        assert canceled.canceled and canceled.watch_id == created.watch_id and not canceled.events
        client.put(prefix + "raw", "unseen")
        # A second watch on the same stream still works, and the canceled one stays silent.
        requests.put(etcdrpc.WatchRequest(create_request=create))
        again = next(responses)
        assert again.created and again.watch_id != created.watch_id
        client.put(prefix + "raw", "seen again")
        after = next(responses)
        assert after.watch_id == again.watch_id
        assert [e.kv.value for e in after.events] == [b"seen again"]
    finally:
        requests.put(None)
        responses.cancel()


def test_watch_from_past_revision_replays_history(client, prefix):
    key = prefix + "history"
    first = client.put(key, "v1").header.revision
    client.put(key, "v2")
    client.delete(key)
    client.put(key, "v3")
    collected = EventQueue()
    watch_id = client.add_watch_callback(key, collected, start_revision=first)
    try:
        replayed = collected.take(4)
        client.put(key, "live")
        live = collected.take(1)
    finally:
        client.cancel_watch(watch_id)
    assert summary(replayed + live) == [
        ("PutEvent", key, "v1"),
        ("PutEvent", key, "v2"),
        ("DeleteEvent", key, ""),
        ("PutEvent", key, "v3"),
        ("PutEvent", key, "live"),
    ]
    assert replayed[0].mod_revision == first
    assert replayed[3].version == 1  # recreated after the delete


def test_watch_from_compacted_revision_is_refused(client, prefix):
    key = prefix + "compacted"
    first = client.put(key, "v1").header.revision
    latest = client.put(key, "v2").header.revision
    client.compact(latest)
    events, cancel = client.watch(key, start_revision=first)
    try:
        with pytest.raises(etcd3.exceptions.RevisionCompactedError) as raised:
            next(events)
        assert raised.value.compacted_revision == latest
    finally:
        cancel()


# Leases


def test_lease_grant_refresh_ttl_and_revoke(client, prefix):
    lease = client.lease(60)
    assert lease.ttl == 60 and lease.id > 0
    client.put(prefix + "l/a", "1", lease=lease)
    client.put(prefix + "l/b", "2", lease=lease)
    client.put(prefix + "l/free", "3")
    assert 55 <= lease.remaining_ttl <= 60
    assert lease.granted_ttl == 60
    assert sorted(lease.keys) == [(prefix + "l/a").encode(), (prefix + "l/b").encode()]
    refreshed = lease.refresh()
    assert len(refreshed) == 1 and refreshed[0].ID == lease.id and refreshed[0].TTL == 60
    value, meta = client.get(prefix + "l/a")
    assert value == b"1" and meta.lease_id == lease.id

    collected = EventQueue()
    watch_id = client.add_watch_prefix_callback(prefix + "l/", collected)
    try:
        lease.revoke()
        deletes = collected.take(2)
    finally:
        client.cancel_watch(watch_id)
    assert sorted(summary(deletes)) == [
        ("DeleteEvent", prefix + "l/a", ""),
        ("DeleteEvent", prefix + "l/b", ""),
    ]
    # One revoke is one revision, however many keys it deletes.
    assert deletes[0].mod_revision == deletes[1].mod_revision
    assert client.get(prefix + "l/a") == (None, None)
    assert client.get(prefix + "l/b") == (None, None)
    assert client.get(prefix + "l/free")[0] == b"3"
    assert lease.remaining_ttl == -1  # etcd's TTL for a lease that no longer exists


def test_lease_expiry_deletes_attached_keys(client, prefix):
    lease = client.lease(2)
    client.put(prefix + "e/key", "expiring", lease=lease)
    collected = EventQueue()
    watch_id = client.add_watch_prefix_callback(prefix + "e/", collected)
    granted = time.monotonic()
    try:
        (deleted,) = collected.take(1, timeout=15)
    finally:
        client.cancel_watch(watch_id)
    elapsed = time.monotonic() - granted
    assert isinstance(deleted, DeleteEvent) and deleted.key == (prefix + "e/key").encode()
    assert elapsed >= 1.0, "deleted after %.2fs, before the 2 s TTL could pass" % elapsed
    assert client.get(prefix + "e/key") == (None, None)
    assert lease.remaining_ttl == -1


# Locks (a transaction on create revision 0 with a lease, then a watch while waiting)


def test_lock_excludes_a_second_holder_until_release(client, prefix):
    first = client.lock(prefix + "lock", ttl=30)
    second = client.lock(prefix + "lock", ttl=30)
    assert first.acquire(timeout=1)
    assert first.is_acquired()
    assert not second.acquire(timeout=1)
    assert first.release()
    assert second.acquire(timeout=5)
    assert not first.is_acquired() and second.is_acquired()
    assert second.release()


def test_abandoned_lock_frees_when_its_lease_expires(client, prefix):
    abandoned = client.lock(prefix + "lock", ttl=2)
    assert abandoned.acquire(timeout=1)
    started = time.monotonic()
    waiter = client.lock(prefix + "lock", ttl=30)
    assert waiter.acquire(timeout=15)
    assert time.monotonic() - started >= 1.0
    assert not abandoned.is_acquired()
    waiter.release()


# KV


def test_transaction_success_and_failure_branches(client, prefix):
    key = prefix + "txn"
    client.put(key, "free")
    compare = [
        client.transactions.value(key) == "free",
        client.transactions.version(key) > 0,
    ]
    succeeded, responses = client.transaction(
        compare=compare,
        success=[client.transactions.put(key, "taken"), client.transactions.get(key)],
        failure=[client.transactions.get(key)],
    )
    assert succeeded
    assert len(responses) == 2
    ((value, meta),) = responses[1]
    assert value == b"taken" and meta.version == 2

    succeeded, responses = client.transaction(
        compare=compare,
        success=[client.transactions.put(key, "stolen")],
        failure=[client.transactions.delete(key), client.transactions.get(key)],
    )
    assert not succeeded
    assert responses[0].response_delete_range.deleted == 1
    assert responses[1] == []
    assert client.get(key) == (None, None)


def test_replace_swaps_only_the_expected_value(client, prefix):
    key = prefix + "cas"
    client.put(key, "one")
    assert client.replace(key, "one", "two") is True
    assert client.replace(key, "one", "three") is False
    value, meta = client.get(key)
    assert value == b"two" and meta.version == 2


def test_get_prefix_sorting(client, prefix):
    # Written out of key order, so creation order, key order and value order all differ.
    for name, value in [("c", "2"), ("a", "3"), ("d", "1"), ("b", "4")]:
        client.put(prefix + "s/" + name, value)
    client.put(prefix + "s/a", "0")  # a is now the most recently modified, with the smallest value
    client.put(prefix + "t", "outside the prefix")

    def keys(**kwargs):
        return [meta.key.decode()[len(prefix) + 2:] for _, meta in client.get_prefix(prefix + "s/", **kwargs)]

    assert keys() == ["a", "b", "c", "d"]
    assert keys(sort_order="ascend", sort_target="key") == ["a", "b", "c", "d"]
    assert keys(sort_order="descend", sort_target="key") == ["d", "c", "b", "a"]
    assert keys(sort_order="ascend", sort_target="value") == ["a", "d", "c", "b"]
    assert keys(sort_order="ascend", sort_target="create") == ["c", "a", "d", "b"]
    assert keys(sort_order="descend", sort_target="mod") == ["a", "b", "d", "c"]
    assert keys(sort_order="descend", sort_target="version")[0] == "a"
    values = [value for value, _ in client.get_prefix(prefix + "s/", sort_order="descend", sort_target="key")]
    assert values == [b"1", b"2", b"4", b"0"]


def test_status_reports_version_leader_and_size(client, prefix, endpoint):
    revision = client.put(prefix + "status", "x").header.revision
    status = client.status()
    assert re.fullmatch(r"3\.\d+\.\d+", status.version), status.version
    assert status.db_size > 0
    assert status.raft_term >= 1
    members = list(client.members)
    assert len(members) == 1
    assert status.leader is not None and status.leader.id == members[0].id
    assert "http://%s:%d" % endpoint in status.leader.client_urls
    assert client.get(prefix + "status")[1].mod_revision == revision
