#!/usr/bin/env bash
# Builds etcd's own load generator (tools/benchmark from etcd 3.4) from Debian's
# `etcd` source package, offline, in GOPATH mode against Debian's packaged Go
# libraries (/usr/share/gocode). Result: .build-bench/bin/benchmark
#
# Nothing of etcd's code is vendored or committed: the source package is fetched
# with `apt-get source` into .build-bench/ (gitignored via `.build-*/`).
#
# Idempotent: packages already installed, the source already unpacked and a
# binary already built are reused (the Go build cache makes a rebuild quick).
#
# Usage: scripts/bench/build-etcd-benchmark.sh [--force]
#   --force   re-fetch the source package and rebuild from scratch
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK="${WHARF_BENCH_WORK:-$ROOT/.build-bench}"
BIN_DIR="$WORK/bin"
OUT="$BIN_DIR/benchmark"
SRC_DIR="$WORK/etcd-src"
GOPATH_DIR="$WORK/gopath"
FORCE=0

for arg in "$@"; do
    case "$arg" in
        --force) FORCE=1 ;;
        -h|--help) sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument: $arg" >&2; exit 2 ;;
    esac
done

step() { printf '\n==> %s\n' "$*"; }
info() { printf '    %s\n' "$*"; }
die()  { printf 'error: %s\n' "$*" >&2; exit 1; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "need root (or sudo) to install Debian packages"
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive

# Debian packages: the Go toolchain, etcd's Go sources (clientv3, pkg/report,
# mvcc, lease, ...) and the third-party libraries tools/benchmark imports
# directly. dpkg-dev provides dpkg-source for unpacking the source package.
PACKAGES=(
    golang-go
    golang-etcd-server-dev
    golang-github-bgentry-speakeasy-dev
    golang-github-dustin-go-humanize-dev
    golang-github-spf13-cobra-dev
    golang-github-spf13-pflag-dev
    golang-golang-x-time-dev
    golang-gopkg-cheggaaa-pb.v1-dev
    golang-go.uber-zap-dev
    golang-google-grpc-dev
    dpkg-dev
)

APT_UPDATED=0
apt_update_once() {
    if [ "$APT_UPDATED" -eq 0 ]; then
        info "apt-get update"
        $SUDO apt-get update -qq
        APT_UPDATED=1
    fi
}

# ---------------------------------------------------------------------------
step "1/5 Debian packages"
missing=()
for p in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done
if [ "${#missing[@]}" -gt 0 ]; then
    info "installing: ${missing[*]}"
    apt_update_once
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
    info "all present: ${PACKAGES[*]}"
fi
ETCD_DEB_VERSION="$(dpkg-query -W -f='${Version}' golang-etcd-server-dev)"
info "golang-etcd-server-dev $ETCD_DEB_VERSION, $(go version)"

# ---------------------------------------------------------------------------
step "2/5 deb-src entry for the etcd source package"
DEBSRC_FILE=/etc/apt/sources.list.d/wharf-bench-debsrc.sources
if apt-cache showsrc etcd 2>/dev/null | grep -q '^Package: etcd'; then
    info "apt already knows the etcd source package"
else
    # Mirror the configured Debian mirror (first Debian URI found), default deb.debian.org.
    mirror="$(grep -hE '^(URIs:|deb )' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources \
                 /etc/apt/sources.list.d/*.list 2>/dev/null \
              | grep -oE 'https?://[^ ]+/debian/?( |$)' | grep -v security | head -n1 | tr -d ' ' || true)"
    mirror="${mirror:-http://deb.debian.org/debian}"
    codename="$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")"
    info "adding $DEBSRC_FILE (deb-src $mirror $codename $codename-updates main)"
    $SUDO tee "$DEBSRC_FILE" >/dev/null <<EOF
# Added by wharf scripts/bench/build-etcd-benchmark.sh for 'apt-get source etcd'.
Types: deb-src
URIs: $mirror
Suites: $codename $codename-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
    APT_UPDATED=0
    apt_update_once
    apt-cache showsrc etcd 2>/dev/null | grep -q '^Package: etcd' \
        || die "apt still cannot find source package 'etcd' after adding $DEBSRC_FILE"
fi

