#!/usr/bin/env bash
# Print the path of a nats-server the sync tests can start (they start their own servers on
# free ports; nothing already running is used): exactly one line on stdout. Debian's
# nats-server package is installed with apt-get when none is found. OPSROOM_NATS_SERVER
# names another binary.
set -euo pipefail
log() { echo "ensure-nats: $*" >&2; }
for candidate in "${OPSROOM_NATS_SERVER:-}" "$(command -v nats-server || true)" /usr/sbin/nats-server /usr/bin/nats-server; do
    if [[ -n $candidate && -x $candidate ]]; then echo "$candidate"; exit 0; fi
done
if ((EUID != 0)); then
    log "nats-server is missing and only root can install it: apt-get install nats-server"; exit 1
fi
log "installing Debian's nats-server package"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2 || true
apt-get install -y -qq --no-install-recommends nats-server >&2
# The package starts a system service; the tests do not need it.
systemctl disable --now nats-server >/dev/null 2>&1 || true
command -v nats-server || echo /usr/sbin/nats-server
