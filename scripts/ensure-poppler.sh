#!/usr/bin/env bash
# Make sure poppler's pdftotext and pdftoppm are on the PATH: the receipt tests read back the
# PDFs they render with them. Prints nothing on stdout. Debian's package is installed with
# apt-get when either is missing (the suite needs root for that; CI runs as root).
set -euo pipefail
log() { echo "ensure-poppler: $*" >&2; }
found() { command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null; }
if found; then exit 0; fi
if ((EUID != 0)); then
    log "pdftotext and pdftoppm are missing and only root can install them: apt-get install poppler-utils"; exit 1
fi
log "installing Debian's poppler-utils package"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2 || true
apt-get install -y -qq --no-install-recommends poppler-utils >&2
found || { log "poppler-utils is installed but pdftotext or pdftoppm is still missing"; exit 1; }
