#!/usr/bin/env bash
# Regenerates Sources/EtcdWire/Generated from scripts/protos/etcd/*.proto.
# Uses Debian's protoc (apt-get install protobuf-compiler) and builds the Swift plugins from the
# mirrored swift-protobuf and grpc-swift-protobuf packages at the versions Package.swift names.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${WHARF_PROTOC_WORK:-"$root/.build-protoc"}
grpc_protobuf_version=2.4.1

command -v protoc >/dev/null || { echo "protoc not found: apt-get install protobuf-compiler" >&2; exit 1; }

if [ ! -x "$work/gsp/.build/release/protoc-gen-grpc-swift-2" ] || [ ! -x "$work/gsp/.build/release/protoc-gen-swift" ]; then
    mkdir -p "$work"
    [ -d "$work/gsp" ] || git clone -q --branch "$grpc_protobuf_version" \
        https://github.com/grpc/grpc-swift-protobuf.git "$work/gsp"
    (cd "$work/gsp" && swift build -c release --product protoc-gen-grpc-swift-2 \
        && swift build -c release --product protoc-gen-swift)
fi
bin="$work/gsp/.build/release"
out="$root/Sources/EtcdWire/Generated"
rm -f "$out"/*.swift
mkdir -p "$out"
cd "$root/scripts/protos/etcd"
protoc -I. \
    --plugin=protoc-gen-swift="$bin/protoc-gen-swift" \
    --plugin=protoc-gen-grpc-swift-2="$bin/protoc-gen-grpc-swift-2" \
    --swift_out="$out" --swift_opt=Visibility=Public \
    --grpc-swift-2_out="$out" --grpc-swift-2_opt=Visibility=Public,Client=true,Server=true \
    kv.proto auth.proto rpc.proto
echo "generated: $(ls "$out" | tr '\n' ' ')"
