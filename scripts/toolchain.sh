#!/usr/bin/env bash
# Provides, idempotently and cached outside the repository, everything that real (not synthesized)
# Terraform runs of this project need on a machine that reaches only package registries:
#
#   1. the Terraform providers the TypeScript bindings pin, laid out as a filesystem mirror, plus a
#      CLI configuration that installs only from that mirror. Each is built from the Go module proxy
#      where the proxy serves it, else imported from FLOWX_PROVIDER_MIRROR (a provider mirror the
#      user brings, e.g. from `terraform providers mirror` on a connected host: the air-gapped path);
#   2. a Terraform CLI >= 1.11 (the machine's own, else OpenTofu built from the Go module proxy);
#   3. the Keycloak server distribution from Maven Central, with a Java it starts on (smoke-tested).
#
# Usage:  scripts/toolchain.sh            # progress on stderr, `export` lines on stdout
#         eval "$(scripts/toolchain.sh)"  # or: source "${FLOWX_TOOLCHAIN_DIR:-$HOME/.cache/flowx-toolchain}/env.sh"
#
# Cache: ${FLOWX_TOOLCHAIN_DIR:-$HOME/.cache/flowx-toolchain}. Go's module and build caches stay in
# their default places. A second run only checks (each step skips when its artifact exists and
# reports the expected version). Knobs:
#   FLOWX_TOOLCHAIN_DIR           cache folder (above)
#   FLOWX_PROVIDER_MIRROR         a filesystem mirror (packed .zip or unpacked layout) holding the
#                                 providers the Go module proxy refuses; no default
#   FLOWX_FORCE_TOFU=1            build and use OpenTofu even if terraform >= 1.11 is on the PATH
#   FLOWX_SKIP_KEYCLOAK=1         skip the Keycloak step
#   FLOWX_TOOLCHAIN_REVERIFY=1    re-run the Keycloak smoke test and the `init` check of the mirror
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)

TC_DIR=${FLOWX_TOOLCHAIN_DIR:-$HOME/.cache/flowx-toolchain}
mkdir -p "$TC_DIR"
TC_DIR=$(cd "$TC_DIR" && pwd)
MIRROR="$TC_DIR/providers"
BIN_DIR="$TC_DIR/bin"
STAMPS="$TC_DIR/stamps"
CLI_CONFIG="$TC_DIR/terraform.rc"
# Every terraform/tofu call below reads this one (a missing file makes them print warnings on stdout).
export TF_CLI_CONFIG_FILE="$CLI_CONFIG"
ENV_FILE="$TC_DIR/env.sh"
REPO_ENV_FILE="$REPO_ROOT/.toolchain/env.sh"
PLATFORM=linux_amd64
USER_MIRROR=${FLOWX_PROVIDER_MIRROR:-}

KEYCLOAK_VERSION=26.7.3
KEYCLOAK_ARTIFACT="org.keycloak:keycloak-quarkus-dist:${KEYCLOAK_VERSION}:tar.gz"
TOFU_VERSION=v1.12.6
TOFU_HCL_REPLACE='github.com/hashicorp/hcl/v2 v2.20.1 => github.com/opentofu/hcl/v2 v2.20.2-0.20251021132045-587d123c2828'
MIN_TERRAFORM=1.11.0

# Each line: name, namespace, version, module path (as its go.mod declares it), the Go
# pseudo-version of the release commit, the commit (the one tag v<version> points at), and the
# repository (owner+name) that holds it.
PROVIDERS=(
  "kubernetes hashicorp 2.38.0 github.com/hashicorp/terraform-provider-kubernetes v1.13.4-0.20250721172020-be88f4427105 be88f44271050f69d52f410bca388834afedfe71 hashicorp+terraform-provider-kubernetes"
  "helm hashicorp 3.1.1 github.com/hashicorp/terraform-provider-helm v1.3.3-0.20251117192655-1cbf08f6a306 1cbf08f6a306ab3cdff6079b87a61c7641b64f3b hashicorp+terraform-provider-helm"
  "keycloak keycloak 5.6.0 github.com/keycloak/terraform-provider-keycloak v0.0.0-20251223153209-a6bac02bcc92 a6bac02bcc92289c28e916a1d92a80e5adf17293 keycloak+terraform-provider-keycloak"
  "random hashicorp 3.7.2 github.com/terraform-providers/terraform-provider-random v1.3.2-0.20250422105519-bc2ddb552b46 bc2ddb552b4676d16997987a9bf2875c7b98d342 hashicorp+terraform-provider-random"
)

