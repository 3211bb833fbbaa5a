#!/usr/bin/env bash
# Builds, idempotently and cached outside the repository, the binaries of a real Kubernetes control
# plane from the Go module proxy (no container images, no release downloads):
#
#   etcd                       go.etcd.io/etcd/server/v3@$ETCD_VERSION
#   kube-apiserver             k8s.io/kubernetes/cmd/kube-apiserver@$KUBE_VERSION
#   kube-controller-manager    k8s.io/kubernetes/cmd/kube-controller-manager@$KUBE_VERSION
#   kubectl (opt-in)           k8s.io/kubernetes/cmd/kubectl@$KUBE_VERSION
#
# k8s.io/kubernetes cannot be built as a plain dependency: its go.mod requires every staging module
# (k8s.io/api, k8s.io/apiserver, ...) at v0.0.0 and replaces them with ./staging/... folders that a
# module download does not carry. This script builds it from a wrapper module that requires
# k8s.io/kubernetes@vX.Y.Z and replaces each of those staging modules with its published v0.Y.Z.
# The list is read from the go.mod of the requested release, so nothing here is hand-maintained.
# The version variables of component-base and client-go are set with -ldflags so /version and
# --version report vX.Y.Z (a plain build reports v0.0.0-master).
#
# Usage:  scripts/kube-toolchain.sh [--with-kubectl]   # progress on stderr, `export` lines on stdout
#         eval "$(scripts/kube-toolchain.sh)"
#
# Cache: ${FLOWX_TOOLCHAIN_DIR:-$HOME/.cache/flowx-toolchain} (binaries in bin/, wrapper modules in
# kube-build/, stamps in stamps/, lock .kube.lock). Go's module and build caches stay in their default places. A second run
# only checks (stamp file + `--version` of each binary) and takes seconds. Knobs:
#   FLOWX_TOOLCHAIN_DIR        cache folder (above)
#   FLOWX_KUBE_VERSION         Kubernetes release (default below); all k8s.io modules follow it
#   FLOWX_ETCD_VERSION         etcd release (default below)
#   FLOWX_KUBE_KUBECTL=1       also build kubectl (same as --with-kubectl)
#   FLOWX_GO_BUILD_JOBS        `go build -p` (default 2)
#   FLOWX_KUBE_REBUILD=1       ignore stamps and rebuild everything
set -euo pipefail

KUBE_VERSION=${FLOWX_KUBE_VERSION:-v1.37.2}
ETCD_VERSION=${FLOWX_ETCD_VERSION:-v3.6.17}
JOBS=${FLOWX_GO_BUILD_JOBS:-2}
WITH_KUBECTL=${FLOWX_KUBE_KUBECTL:-0}

for arg in "$@"; do
  case "$arg" in
    --with-kubectl) WITH_KUBECTL=1 ;;
    -h | --help) sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done

TC_DIR=${FLOWX_TOOLCHAIN_DIR:-$HOME/.cache/flowx-toolchain}
mkdir -p "$TC_DIR"
TC_DIR=$(cd "$TC_DIR" && pwd)
BIN_DIR="$TC_DIR/bin"
STAMPS="$TC_DIR/stamps"
SRC_DIR="$TC_DIR/kube-build" # our own folder: other steps of the toolchain manage the rest of $TC_DIR
mkdir -p "$BIN_DIR" "$STAMPS" "$SRC_DIR"

# One run at a time (our own lock file: scripts/toolchain.sh may call us while holding its .lock).
exec 8>"$TC_DIR/.kube.lock"
flock 8

export CGO_ENABLED=0
# (Version checks read whole outputs: `prog --version | grep -q` can fail under pipefail when grep
# exits early and the program dies of SIGPIPE.)
# Never let a dependency's `go`/`toolchain` line download another Go toolchain behind our back.
export GOTOOLCHAIN=${GOTOOLCHAIN:-local}
# The wrapper modules live outside any VCS checkout.
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-buildvcs=false"

