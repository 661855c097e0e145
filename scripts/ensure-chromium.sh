#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed for the studio's browser tests
# (apps/studio/e2e, driven by playwright-core; no browser download from the internet).
# Idempotent: does nothing when the browser is there. Installs it with apt-get when
# running as root (CI on a fresh machine); otherwise says what to run.
#   CHROMIUM_PATH  the browser to use (default /usr/bin/chromium)
set -euo pipefail

chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
if [[ -x "$chromium" ]]; then
  exit 0
fi
if [[ "$chromium" != /usr/bin/chromium ]]; then
  echo "chromium: CHROMIUM_PATH=$chromium is not an executable file" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium: /usr/bin/chromium is missing and this is not a Debian/Ubuntu machine; install Chromium and set CHROMIUM_PATH" >&2
  exit 1
fi
if [[ "$(id -u)" -ne 0 ]]; then
  echo "chromium: /usr/bin/chromium is missing; install it with: sudo apt-get install -y chromium fonts-liberation" >&2
  exit 1
fi
echo "chromium: installing Debian's chromium (apt-get)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# fonts-liberation: metric-compatible fonts, so screenshots show text, not boxes.
apt-get install -y -qq chromium fonts-liberation >/dev/null
"$chromium" --version 2>/dev/null | head -1 || true
