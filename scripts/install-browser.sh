#!/usr/bin/env bash
# Debian's Chromium for the real-browser tests (tests/browser/), installed once with
# apt-get when /usr/bin/chromium is missing. The tests drive it with the `playwright`
# package's Python API and never download a browser of their own.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browser: no apt-get here; install Chromium as /usr/bin/chromium" >&2
  exit 1
fi
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
echo "install-browser: installing chromium with apt-get" >&2
$sudo_cmd apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends \
  chromium fonts-dejavu-core >/dev/null
/usr/bin/chromium --version >&2
