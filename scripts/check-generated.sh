#!/usr/bin/env bash
# Fails when the committed generated code differs from what scripts/generate-protos.sh produces.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/generate-protos.sh" >/dev/null
git -C "$root" diff --exit-code -- Sources/EtcdWire/Generated
