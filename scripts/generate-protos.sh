#!/usr/bin/env bash
# Regenerates Sources/EtcdWire/Generated (the etcd v3 protobuf messages) from
# scripts/protos/etcd/*.proto. Uses Debian's protoc (apt-get install protobuf-compiler) and builds
# protoc-gen-swift from the mirrored swift-protobuf at the version Package.swift names. The gRPC
# services themselves are routed by hand (WharfGRPC), so no gRPC code is generated.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${WHARF_PROTOC_WORK:-"$root/.build-protoc"}
swift_protobuf_version=1.39.0

command -v protoc >/dev/null || { echo "protoc not found: apt-get install protobuf-compiler" >&2; exit 1; }

plugin="$work/swift-protobuf/.build/release/protoc-gen-swift"
if [ ! -x "$plugin" ]; then
    mkdir -p "$work"
    [ -d "$work/swift-protobuf" ] || git clone -q --branch "$swift_protobuf_version" \
        https://github.com/apple/swift-protobuf.git "$work/swift-protobuf"
    (cd "$work/swift-protobuf" && swift build -c release --product protoc-gen-swift)
fi
out="$root/Sources/EtcdWire/Generated"
rm -f "$out"/*.swift
mkdir -p "$out"
cd "$root/scripts/protos/etcd"
protoc -I. \
    --plugin=protoc-gen-swift="$plugin" \
    --swift_out="$out" --swift_opt=Visibility=Public \
    kv.proto auth.proto rpc.proto
echo "generated: $(ls "$out" | tr '\n' ' ')"
