#!/usr/bin/env bash
# Starts and stops a real, node-less Kubernetes control plane on loopback for the e2e tier:
# etcd, kube-apiserver and kube-controller-manager as built by scripts/kube-toolchain.sh.
#
# Usage:  scripts/kube.sh start  <dir>   # fresh cluster; waits for /readyz; prints `export` lines
#         scripts/kube.sh stop   <dir>   # SIGTERM, then SIGKILL; safe to run twice
#         scripts/kube.sh status <dir>   # exit 0 when all three run and /readyz is ok
#         scripts/kube.sh smoke  <dir>   # checks a started cluster (version, RBAC/admin, restricted
#                                        # Pod Security, controllers, namespace deletion); curl only
#
# Everything lives in <dir>:
#   pki/               CA, API server serving cert (127.0.0.1, localhost, kubernetes.default...),
#                      admin client cert (O=system:masters), service-account key pair. Created once
#                      and kept across restarts, so a kubeconfig stays valid.
#   etcd-data/         etcd's data, wiped on every start (each start is an empty cluster).
#   kubeconfig         admin kubeconfig (certificates embedded).
#   env.sh             `export` lines: KUBECONFIG, FLOWX_KUBE_SERVER, ports, certificate paths.
#   cluster.json       the same for programs (server, caFile, certFile, keyFile, kubeconfig, ports).
#   *.pid, *.log       one per process (etcd, kube-apiserver, kube-controller-manager).
#
# No kubelet and no scheduler run: Deployments get ReplicaSets and Pods (admission, including Pod
# Security, runs on them) but pods stay Pending. Namespace deletion finishes (controller manager).
#
# Binaries: $FLOWX_KUBE_BIN_DIR, else ${FLOWX_TOOLCHAIN_DIR:-$HOME/.cache/flowx-toolchain}/bin, else
# the PATH. Knobs: FLOWX_KUBE_START_TIMEOUT (seconds, default 120), FLOWX_ETCD_QUOTA_BYTES (default
# 256 MiB), FLOWX_KUBE_LOG_LEVEL (klog -v, default 1).
set -euo pipefail

usage() { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
(($# == 2)) || usage
CMD=$1
DIR=$2
if [[ ! -d "$DIR" ]]; then
  case "$CMD" in
    start) mkdir -p "$DIR" ;;
    stop) exit 0 ;; # nothing was started there
    *) echo "no such folder: $DIR" >&2; exit 1 ;;
  esac
fi
DIR=$(cd "$DIR" && pwd)
PKI="$DIR/pki"
COMPONENTS=(kube-controller-manager kube-apiserver etcd) # stop order; start order is the reverse

TC_DIR=${FLOWX_TOOLCHAIN_DIR:-$HOME/.cache/flowx-toolchain}
BIN_DIR=${FLOWX_KUBE_BIN_DIR:-$TC_DIR/bin}
TIMEOUT=${FLOWX_KUBE_START_TIMEOUT:-120}
ETCD_QUOTA=${FLOWX_ETCD_QUOTA_BYTES:-268435456}
LOG_LEVEL=${FLOWX_KUBE_LOG_LEVEL:-1}

