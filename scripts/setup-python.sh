#!/usr/bin/env bash
# Creates .venv at the repository root with the pinned Python packages that the Python client tests
# (Tests/WharfIntegrationTests/python, python-kubernetes and python-clients, driven by
# PythonClientTests.swift) need. Safe to re-run.
# PYTHON picks the interpreter (default python3; tested with CPython 3.11).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-python3}
requirements="$root/Tests/WharfIntegrationTests/python/requirements.txt"

if [ ! -x "$root/.venv/bin/python" ]; then
    "$python" -m venv "$root/.venv"
fi
"$root/.venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
"$root/.venv/bin/python" - <<'EOF'
from importlib.metadata import version
import etcd3, grpc, kopf, kr8s, kubernetes, kubernetes_asyncio, lightkube, pytest
names = ["etcd3", "grpcio", "kubernetes", "kubernetes_asyncio", "lightkube", "kr8s", "kopf"]
print("python clients ready:", ", ".join(name + " " + version(name) for name in names))
EOF
