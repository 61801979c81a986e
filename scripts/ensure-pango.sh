#!/usr/bin/env bash
# Make sure the system libraries WeasyPrint renders the CompStat report with are installed:
# Pango (with its FreeType backend, which brings HarfBuzz for shaping Arabic) and
# fontconfig. The report's fonts are opsroom's own; these are only the text engine.
# Prints nothing on stdout. Debian's packages are installed with apt-get when a library is
# missing (the suite needs root for that; CI runs as root).
set -euo pipefail
log() { echo "ensure-pango: $*" >&2; }
LIBRARIES=(libpango-1.0.so.0 libpangoft2-1.0.so.0 libharfbuzz.so.0 libfontconfig.so.1)
has() {
    if command -v ldconfig >/dev/null; then
        ldconfig -p 2>/dev/null | grep -qF "$1 "
    else
        compgen -G "/usr/lib/*/$1" >/dev/null || compgen -G "/usr/lib/$1" >/dev/null
    fi
}
found() { for library in "${LIBRARIES[@]}"; do has "$library" || return 1; done; }
if found; then exit 0; fi
if ((EUID != 0)); then
    log "Pango or fontconfig is missing and only root can install them: apt-get install libpango-1.0-0 libpangoft2-1.0-0 fontconfig"; exit 1
fi
log "installing Debian's libpango-1.0-0, libpangoft2-1.0-0 and fontconfig packages"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2 || true
apt-get install -y -qq --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fontconfig >&2
found || { log "the packages are installed but a library is still missing: ${LIBRARIES[*]}"; exit 1; }
