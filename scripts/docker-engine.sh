#!/usr/bin/env bash
# Make a Docker Engine answer on this machine, idempotently.
#
#   - An engine that already answers is left alone (we only report it).
#   - Otherwise: install Debian's docker.io (and runsc for gVisor) when missing, write a
#     daemon config with no bridge, no iptables and no IP forwarding (sandboxes use
#     network "none"; nothing here may create a bridge), start dockerd, wait for it.
#
# Usage: scripts/docker-engine.sh            (as root; CI runs it from .ci/run)
# Env:   SANDBOX_GATE_SKIP_RUNSC=1           do not install gVisor
#        DOCKERD_WAIT_SECONDS (default 60)   how long to wait for the engine to answer
set -euo pipefail

log() { printf 'docker-engine: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

wait_seconds="${DOCKERD_WAIT_SECONDS:-60}"
daemon_json=/etc/docker/daemon.json
dockerd_log=/var/log/sandbox-gate-dockerd.log

engine_answers() { timeout 5 docker info >/dev/null 2>&1; }

if engine_answers; then
  log "an engine already answers ($(docker version --format '{{.Server.Version}}' 2>/dev/null)); leaving it untouched"
  exit 0
fi

[ "$(id -u)" -eq 0 ] || die "no engine answers and starting one needs root (run: sudo $0)"

apt_updated=0
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then
    log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    apt_updated=1
  fi
  log "installing Debian package(s): $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

if ! command -v dockerd >/dev/null 2>&1; then
  apt_install docker.io
else
  log "dockerd present: $(command -v dockerd)"
fi

runsc_path=""
if [ "${SANDBOX_GATE_SKIP_RUNSC:-0}" != 1 ]; then
  if ! command -v runsc >/dev/null 2>&1; then
    apt_install runsc || log "warning: could not install runsc; gVisor suites will report it absent"
  fi
  runsc_path="$(command -v runsc || true)"
fi

mkdir -p /etc/docker
if [ -n "$runsc_path" ]; then
  runtimes=",
  \"runtimes\": { \"runsc\": { \"path\": \"$runsc_path\", \"runtimeArgs\": [\"--network=none\"] } }"
else
  runtimes=""
fi
desired=$(cat <<JSON
{
  "bridge": "none",
  "iptables": false,
  "ip-forward": false,
  "ip-masq": false,
  "userland-proxy": false,
  "log-driver": "json-file"$runtimes
}
JSON
)
if [ -f "$daemon_json" ] && [ "$(cat "$daemon_json")" = "$desired" ]; then
  log "daemon config $daemon_json already as wanted"
else
  [ -f "$daemon_json" ] && cp "$daemon_json" "$daemon_json.bak.$(date +%s)" && log "kept the old config as $daemon_json.bak.*"
  printf '%s\n' "$desired" >"$daemon_json"
  log "wrote $daemon_json (bridge none, iptables false, ip-forward false${runsc_path:+, runtime runsc --network=none})"
fi

if pgrep -x dockerd >/dev/null 2>&1; then
  log "dockerd runs (pid $(pgrep -x dockerd | head -1)) but does not answer yet; waiting for it"
else
  # containerd ships with docker.io; dockerd starts its own when none runs.
  log "starting dockerd (log: $dockerd_log)"
  nohup dockerd --config-file "$daemon_json" >"$dockerd_log" 2>&1 &
fi

for ((i = 0; i < wait_seconds; i++)); do
  if engine_answers; then
    log "engine answers: $(docker version --format 'server {{.Server.Version}}, API {{.Server.APIVersion}}' 2>/dev/null)"
    log "runtimes: $(docker info --format '{{range $k, $v := .Runtimes}}{{$k}} {{end}}' 2>/dev/null)"
    exit 0
  fi
  sleep 1
done

log "last lines of $dockerd_log:"
tail -n 20 "$dockerd_log" >&2 || true
die "dockerd did not answer within ${wait_seconds}s"