log() { printf '[kube %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

bin() {
  if [[ -x "$BIN_DIR/$1" ]]; then echo "$BIN_DIR/$1"
  elif command -v "$1" >/dev/null; then command -v "$1"
  else die "$1 not found in $BIN_DIR nor on the PATH (run scripts/kube-toolchain.sh)"
  fi
}

# pid of component $1 when it is alive and really that program (guards against pid reuse).
alive_pid() {
  local f="$DIR/$1.pid" pid exe
  [[ -f "$f" ]] || return 1
  pid=$(<"$f")
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  exe=$(readlink "/proc/$pid/exe" 2>/dev/null) || return 1
  exe=${exe% (deleted)} # the binary was rebuilt while it ran
  [[ "${exe##*/}" == "$1" ]] || return 1
  echo "$pid"
}

stop_one() {
  local name=$1 pid i
  if pid=$(alive_pid "$name"); then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      log "$name ($pid) ignored SIGTERM for 10s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    log "stopped $name ($pid)"
  fi
  rm -f "$DIR/$name.pid"
}

cmd_stop() {
  local c
  for c in "${COMPONENTS[@]}"; do stop_one "$c"; done
}

curl_admin() { # path [extra curl args]
  local path=$1
  shift
  curl -sS --max-time 5 --cacert "$PKI/ca.crt" --cert "$PKI/admin.crt" --key "$PKI/admin.key" "$@" \
    "https://127.0.0.1:$APISERVER_PORT$path"
}

cmd_status() {
  local c ok=0
  for c in etcd kube-apiserver kube-controller-manager; do
    if pid=$(alive_pid "$c"); then log "$c running ($pid)"; else log "$c not running"; ok=1; fi
  done
  [[ -f "$DIR/env.sh" ]] || return 1
  # shellcheck disable=SC1091
  APISERVER_PORT=$(. "$DIR/env.sh" && echo "$FLOWX_KUBE_APISERVER_PORT")
  if [[ "$(curl_admin /readyz 2>/dev/null)" == ok ]]; then log "/readyz ok"; else log "/readyz not ok"; ok=1; fi
  return $ok
}

# ------------------------------------------------------------------------------------------------ pki
gen_pki() {
  [[ -s "$PKI/ca.crt" && -s "$PKI/apiserver.crt" && -s "$PKI/admin.crt" && -s "$PKI/sa.pub" ]] && return 0
  rm -rf "$PKI"
  mkdir -p "$PKI"
  (
    cd "$PKI"
    umask 077
    ec() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
    ec ca.key
    openssl req -x509 -new -key ca.key -sha256 -days 3650 -subj "/CN=flowx-e2e-ca" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
      -out ca.crt 2>/dev/null
    sign() { # name subject extensions
      ec "$1.key"
      openssl req -new -key "$1.key" -subj "$2" -out "$1.csr" 2>/dev/null
      printf '%s\n' "$3" >"$1.ext"
      openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -sha256 -days 3650 \
        -extfile "$1.ext" -out "$1.crt" 2>/dev/null
      rm -f "$1.csr" "$1.ext"
    }
    sign apiserver "/CN=kube-apiserver" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
    sign admin "/O=system:masters/CN=flowx-e2e-admin" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth"
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out sa.key 2>/dev/null
    openssl pkey -in sa.key -pubout -out sa.pub 2>/dev/null
    chmod 644 ./*.crt sa.pub
  )
}

# n distinct free TCP ports on 127.0.0.1
free_ports() {
  if command -v python3 >/dev/null; then
    python3 - "$1" <<'EOF'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
EOF
  else
    node -e 'const net=require("net");const n=+process.argv[1];const ss=[];let left=n;
      for(let i=0;i<n;i++){const s=net.createServer();ss.push(s);s.listen(0,"127.0.0.1",()=>{if(--left===0){
      console.log(ss.map(x=>x.address().port).join(" "));ss.forEach(x=>x.close());}});}' "$1"
  fi
}

launch() { # name binary args... ; detached from our session, every fd redirected
  local name=$1
  shift
  setsid "$@" </dev/null >"$DIR/$name.log" 2>&1 &
  echo $! >"$DIR/$name.pid"
}

wait_for() { # description deadline(seconds since T0) component command...
  local what=$1 component=$2
  shift 2
  until "$@" >/dev/null 2>&1; do
    alive_pid "$component" >/dev/null ||
      { tail -n 30 "$DIR/$component.log" >&2; cmd_stop; die "$component exited while waiting for $what (log: $DIR/$component.log)"; }
    if (($(date +%s) - T0_S > TIMEOUT)); then
      tail -n 30 "$DIR/$component.log" >&2
      cmd_stop
      die "timed out after ${TIMEOUT}s waiting for $what (log: $DIR/$component.log)"
    fi
    sleep 0.2
  done
  log "$what after $(elapsed "$T0")s"
}

b64() { base64 -w0 <"$1"; }

cmd_start() {
  local c etcd apiserver kcm
  for c in "${COMPONENTS[@]}"; do
    alive_pid "$c" >/dev/null && die "$c already runs for $DIR (scripts/kube.sh stop $DIR first)"
  done
  etcd=$(bin etcd)
  apiserver=$(bin kube-apiserver)
  kcm=$(bin kube-controller-manager)
  command -v openssl >/dev/null || die "openssl is needed"
  command -v curl >/dev/null || die "curl is needed"

  T0=$(now)
  T0_S=$(date +%s)
  gen_pki
  rm -rf "$DIR/etcd-data" "$DIR/kube-controller-manager-certs"
  mkdir -p "$DIR/etcd-data"
  chmod 700 "$DIR/etcd-data"
  read -r ETCD_CLIENT_PORT ETCD_PEER_PORT APISERVER_PORT KCM_PORT < <(free_ports 4)
  local etcd_url="http://127.0.0.1:$ETCD_CLIENT_PORT" peer_url="http://127.0.0.1:$ETCD_PEER_PORT"
  SERVER="https://127.0.0.1:$APISERVER_PORT"

  cat >"$DIR/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: flowx-e2e
  cluster:
    server: $SERVER
    certificate-authority-data: $(b64 "$PKI/ca.crt")
users:
- name: flowx-e2e-admin
  user:
    client-certificate-data: $(b64 "$PKI/admin.crt")
    client-key-data: $(b64 "$PKI/admin.key")
contexts:
- name: flowx-e2e
  context:
    cluster: flowx-e2e
    user: flowx-e2e-admin
current-context: flowx-e2e
EOF
  chmod 600 "$DIR/kubeconfig"

  # etcd: loopback only, plain HTTP (nothing else can reach it), small quota, no fsync (test data).
  launch etcd "$etcd" \
    --name=flowx-e2e --data-dir="$DIR/etcd-data" \
    --listen-client-urls="$etcd_url" --advertise-client-urls="$etcd_url" \
    --listen-peer-urls="$peer_url" --initial-advertise-peer-urls="$peer_url" \
    --initial-cluster="flowx-e2e=$peer_url" --initial-cluster-state=new \
    --quota-backend-bytes="$ETCD_QUOTA" --unsafe-no-fsync=true \
    --auto-compaction-mode=periodic --auto-compaction-retention=5m \
    --log-level=warn
  wait_for "etcd healthy" etcd curl -fsS --max-time 2 "$etcd_url/health"

  launch kube-apiserver "$apiserver" \
    --etcd-servers="$etcd_url" \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$APISERVER_PORT" \
    --tls-cert-file="$PKI/apiserver.crt" --tls-private-key-file="$PKI/apiserver.key" \
    --client-ca-file="$PKI/ca.crt" \
    --authorization-mode=Node,RBAC \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="$PKI/sa.pub" --service-account-signing-key-file="$PKI/sa.key" \
    --service-cluster-ip-range=10.0.0.0/24 \
    --endpoint-reconciler-type=none \
    --allow-privileged=true \
    --enable-admission-plugins=NamespaceLifecycle,LimitRanger,ServiceAccount,PodSecurity,DefaultStorageClass,DefaultTolerationSeconds,ResourceQuota,MutatingAdmissionWebhook,ValidatingAdmissionWebhook,ValidatingAdmissionPolicy \
    --cert-dir="$DIR/kube-apiserver-certs" \
    --profiling=false \
    --v="$LOG_LEVEL"
  # --allow-privileged=true: a privileged pod must be refused by Pod Security admission (the
  # namespace label), not by the cluster-wide switch, or the e2e check proves nothing.
  wait_for "kube-apiserver /readyz" kube-apiserver bash -c "[[ \"\$(curl -sS --max-time 2 --cacert '$PKI/ca.crt' --cert '$PKI/admin.crt' --key '$PKI/admin.key' '$SERVER/readyz')\" == ok ]]"

  launch kube-controller-manager "$kcm" \
    --kubeconfig="$DIR/kubeconfig" \
    --authentication-kubeconfig="$DIR/kubeconfig" --authorization-kubeconfig="$DIR/kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="$KCM_PORT" --cert-dir="$DIR/kube-controller-manager-certs" \
    --authentication-skip-lookup=true \
    --controllers='*' --leader-elect=false \
    --service-account-private-key-file="$PKI/sa.key" --root-ca-file="$PKI/ca.crt" \
    --cluster-signing-cert-file="$PKI/ca.crt" --cluster-signing-key-file="$PKI/ca.key" \
    --service-cluster-ip-range=10.0.0.0/24 \
    --profiling=false \
    --v="$LOG_LEVEL"
  wait_for "kube-controller-manager /healthz" kube-controller-manager \
    bash -c "[[ \"\$(curl -sSk --max-time 2 'https://127.0.0.1:$KCM_PORT/healthz')\" == ok ]]"
  # Its controllers work once the service-account controller has filled the default namespace.
  wait_for "default service account" kube-controller-manager curl_admin /api/v1/namespaces/default/serviceaccounts/default -f

  cat >"$DIR/env.sh" <<EOF
# Written by scripts/kube.sh start; source it.
export KUBECONFIG='$DIR/kubeconfig'
export FLOWX_KUBE_DIR='$DIR'
export FLOWX_KUBE_SERVER='$SERVER'
export FLOWX_KUBE_APISERVER_PORT='$APISERVER_PORT'
export FLOWX_KUBE_ETCD_CLIENT_PORT='$ETCD_CLIENT_PORT'
export FLOWX_KUBE_ETCD_PEER_PORT='$ETCD_PEER_PORT'
export FLOWX_KUBE_CONTROLLER_MANAGER_PORT='$KCM_PORT'
export FLOWX_KUBE_CA_FILE='$PKI/ca.crt'
export FLOWX_KUBE_CERT_FILE='$PKI/admin.crt'
export FLOWX_KUBE_KEY_FILE='$PKI/admin.key'
EOF
  cat >"$DIR/cluster.json" <<EOF
{
  "server": "$SERVER",
  "kubeconfig": "$DIR/kubeconfig",
  "caFile": "$PKI/ca.crt",
  "certFile": "$PKI/admin.crt",
  "keyFile": "$PKI/admin.key",
  "ports": { "apiserver": $APISERVER_PORT, "etcdClient": $ETCD_CLIENT_PORT, "etcdPeer": $ETCD_PEER_PORT, "controllerManager": $KCM_PORT },
  "pids": { "etcd": $(<"$DIR/etcd.pid"), "kubeApiserver": $(<"$DIR/kube-apiserver.pid"), "kubeControllerManager": $(<"$DIR/kube-controller-manager.pid") },
  "version": $(curl_admin /version | tr -d '\n')
}
EOF
  log "ready in $(elapsed "$T0")s: $SERVER ($(curl_admin /version | sed -n 's/.*"gitVersion": "\([^"]*\)".*/\1/p')), kubeconfig $DIR/kubeconfig"
  cat "$DIR/env.sh"
}

# ---------------------------------------------------------------------------------------------- smoke
api() { # method path [json body] -> sets BODY and HTTP_CODE (no subshell, so callers see them)
  local out
  out=$(curl_admin "$2" -X "$1" -H 'Content-Type: application/json' ${3:+--data-binary "$3"} -w '\n%{http_code}') || out=$'\n000'
  HTTP_CODE=${out##*$'\n'}
  BODY=${out%$'\n'*}
}
expect_code() { # want what
  if [[ "$HTTP_CODE" == "$1" ]]; then log "ok: $2 ($HTTP_CODE)"; else log "FAIL: $2: HTTP $HTTP_CODE, want $1: $BODY"; FAILED=1; fi
}
poll() { # seconds what command...; succeeds when the command does within the time
  local secs=$1 what=$2 t
  shift 2
  t=$(now)
  for ((i = 0; i < secs * 5; i++)); do
    if "$@"; then log "ok: $what after $(elapsed "$t")s"; return 0; fi
    sleep 0.2
  done
  log "FAIL: $what within ${secs}s"
  FAILED=1
}

cmd_smoke() {
  [[ -f "$DIR/env.sh" ]] || die "no cluster in $DIR (scripts/kube.sh start $DIR)"
  # shellcheck disable=SC1091
  APISERVER_PORT=$(. "$DIR/env.sh" && echo "$FLOWX_KUBE_APISERVER_PORT")
  FAILED=0
  local ns="flowx-smoke-$RANDOM" want
  want=$("$(bin kube-apiserver)" --version | awk '{print $2}')
  api GET /version
  if grep -q "\"gitVersion\": \"$want\"" <<<"$BODY"; then log "ok: /version reports $want"
  else log "FAIL: /version: $BODY"; FAILED=1; fi

  local anon
  anon=$(curl -sS --max-time 5 --cacert "$PKI/ca.crt" -o /dev/null -w '%{http_code}' "https://127.0.0.1:$APISERVER_PORT/api/v1/namespaces")
  if [[ "$anon" == 403 ]]; then log "ok: anonymous list of namespaces refused (RBAC, $anon)"
  else log "FAIL: anonymous list of namespaces: HTTP $anon, want 403"; FAILED=1; fi

  api POST /api/v1/namespaces "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"$ns\",
    \"labels\":{\"pod-security.kubernetes.io/enforce\":\"restricted\",\"pod-security.kubernetes.io/enforce-version\":\"latest\"}}}"
  expect_code 201 "namespace $ns labelled restricted"
  api POST "/api/v1/namespaces/$ns/secrets" '{"apiVersion":"v1","kind":"Secret","metadata":{"name":"smoke"},"stringData":{"password":"s3cret"}}'
  expect_code 201 "Secret"
  api POST "/api/v1/namespaces/$ns/services" '{"apiVersion":"v1","kind":"Service","metadata":{"name":"smoke"},
    "spec":{"selector":{"app":"smoke"},"ports":[{"port":80,"targetPort":8080}]}}'
  expect_code 201 "Service"
  local restricted='"securityContext":{"runAsNonRoot":true,"runAsUser":1000,"seccompProfile":{"type":"RuntimeDefault"}},
    "containers":[{"name":"app","image":"registry.invalid/smoke:1","securityContext":{"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"]}}}]'
  api POST "/apis/apps/v1/namespaces/$ns/deployments" "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"smoke\"},
    \"spec\":{\"replicas\":1,\"selector\":{\"matchLabels\":{\"app\":\"smoke\"}},
    \"template\":{\"metadata\":{\"labels\":{\"app\":\"smoke\"}},\"spec\":{$restricted}}}}"
  expect_code 201 "Deployment (restricted-compliant pod template)"
  has_pod() { api GET "/api/v1/namespaces/$ns/pods?labelSelector=app%3Dsmoke" && grep -q '"pod-template-hash"' <<<"$BODY"; }
  poll 30 "controllers made a ReplicaSet and its Pod" has_pod
  log "   pod $(sed -n 's/^        "name": "\(smoke-[^"]*\)".*/\1/p' <<<"$BODY" | head -n1), phase $(sed -n 's/.*"phase": "\([^"]*\)".*/\1/p' <<<"$BODY" | head -n1) (no nodes: stays Pending)"

  api POST "/api/v1/namespaces/$ns/pods" '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"privileged"},
    "spec":{"containers":[{"name":"app","image":"registry.invalid/smoke:1","securityContext":{"privileged":true}}]}}'
  if [[ "$HTTP_CODE" == 403 ]] && grep -q 'violates PodSecurity' <<<"$BODY"; then
    log "ok: privileged pod refused by Pod Security admission (403: $(sed -n 's/.*"message": "\(.*\)",$/\1/p' <<<"$BODY" | cut -c1-110)...)"
  else
    log "FAIL: privileged pod: HTTP $HTTP_CODE $BODY"
    FAILED=1
  fi

  api DELETE "/api/v1/namespaces/$ns"
  expect_code 200 "delete namespace $ns"
  gone() { api GET "/api/v1/namespaces/$ns"; [[ "$HTTP_CODE" == 404 ]]; }
  poll 60 "namespace $ns gone (namespace controller finished)" gone
  ((FAILED == 0)) || die "smoke: some checks failed"
  log "smoke: all checks passed"
}

case "$CMD" in
  start) cmd_start ;;
  smoke) cmd_smoke ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) usage ;;
esac
