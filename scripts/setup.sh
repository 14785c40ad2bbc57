#!/usr/bin/env bash
# Installs what the examples and tests need on Debian/Ubuntu and skips whatever is already there:
# the Fashion-MNIST files and Chromium from Debian, node_modules from package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
if command -v dpkg >/dev/null; then
  for p in dataset-fashion-mnist chromium; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
fi
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  echo "installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# npm ci again only when package-lock.json changed since the last install.
stamp=node_modules/.axon-lock-hash
hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$hash" ]; then
  npm ci --no-audit --no-fund
  echo "$hash" > "$stamp"
fi