# ---------------------------------------------------------------------------------------------- util
log() { printf '[kube-toolchain %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

SUMMARY=()
step_start() { STEP_NAME=$1; STEP_T0=$(now); log "$STEP_NAME ..."; }
step_done() {
  local secs
  secs=$(elapsed "$STEP_T0")
  SUMMARY+=("$(printf '%-34s %-62s %7ss' "$STEP_NAME" "$1" "$secs")")
  log "$STEP_NAME: $1 (${secs}s)"
}
stamp_ok() { [[ -f "$STAMPS/$1" && "$(<"$STAMPS/$1")" == "$2" ]]; }
sha() { sha256sum "$1" | cut -d' ' -f1; }

# JSON field of `go mod download -json` output (no jq dependency).
json_field() { sed -n "s/^[[:space:]]*\"$1\": \"\(.*\)\",\{0,1\}\$/\1/p" | sed -n 1p; }

# `go version` >= the `go` line of a go.mod?
go_at_least() {
  local have need
  have=$(go env GOVERSION | sed 's/^go//; s/[^0-9.].*$//')
  need=$1
  [[ "$(printf '%s\n%s\n' "$need" "$have" | sort -V | head -n1)" == "$need" ]]
}

# Builds $2 (a package path) of the wrapper module in $1 into $BIN_DIR/$3 with ldflags $4.
go_build() {
  local dir=$1 pkg=$2 out=$3 ldflags=$4
  (cd "$dir" && go build -p "$JOBS" -trimpath -ldflags "$ldflags" -o "$BIN_DIR/$out.tmp" "$pkg")
  mv -f "$BIN_DIR/$out.tmp" "$BIN_DIR/$out"
}

command -v go >/dev/null || die "go is not on the PATH"
log "cache $TC_DIR; $(go env GOVERSION); GOMODCACHE=$(go env GOMODCACHE); GOCACHE=$(go env GOCACHE); -p $JOBS"
T_ALL=$(now)

# ---------------------------------------------------------------------------------------------- etcd
ETCD_SEMVER=${ETCD_VERSION#v}
etcd_stamp() { printf '%s\n%s\n%s' "go.etcd.io/etcd/server/v3@$ETCD_VERSION" "$(go env GOVERSION)" "$(sha "$BIN_DIR/etcd")"; }
etcd_ok() {
  [[ -x "$BIN_DIR/etcd" ]] && stamp_ok etcd "$(etcd_stamp)" &&
    [[ "$("$BIN_DIR/etcd" --version 2>/dev/null | sed -n 1p)" == "etcd Version: $ETCD_SEMVER" ]]
}

step_start "etcd $ETCD_VERSION"
if [[ "${FLOWX_KUBE_REBUILD:-0}" != 1 ]] && etcd_ok; then
  step_done "cached ($BIN_DIR/etcd)"
else
  d="$SRC_DIR/etcd-$ETCD_VERSION"
  mkdir -p "$d"
  etcd_json=$(go mod download -json "go.etcd.io/etcd/server/v3@$ETCD_VERSION") ||
    die "the Go module proxy does not serve go.etcd.io/etcd/server/v3@$ETCD_VERSION"
  etcd_gomod=$(json_field GoMod <<<"$etcd_json")
  etcd_go=$(sed -n 's/^go \([0-9.]*\).*$/\1/p' "$etcd_gomod")
  go_at_least "$etcd_go" || die "etcd $ETCD_VERSION needs go >= $etcd_go, have $(go env GOVERSION)"
  cat >"$d/go.mod" <<EOF
// Generated by scripts/kube-toolchain.sh: a wrapper module that builds etcd from the Go module proxy.
module flowx.local/etcd-build

go $etcd_go

require go.etcd.io/etcd/server/v3 $ETCD_VERSION

tool go.etcd.io/etcd/server/v3
EOF
  rm -f "$d/go.sum"
  (cd "$d" && go mod tidy) >&2
  t=$(now)
  go_build "$d" go.etcd.io/etcd/server/v3 etcd "-s -w"
  log "go build etcd: $(elapsed "$t")s"
  v=$("$BIN_DIR/etcd" --version | sed -n 1p)
  [[ "$v" == "etcd Version: $ETCD_SEMVER" ]] || die "built etcd reports: $v"
  etcd_stamp >"$STAMPS/etcd"
  step_done "built ($BIN_DIR/etcd)"
fi

# ---------------------------------------------------------------------------------------- kubernetes
[[ "$KUBE_VERSION" =~ ^v([0-9]+)\.([0-9]+)\.([0-9]+)$ ]] || die "FLOWX_KUBE_VERSION must look like v1.37.2"
KUBE_MAJOR=${BASH_REMATCH[1]}
KUBE_MINOR=${BASH_REMATCH[2]}
KUBE_PATCH=${BASH_REMATCH[3]}
STAGING_VERSION="v0.$KUBE_MINOR.$KUBE_PATCH"

KUBE_BINS=(kube-apiserver kube-controller-manager)
[[ "$WITH_KUBECTL" == 1 ]] && KUBE_BINS+=(kubectl)

kube_stamp() { printf '%s\n%s\n%s' "k8s.io/kubernetes@$KUBE_VERSION" "$(go env GOVERSION)" "$(sha "$BIN_DIR/$1")"; }
kube_ok() {
  [[ -x "$BIN_DIR/$1" ]] && stamp_ok "$1" "$(kube_stamp "$1")" || return 1
  if [[ "$1" == kubectl ]]; then
    [[ "$("$BIN_DIR/kubectl" version --client 2>/dev/null | sed -n 1p)" == "Client Version: $KUBE_VERSION" ]]
  else
    [[ "$("$BIN_DIR/$1" --version 2>/dev/null)" == "Kubernetes $KUBE_VERSION" ]]
  fi
}

todo=()
for b in "${KUBE_BINS[@]}"; do
  step_start "$b $KUBE_VERSION"
  if [[ "${FLOWX_KUBE_REBUILD:-0}" != 1 ]] && kube_ok "$b"; then
    step_done "cached ($BIN_DIR/$b)"
  else
    todo+=("$b")
  fi
done

if ((${#todo[@]})); then
  KDIR="$SRC_DIR/kubernetes-$KUBE_VERSION"
  mkdir -p "$KDIR"

  step_start "wrapper module $KUBE_VERSION"
  kube_json=$(go mod download -json "k8s.io/kubernetes@$KUBE_VERSION") ||
    die "the Go module proxy does not serve k8s.io/kubernetes@$KUBE_VERSION"
  kube_gomod=$(json_field GoMod <<<"$kube_json")
  kube_info=$(json_field Info <<<"$kube_json")
  kube_go=$(sed -n 's/^go \([0-9.]*\).*$/\1/p' "$kube_gomod")
  go_at_least "$kube_go" || die "Kubernetes $KUBE_VERSION needs go >= $kube_go, have $(go env GOVERSION)"
  # Every `k8s.io/x => ./staging/src/k8s.io/x` replacement, in block or single-line form.
  mapfile -t staging < <(sed -n -E 's#^[[:space:]]*(replace[[:space:]]+)?(k8s\.io/[A-Za-z0-9._-]+)[[:space:]]+=>[[:space:]]+\./staging/.*$#\2#p' "$kube_gomod" | sort -u)
  ((${#staging[@]} > 10)) || die "found only ${#staging[@]} staging replacements in $kube_gomod"
  # Modules k8s.io/kubernetes actually requires must be served at the matching version; the others
  # (sample-cli-plugin, ...) are replaced too but never loaded.
  required=()
  for m in "${staging[@]}"; do
    grep -qE "^[[:space:]]*(require[[:space:]]+)?${m//./\\.}[[:space:]]+v" "$kube_gomod" && required+=("$m")
  done
  # Godebug settings of k8s.io/kubernetes apply only when it is the main module: carry them over.
  godebug=$(sed -n '/^godebug (/,/^)/p; /^godebug [^(]/p' "$kube_gomod")
  build_date=$(sed -n 's/.*"Time":"\([^"]*\)".*/\1/p' "$kube_info")
  {
    echo "// Generated by scripts/kube-toolchain.sh from the go.mod of k8s.io/kubernetes@$KUBE_VERSION:"
    echo "// every staging module it replaces with ./staging/... is replaced with its published $STAGING_VERSION."
    echo "module flowx.local/kubernetes-build"
    echo
    echo "go $kube_go"
    [[ -n "$godebug" ]] && printf '\n%s\n' "$godebug"
    echo
    echo "require k8s.io/kubernetes $KUBE_VERSION"
    echo
    echo "replace ("
    for m in "${staging[@]}"; do printf '\t%s => %s %s\n' "$m" "$m" "$STAGING_VERSION"; done
    echo ")"
    echo
    echo "tool ("
    for b in "${KUBE_BINS[@]}"; do printf '\tk8s.io/kubernetes/cmd/%s\n' "$b"; done
    echo ")"
  } >"$KDIR/go.mod.new"
  if ! cmp -s "$KDIR/go.mod.new" "$KDIR/go.mod" || [[ ! -s "$KDIR/go.sum" ]]; then
    mv -f "$KDIR/go.mod.new" "$KDIR/go.mod"
    rm -f "$KDIR/go.sum"
    (cd "$KDIR" && go mod tidy) >&2 || die "go mod tidy failed in $KDIR (is every k8s.io module served at $STAGING_VERSION?)"
    step_done "${#staging[@]} staging replacements (${#required[@]} required) at $STAGING_VERSION, tidied"
  else
    rm -f "$KDIR/go.mod.new"
    step_done "${#staging[@]} staging replacements at $STAGING_VERSION, unchanged"
  fi

  ldflags="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $pkg.gitVersion=$KUBE_VERSION -X $pkg.gitMajor=$KUBE_MAJOR -X $pkg.gitMinor=$KUBE_MINOR"
    ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.gitCommit= -X $pkg.buildDate=$build_date"
  done

  for b in "${todo[@]}"; do
    step_start "$b $KUBE_VERSION"
    go_build "$KDIR" "k8s.io/kubernetes/cmd/$b" "$b" "$ldflags"
    kube_stamp "$b" >"$STAMPS/$b"
    kube_ok "$b" || die "$BIN_DIR/$b does not report $KUBE_VERSION"
    step_done "built ($BIN_DIR/$b)"
  done
fi

# ------------------------------------------------------------------------------------------- summary
log "summary (total $(elapsed "$T_ALL")s):"
for line in "${SUMMARY[@]}"; do log "  $line"; done

cat <<EOF
export FLOWX_TOOLCHAIN_DIR='$TC_DIR'
export FLOWX_KUBE_BIN_DIR='$BIN_DIR'
export FLOWX_KUBE_VERSION='$KUBE_VERSION'
export FLOWX_ETCD_VERSION='$ETCD_VERSION'
case ":\$PATH:" in *':$BIN_DIR:'*) ;; *) export PATH='$BIN_DIR':"\$PATH" ;; esac
EOF
