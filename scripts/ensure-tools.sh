#!/usr/bin/env bash
# Makes sure the two programs the test suite drives are on this machine:
# Java 17+ (DynamoDB Local) and Debian's Chromium (browser tests). Installs
# them with apt-get when it can (root on Debian/Ubuntu); otherwise says how.
set -euo pipefail

missing=()
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0

if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "Installing ${missing[*]} (once) ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi
echo "The tests need: ${missing[*]}." >&2
echo "On Debian or Ubuntu: sudo apt-get install -y ${missing[*]}" >&2
exit 1
