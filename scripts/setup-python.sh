#!/usr/bin/env bash
# Creates .venv at the repository root with the pinned Python packages that the Python client tests
# (Tests/WharfIntegrationTests/python, driven by PythonClientTests.swift) need. Safe to re-run.
# PYTHON picks the interpreter (default python3; tested with CPython 3.11).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-python3}
requirements="$root/Tests/WharfIntegrationTests/python/requirements.txt"

if [ ! -x "$root/.venv/bin/python" ]; then
    "$python" -m venv "$root/.venv"
fi
"$root/.venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
"$root/.venv/bin/python" -c 'import etcd3, grpc, kubernetes, pytest; print("python clients ready: etcd3", etcd3.__version__, "grpcio", grpc.__version__, "kubernetes", kubernetes.__version__)'
