#!/usr/bin/env bash
# The test command: builds everything (checking that modules import only what Package.swift
# declares) and runs the whole suite: unit tests and integration tests against real peers
# (etcdctl and etcd 3.4 from Debian's etcd-client and etcd-server packages).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests --explicit-target-dependency-import-check=error "$@"
# Serially: the integration tests start servers, kubectl and Python clients, and on two cores
# running them all at once makes the timing of every one of them a matter of luck. Output is
# line-buffered so a log cut short still ends at the last test that ran, and a run that hangs
# is stopped after 50 minutes (the whole suite takes about 12) instead of at CI's limit.
stdbuf -oL -eL timeout --kill-after=30s 50m swift test --skip-build --no-parallel "$@"
