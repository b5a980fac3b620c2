#!/usr/bin/env bash
# Installs, from Debian 12's packages, the peers the benchmarks compare airbridge with: wrk (the
# load), nginx-light (static files), libnginx-mod-nchan (nginx's pub/sub WebSocket module) and
# curl. Idempotent. Benchmarks only: the test suite needs none of these but nginx-light.
set -euo pipefail
packages=(wrk nginx-light libnginx-mod-nchan curl)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "peers: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
