#!/usr/bin/env bash
# Print the path of a Chromium the browser tests can drive: exactly one line on stdout.
# Debian's package is installed with apt-get when none is found (the suite needs root for
# that; CI runs as root). OPSROOM_CHROMIUM names another binary.
set -euo pipefail
log() { echo "ensure-chromium: $*" >&2; }
for candidate in "${OPSROOM_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
    if [[ -n $candidate && -x $candidate ]]; then echo "$candidate"; exit 0; fi
done
if ((EUID != 0)); then
    log "Chromium is missing and only root can install it: apt-get install chromium"; exit 1
fi
log "installing Debian's chromium package"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2 || true
apt-get install -y -qq --no-install-recommends chromium fonts-noto-core >&2
echo /usr/bin/chromium