# ---------------------------------------------------------------------------
step "3/5 etcd source package (into $SRC_DIR)"
UPSTREAM_VERSION="${ETCD_DEB_VERSION%-*}"
UPSTREAM_VERSION="${UPSTREAM_VERSION#*:}"
TREE="$SRC_DIR/etcd-$UPSTREAM_VERSION"
if [ "$FORCE" -eq 1 ]; then
    info "--force: removing $SRC_DIR, $GOPATH_DIR and $OUT"
    rm -rf "$SRC_DIR" "$GOPATH_DIR" "$OUT"
fi
if [ -f "$TREE/tools/benchmark/main.go" ] && [ -f "$TREE/.wharf-debian-version" ] \
   && [ "$(cat "$TREE/.wharf-debian-version")" = "$ETCD_DEB_VERSION" ]; then
    info "reusing $TREE (Debian etcd $ETCD_DEB_VERSION)"
else
    rm -rf "$SRC_DIR"
    mkdir -p "$SRC_DIR"
    # Same source version as the installed golang-etcd-server-dev, so the tool
    # and the libraries it links against match. Fall back to any version.
    info "apt-get source --download-only etcd=$ETCD_DEB_VERSION"
    if ! (cd "$SRC_DIR" && apt-get -qq -o APT::Sandbox::User=root source --download-only "etcd=$ETCD_DEB_VERSION"); then
        info "exact version not available; fetching the default etcd source version"
        (cd "$SRC_DIR" && apt-get -qq -o APT::Sandbox::User=root source --download-only etcd)
    fi
    dsc="$(ls "$SRC_DIR"/etcd_*.dsc | head -n1)"
    info "dpkg-source -x $(basename "$dsc") (applies Debian's patches)"
    # apt-get already checked the files against the signed Sources index; dpkg-source's
    # own gpgv check of the .dsc reports "No public key" without debian-keyring, which
    # is harmless, so its chatter goes to a log that is shown only on failure.
    if ! (cd "$SRC_DIR" && dpkg-source -x "$(basename "$dsc")" "$TREE") >"$SRC_DIR/dpkg-source.log" 2>&1; then
        cat "$SRC_DIR/dpkg-source.log" >&2
        die "dpkg-source -x failed"
    fi
    [ -f "$TREE/tools/benchmark/main.go" ] || die "no tools/benchmark in $TREE"
    echo "$ETCD_DEB_VERSION" > "$TREE/.wharf-debian-version"
fi

# ---------------------------------------------------------------------------
step "4/5 GOPATH workspace ($GOPATH_DIR)"
# Only tools/benchmark goes into our GOPATH entry; everything else it imports
# (go.etcd.io/etcd/clientv3, pkg/report, grpc, cobra, ...) resolves from
# Debian's /usr/share/gocode, the second GOPATH entry.
PKG_DIR="$GOPATH_DIR/src/go.etcd.io/etcd/tools/benchmark"
rm -rf "$PKG_DIR"
mkdir -p "$(dirname "$PKG_DIR")"
cp -a "$TREE/tools/benchmark" "$PKG_DIR"
info "GOPATH=$GOPATH_DIR:/usr/share/gocode (GO111MODULE=off)"

# ---------------------------------------------------------------------------
step "5/5 go build go.etcd.io/etcd/tools/benchmark -> $OUT"
mkdir -p "$BIN_DIR"
export GO111MODULE=off GOFLAGS= GOPROXY=off GOTOOLCHAIN=local
export GOPATH="$GOPATH_DIR:/usr/share/gocode"
export GOCACHE="$WORK/gocache"
start=$(date +%s)
# nice: this machine is shared with Swift builds.
nice -n 10 go build -o "$OUT.tmp" go.etcd.io/etcd/tools/benchmark
mv -f "$OUT.tmp" "$OUT"
info "built in $(( $(date +%s) - start ))s"

"$OUT" --help >/dev/null || die "built binary does not run"
{
    echo "etcd tools/benchmark from Debian source package etcd $ETCD_DEB_VERSION"
    echo "built with $(go version) in GOPATH mode against /usr/share/gocode"
} > "$OUT.version"
info "$(head -n1 "$OUT.version")"
printf '\nOK: %s\n' "$OUT"