export CGO_ENABLED=0
export CHECKPOINT_DISABLE=1
unset TF_PLUGIN_CACHE_DIR

# ---------------------------------------------------------------------------------------------- util
log() { printf '[toolchain %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

SUMMARY=()
step_start() { STEP_NAME=$1; STEP_T0=$(now); }
step_done() { # $1 = what happened (e.g. "built", "cached")
  local secs
  secs=$(elapsed "$STEP_T0")
  SUMMARY+=("$(printf '%-38s %-60s %7ss' "$STEP_NAME" "$1" "$secs")")
  log "$STEP_NAME: $1 (${secs}s)"
}

sha() { sha256sum "$1" | cut -d' ' -f1; }
stamp_ok() { [[ -f "$STAMPS/$1" && "$(<"$STAMPS/$1")" == "$2" ]]; }
stamp_write() { mkdir -p "$STAMPS"; printf '%s' "$2" >"$STAMPS/$1"; }
write_if_changed() { # path content
  if [[ ! -f "$1" || "$(<"$1")" != "$2" ]]; then
    mkdir -p "$(dirname "$1")"
    printf '%s\n' "$2" >"$1.tmp.$$" && mv -f "$1.tmp.$$" "$1"
  fi
}
version_ge() { [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" == "$2" ]]; }

# Serialize concurrent runs on one machine.
exec 9>"$TC_DIR/.lock"
flock 9

# ----------------------------------------------------------------------------------------- providers
# Finds the provider in the user's mirror, unpacked or packed (`terraform providers mirror` layout).
import_from_user_mirror() { # ns name ver dest-binary
  local ns=$1 name=$2 ver=$3 dest=$4 base cand zip
  [[ -n "$USER_MIRROR" ]] || return 1
  for base in "$USER_MIRROR/registry.terraform.io" "$USER_MIRROR/registry.opentofu.org"; do
    for cand in "$base/$ns/$name/$ver/$PLATFORM/terraform-provider-${name}_v${ver}"*; do
      [[ -f "$cand" && -x "$cand" ]] || continue
      cp -f "$cand" "$dest" && return 0
    done
    zip="$base/$ns/$name/terraform-provider-${name}_${ver}_${PLATFORM}.zip"
    if [[ -f "$zip" ]]; then
      python3 - "$zip" "$dest" <<'PY' && chmod +x "$dest" && return 0
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    member = next(n for n in z.namelist() if n.startswith("terraform-provider-"))
    with z.open(member) as src, open(sys.argv[2], "wb") as out:
        out.write(src.read())
PY
    fi
  done
  return 1
}

build_provider() {
  local name=$1 ns=$2 ver=$3 module=$4 pseudo=$5 commit=$6 source=$7
  local repo tfdir target stamp_key stamp_val tmp ldflags how
  repo=${source#*+}
  tfdir="$MIRROR/registry.terraform.io/$ns/$name/$ver/$PLATFORM"
  target="$tfdir/terraform-provider-${name}_v${ver}"
  stamp_key="provider-$ns-$name-$ver"
  step_start "provider $ns/$name $ver"

  if [[ -x "$target" && -f "$STAMPS/$stamp_key" ]] \
    && [[ "$(head -n1 "$STAMPS/$stamp_key")" == "$module@$commit" ]] \
    && [[ "$(sed -n 2p "$STAMPS/$stamp_key")" == "$(sha "$target")" ]] \
    && [[ "$(sed -n 3p "$STAMPS/$stamp_key")" == "go install "* || "$(sed -n 3p "$STAMPS/$stamp_key")" == "imported from FLOWX_PROVIDER_MIRROR ($USER_MIRROR)" ]]; then
    link_opentofu "$ns" "$name" "$ver"
    step_done "cached ($(sed -n 3p "$STAMPS/$stamp_key"))"
    return 0
  fi

  tmp=$(mktemp -d "$TC_DIR/.build.XXXXXX")
  ldflags="-s -w -X main.Version=$ver -X main.version=$ver -X main.commit=$commit"
  log "building $ns/$name $ver ($module@$commit)"
  # 1) straight from the Go module proxy (its canonical version of the commit: asking by the bare
  #    hash makes the proxy resolve it, which a filtering proxy refuses; the pseudo-version is the same commit).
  if GOBIN="$tmp/bin" go install -trimpath -ldflags="$ldflags" "$module@$pseudo" 2>"$tmp/proxy.err"; then
    how="go install $module@$pseudo"
  else
    log "  the Go module proxy did not serve it: $(grep -m1 -oE '(40[0-9] [A-Za-z ]+|server response: .*|not available.*)' "$tmp/proxy.err" || tail -n1 "$tmp/proxy.err")"
    # 2) from the user's provider mirror (official release binaries, or their own builds).
    mkdir -p "$tmp/bin"
    import_from_user_mirror "$ns" "$name" "$ver" "$tmp/bin/$repo" \
      || die "$ns/$name $ver is not available: the Go module proxy refuses $module at that commit, and FLOWX_PROVIDER_MIRROR${USER_MIRROR:+=$USER_MIRROR} holds no copy. Bring a provider mirror (on a connected host: terraform providers mirror -platform=$PLATFORM DIR) and set FLOWX_PROVIDER_MIRROR=DIR. See docs/toolchain.md"
    how="imported from FLOWX_PROVIDER_MIRROR ($USER_MIRROR)"
  fi

  [[ -x "$tmp/bin/$repo" ]] || die "build of $name produced no binary"
  # Run without the plugin handshake, a provider says so and exits 1.
  [[ "$("$tmp/bin/$repo" 2>&1 || true)" == *"This binary is a plugin"* ]] \
    || die "$tmp/bin/$repo does not behave like a Terraform provider plugin"
  mkdir -p "$tfdir"
  mv -f "$tmp/bin/$repo" "$target"
  rm -rf "$tmp"
  link_opentofu "$ns" "$name" "$ver"
  stamp_val=$(printf '%s\n%s\n%s\n%s' "$module@$commit" "$(sha "$target")" "$how" "$(go env GOVERSION)")
  stamp_write "$stamp_key" "$stamp_val"
  step_done "built: $how"
}

# OpenTofu looks the same providers up under registry.opentofu.org: hard links, no second copy.
link_opentofu() {
  local ns=$1 name=$2 ver=$3 src dst
  src="$MIRROR/registry.terraform.io/$ns/$name/$ver/$PLATFORM/terraform-provider-${name}_v${ver}"
  dst="$MIRROR/registry.opentofu.org/$ns/$name/$ver/$PLATFORM/terraform-provider-${name}_v${ver}"
  if [[ ! "$dst" -ef "$src" ]]; then
    mkdir -p "$(dirname "$dst")"
    ln -f "$src" "$dst" 2>/dev/null || cp -f "$src" "$dst"
  fi
}

write_cli_config() {
  step_start "cli config"
  write_if_changed "$CLI_CONFIG" "# Written by scripts/toolchain.sh: install providers only from the local mirror.
provider_installation {
  filesystem_mirror {
    path    = \"$MIRROR\"
    include = [\"registry.terraform.io/*/*\", \"registry.opentofu.org/*/*\"]
  }
}"
  step_done "$CLI_CONFIG"
}

# -------------------------------------------------------------------------------------------- the CLI
TF_BINARY_NAME=terraform
TF_CLI_PATH=
ensure_cli() {
  step_start "terraform cli"
  local tfv=""
  if [[ "${FLOWX_FORCE_TOFU:-}" != 1 ]] && command -v terraform >/dev/null 2>&1; then
    tfv=$(terraform version -json 2>/dev/null | jq -r '.terraform_version // empty' 2>/dev/null || true)
    [[ -n "$tfv" ]] || tfv=$(terraform version 2>/dev/null | sed -n '1s/^Terraform v//p')
    if [[ -n "$tfv" ]] && version_ge "$tfv" "$MIN_TERRAFORM"; then
      TF_CLI_PATH=$(command -v terraform)
      step_done "machine's terraform $tfv ($TF_CLI_PATH)"
      return 0
    fi
    log "terraform ${tfv:-of unknown version} on the PATH is older than $MIN_TERRAFORM: using OpenTofu"
  fi
  build_tofu
}

build_tofu() {
  local tofu="$BIN_DIR/tofu" want="OpenTofu ${TOFU_VERSION}" wrap
  TF_BINARY_NAME=tofu
  TF_CLI_PATH=$tofu
  if [[ -x "$tofu" ]] && "$tofu" version 2>/dev/null | grep -qx "$want"; then
    step_done "cached: $want ($tofu)"
    return 0
  fi
  log "building OpenTofu $TOFU_VERSION from the Go module proxy (several minutes)"
  wrap="$TC_DIR/build/tofu-$TOFU_VERSION"
  rm -rf "$wrap"
  mkdir -p "$wrap" "$BIN_DIR"
  # A wrapper module: a dependency's replace directives are ignored, so repeat OpenTofu's one.
  cat >"$wrap/go.mod" <<EOF
module flowx.local/tofu-build

go 1.26

replace $TOFU_HCL_REPLACE
EOF
  if ! (
    cd "$wrap"
    go get "github.com/opentofu/opentofu/cmd/tofu@$TOFU_VERSION"
    go build -trimpath -ldflags "-s -w -X 'github.com/opentofu/opentofu/version.dev=no'" \
      -o "$tofu.tmp" github.com/opentofu/opentofu/cmd/tofu
  ) >"$wrap/build.log" 2>&1; then
    grep -v '^go: downloading' "$wrap/build.log" | tail -n 40 >&2
    die "OpenTofu build failed (log: $wrap/build.log)"
  fi
  mv -f "$tofu.tmp" "$tofu"
  "$tofu" version 2>/dev/null | grep -qx "$want" || die "built tofu does not report '$want'"
  step_done "built: $want ($tofu)"
}

# ------------------------------------------------------------------------------------------ Keycloak
KC_HOME="$TC_DIR/keycloak/keycloak-$KEYCLOAK_VERSION"
KC_JAVA=""

java_major() { # JAVA_HOME -> feature version (17, 21, 25, ...)
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit }'
}

# Picks the newest Java >= 17 (Keycloak 26.7 classes are Java 17 bytecode; Keycloak recommends 21+).
pick_java() {
  local best="" best_major=0 cand major real seen=" "
  local cands=("${FLOWX_KEYCLOAK_JAVA_HOME:-}")
  if command -v java >/dev/null 2>&1; then
    real=$(readlink -f "$(command -v java)")
    cands+=("${real%/bin/java}")
  fi
  for cand in /usr/lib/jvm/*; do cands+=("$cand"); done
  for cand in "${cands[@]}"; do
    [[ -n "$cand" && -x "$cand/bin/java" ]] || continue
    real=$(readlink -f "$cand")
    [[ "$seen" == *" $real "* ]] && continue
    seen+="$real "
    major=$(java_major "$cand" 2>/dev/null || true)
    [[ "$major" =~ ^[0-9]+$ ]] || continue
    if [[ -n "${FLOWX_KEYCLOAK_JAVA_HOME:-}" && "$cand" == "$FLOWX_KEYCLOAK_JAVA_HOME" && $major -ge 17 ]]; then
      best=$cand; best_major=$major; break
    fi
    if ((major > best_major)); then best=$cand; best_major=$major; fi
  done
  ((best_major >= 17)) || return 1
  echo "$best"
}

ensure_java() {
  step_start "java for keycloak"
  if KC_JAVA=$(pick_java); then
    step_done "java $(java_major "$KC_JAVA") ($KC_JAVA)"
    return 0
  fi
  log "no Java >= 17 found: installing one from Debian"
  apt-get update -qq >&2
  local pkg
  for pkg in openjdk-21-jre-headless openjdk-17-jre-headless; do
    if apt-cache show "$pkg" >/dev/null 2>&1; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >&2
      break
    fi
  done
  KC_JAVA=$(pick_java) || die "no Java >= 17 for Keycloak"
  step_done "installed java $(java_major "$KC_JAVA") ($KC_JAVA)"
}

ensure_keycloak() {
  step_start "keycloak $KEYCLOAK_VERSION dist"
  if [[ -f "$KC_HOME/version.txt" ]] && grep -q "Version $KEYCLOAK_VERSION\$" "$KC_HOME/version.txt" \
    && [[ -x "$KC_HOME/bin/kc.sh" ]]; then
    step_done "cached ($KC_HOME)"
    return 0
  fi
  local dl="$TC_DIR/downloads" tgz unpack
  tgz="$dl/keycloak-quarkus-dist-$KEYCLOAK_VERSION.tar.gz"
  mkdir -p "$dl"
  if [[ ! -f "$tgz" ]]; then
    log "fetching $KEYCLOAK_ARTIFACT with Maven"
    mvn -B -q -Dstyle.color=never dependency:copy -Dartifact="$KEYCLOAK_ARTIFACT" -DoutputDirectory="$dl" >&2
  fi
  unpack=$(mktemp -d "$TC_DIR/.keycloak.XXXXXX")
  tar -xzf "$tgz" -C "$unpack"
  [[ -x "$unpack/keycloak-$KEYCLOAK_VERSION/bin/kc.sh" ]] || die "unexpected layout in $tgz"
  rm -rf "$KC_HOME"
  mkdir -p "$(dirname "$KC_HOME")"
  mv "$unpack/keycloak-$KEYCLOAK_VERSION" "$KC_HOME"
  rm -rf "$unpack" "$tgz" # Maven's local repository keeps the archive
  rm -f "$STAMPS/keycloak-smoke"
  step_done "downloaded and unpacked ($KC_HOME)"
}

# Starts Keycloak once (this also runs its one-time build step for the options keycloak.sh uses, so
# later starts skip it), asks for an admin token, stops it.
smoke_keycloak() {
  step_start "keycloak smoke test"
  local want data url token secs
  want=$(printf '%s\n%s\n%s' "$KEYCLOAK_VERSION" "$KC_JAVA" "$("$KC_JAVA/bin/java" -version 2>&1 | head -n1)")
  if [[ "${FLOWX_TOOLCHAIN_REVERIFY:-}" != 1 ]] && stamp_ok keycloak-smoke "$want"; then
    step_done "cached (started before with $(basename "$KC_JAVA"))"
    return 0
  fi
  data=$(mktemp -d "${TMPDIR:-/tmp}/flowx-kc-smoke.XXXXXX")
  url=$(KEYCLOAK_HOME="$KC_HOME" KEYCLOAK_JAVA_HOME="$KC_JAVA" "$SCRIPT_DIR/keycloak.sh" start "$data") || {
    rm -rf "$data"
    die "Keycloak did not start"
  }
  secs=$(<"$data/start-seconds")
  token=$(curl -fsS --max-time 30 -d grant_type=password -d client_id=admin-cli -d username=admin \
    --data-urlencode "password@$data/admin-password" \
    "$url/realms/master/protocol/openid-connect/token" | jq -r '.access_token // empty' || true)
  "$SCRIPT_DIR/keycloak.sh" stop "$data"
  rm -rf "$data"
  [[ -n "$token" ]] || die "Keycloak started but gave no admin token"
  stamp_write keycloak-smoke "$want"
  step_done "started in ${secs}s, admin token ok, stopped"
}

# ------------------------------------------------------------------------------- the mirror, for real
verify_mirror() {
  step_start "terraform init check"
  local want dir line p ok=1 sums=""
  for line in "${PROVIDERS[@]}"; do
    read -r name ns ver _ <<<"$line"
    sums+="$(sed -n 2p "$STAMPS/provider-$ns-$name-$ver") "
  done
  want=$(printf '%s\n%s\n%s' "$TF_CLI_PATH" "$("$TF_CLI_PATH" version 2>/dev/null | grep -m1 -E '^(Terraform|OpenTofu) v')" "$sums")
  if [[ "${FLOWX_TOOLCHAIN_REVERIFY:-}" != 1 ]] && stamp_ok mirror-init "$want"; then
    step_done "cached (init from the mirror passed before)"
    return 0
  fi
  dir=$(mktemp -d "${TMPDIR:-/tmp}/flowx-tf-init.XXXXXX")
  {
    echo 'terraform {'
    echo '  required_providers {'
    for line in "${PROVIDERS[@]}"; do
      read -r name ns ver _ <<<"$line"
      printf '    %s = {\n      source  = "%s/%s"\n      version = "= %s"\n    }\n' "$name" "$ns" "$name" "$ver"
    done
    echo '  }'
    echo '}'
  } >"$dir/main.tf"
  if ! (cd "$dir" && TF_CLI_CONFIG_FILE="$CLI_CONFIG" TF_IN_AUTOMATION=1 "$TF_CLI_PATH" init -input=false -no-color) >"$dir/init.log" 2>&1; then
    cat "$dir/init.log" >&2
    die "init from the mirror failed (log above)"
  fi
  for line in "${PROVIDERS[@]}"; do
    read -r name ns ver _ <<<"$line"
    p="$ns/$name v$ver"
    if grep -q "Installed $p" "$dir/init.log"; then
      log "  init installed $p"
    else
      log "  init did not report installing $p"
      ok=0
    fi
  done
  ((ok)) || { cat "$dir/init.log" >&2; die "init did not install every provider from the mirror"; }
  rm -rf "$dir"
  stamp_write mirror-init "$want"
  step_done "init installed all ${#PROVIDERS[@]} providers from the mirror"
}

# --------------------------------------------------------------------------------------- env file
write_env() {
  step_start "env file"
  local content
  content="# Written by scripts/toolchain.sh; source it.
export FLOWX_TOOLCHAIN_DIR='$TC_DIR'
export TF_CLI_CONFIG_FILE='$CLI_CONFIG'
export CHECKPOINT_DISABLE=1
unset TF_PLUGIN_CACHE_DIR
case \":\$PATH:\" in *':$BIN_DIR:'*) ;; *) export PATH='$BIN_DIR':\"\$PATH\" ;; esac"
  if [[ "$TF_BINARY_NAME" == tofu ]]; then
    content+="
export TERRAFORM_BINARY_NAME=tofu"
  fi
  if [[ -n "$KC_JAVA" ]]; then
    content+="
export KEYCLOAK_HOME='$KC_HOME'
export KEYCLOAK_JAVA_HOME='$KC_JAVA'
export JAVA_HOME='$KC_JAVA'"
  fi
  write_if_changed "$ENV_FILE" "$content"
  write_if_changed "$REPO_ENV_FILE" "$content"
  step_done "$ENV_FILE (copy: ${REPO_ENV_FILE#"$REPO_ROOT"/})"
}

# --------------------------------------------------------------------------------------------- main
T0=$(now)
log "cache: $TC_DIR"
command -v go >/dev/null || die "go is not on the PATH"
mkdir -p "$MIRROR" "$BIN_DIR" "$STAMPS"
rm -rf "$TC_DIR"/.build.* "$TC_DIR"/.keycloak.* # leftovers of an interrupted run (we hold the lock)

for line in "${PROVIDERS[@]}"; do
  # shellcheck disable=SC2086
  build_provider $line
done
write_cli_config
ensure_cli
if [[ "${FLOWX_SKIP_KEYCLOAK:-}" != 1 ]]; then
  ensure_java
  ensure_keycloak
  smoke_keycloak
fi
verify_mirror
write_env

{
  echo "---- summary (${TC_DIR}) ----"
  printf '%s\n' "${SUMMARY[@]}"
  echo "total: $(elapsed "$T0")s"
} >&2

cat "$ENV_FILE"
