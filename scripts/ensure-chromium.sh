#!/usr/bin/env bash
# Makes sure Debian's Chromium and the NSS tools (certutil) are present for the browser tests.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v certutil >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Chromium and certutil are needed for the browser tests: install the Debian packages 'chromium' and 'libnss3-tools'." >&2
  exit 1
fi
echo "Installing chromium and libnss3-tools from Debian's packages..."
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium libnss3-tools >/dev/null
