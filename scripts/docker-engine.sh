#!/usr/bin/env bash
# Make a Docker Engine answer on this machine, idempotently.
#
#   - An engine that already answers is not restarted. When its daemon config differs from the
#     one below, the script says so; with SANDBOX_GATE_RELOAD_ENGINE=1 it writes the config and
#     sends dockerd SIGHUP, which reloads `runtimes` without stopping a container.
#   - Otherwise: install Debian's docker.io (and runsc for gVisor) when missing, write a
#     daemon config with no bridge, no iptables and no IP forwarding (sandboxes use
#     network "none"; nothing here may create a bridge), start dockerd, wait for it.
#
# The runsc runtime gets two arguments:
#   --oci-seccomp    gVisor enforces the container's OCI seccomp profile (ours) inside the
#                    sandbox; without it runsc ignores the profile (Seccomp 0, every denied
#                    syscall reaches gVisor's kernel).
#   --network=none   gVisor's own loopback-only stack. Docker 20.10 gives runsc a network
#                    namespace without a path for network "none", and runsc 20221219 then
#                    refuses to start ("cannot run with network enabled in root network
#                    namespace"), so network "none" alone does not give gVisor a stack.
#                    Consequence: a container with network_mode host under runsc has no route
#                    to the host either; the network-none claim's control cannot be made on
#                    runsc and that claim is unmeasurable there (harness/claims/container/).
#
# Usage: scripts/docker-engine.sh            (as root; CI runs it from .ci/run)
# Env:   SANDBOX_GATE_SKIP_RUNSC=1           do not install gVisor
#        SANDBOX_GATE_RELOAD_ENGINE=1        apply a changed daemon config to a running engine (SIGHUP)
#        DOCKERD_WAIT_SECONDS (default 60)   how long to wait for the engine to answer
set -euo pipefail

log() { printf 'docker-engine: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

wait_seconds="${DOCKERD_WAIT_SECONDS:-60}"
daemon_json=/etc/docker/daemon.json
dockerd_log=/var/log/sandbox-gate-dockerd.log

engine_answers() { timeout 5 docker info >/dev/null 2>&1; }

# The config wanted for runtime `runsc` at $1 (empty: no runsc).
desired_config() {
  local runtimes=""
  if [ -n "$1" ]; then
    runtimes=",
  \"runtimes\": { \"runsc\": { \"path\": \"$1\", \"runtimeArgs\": [\"--oci-seccomp\", \"--network=none\"] } }"
  fi
  cat <<JSON
{
  "bridge": "none",
  "iptables": false,
  "ip-forward": false,
  "ip-masq": false,
  "userland-proxy": false,
  "log-driver": "json-file"$runtimes
}
JSON
}

if engine_answers; then
  log "an engine already answers ($(docker version --format '{{.Server.Version}}' 2>/dev/null)); not restarting it"
  running_runsc="$(command -v runsc || true)"
  [ "${SANDBOX_GATE_SKIP_RUNSC:-0}" = 1 ] && running_runsc=""
  wanted=$(desired_config "$running_runsc")
  if [ -f "$daemon_json" ] && [ "$(cat "$daemon_json")" = "$wanted" ]; then
    log "daemon config $daemon_json already as wanted"
  elif [ "${SANDBOX_GATE_RELOAD_ENGINE:-0}" = 1 ]; then
    [ "$(id -u)" -eq 0 ] || die "applying $daemon_json needs root"
    [ -f "$daemon_json" ] && cp "$daemon_json" "$daemon_json.bak.$(date +%s)" && log "kept the old config as $daemon_json.bak.*"
    printf '%s\n' "$wanted" >"$daemon_json"
    # The engine's own pidfile first: another dockerd (a second data root) may run beside it.
    pid="$(cat /var/run/docker.pid 2>/dev/null || pgrep -x dockerd | head -1)"
    [ -n "$pid" ] || die "wrote $daemon_json but found no dockerd to reload"
    kill -HUP "$pid"
    sleep 2
    log "wrote $daemon_json and reloaded dockerd (pid $pid, SIGHUP): runtimes $(docker info --format '{{json .Runtimes}}' 2>/dev/null | tr -d ' ' | cut -c1-300)"
  else
    log "warning: $daemon_json differs from what this project needs (runsc with --oci-seccomp --network=none);"
    log "  apply it without a restart: sudo SANDBOX_GATE_RELOAD_ENGINE=1 $0"
  fi
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
desired=$(desired_config "$runsc_path")
if [ -f "$daemon_json" ] && [ "$(cat "$daemon_json")" = "$desired" ]; then
  log "daemon config $daemon_json already as wanted"
else
  [ -f "$daemon_json" ] && cp "$daemon_json" "$daemon_json.bak.$(date +%s)" && log "kept the old config as $daemon_json.bak.*"
  printf '%s\n' "$desired" >"$daemon_json"
  log "wrote $daemon_json (bridge none, iptables false, ip-forward false${runsc_path:+, runtime runsc --oci-seccomp --network=none})"
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
