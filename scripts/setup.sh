#!/usr/bin/env bash
# Installs, from Debian 12's packages, what building and testing airbridge needs. Idempotent:
# packages already present are not touched. Run as root (or with sudo available).
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config
  libpoco-dev libboost-dev libboost-filesystem-dev libyaml-cpp-dev libfmt-dev catch2
  libhowardhinnant-date-dev tzdata   # IANA time zones for the schedule
  libre2-dev                 # sink filters: linear-time regular expressions
  libkainjow-mustache-dev    # output templates (header-only Mustache)
  libicu-dev                 # transliteration for RDS encoders and Latin-1 stream titles
  libssl-dev ca-certificates # HTTPS for outputs (Poco NetSSL), verified against the system CAs
  libsystemd-dev             # sd_notify: READY, WATCHDOG and STOPPING for the Type=notify unit
  icecast2                   # the icecast output's tests start their own, on a free loopback port
  clang libclang-rt-14-dev   # the libFuzzer target and its sanitizer runtimes
  chromium                   # the demo page's browser test (driven by playwright-core from npm)
  redis-server               # the multi-node tests start their own, on a free loopback port
  nginx-light                # the deploy guide's nginx config, tested in front of airbridge
  curl                       # tools/airbridge-push, and the package check's /healthz
  prometheus                 # promtool checks the deploy guide's alert rules and /metrics
  debootstrap systemd-container  # the package booted under a real systemd in a Debian 12 root
)
# Node.js runs the browser test; keep a newer one if the machine already has it.
command -v node > /dev/null && command -v npm > /dev/null || packages+=(nodejs npm)
if [ "${1:-}" = "--print" ]; then printf '%s\n' "${packages[@]}"; exit 0; fi

missing=()
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
fi
# Debian starts the nginx it just installed on port 80; the tests run their own, so the service
# is stopped and disabled again when this script was the one that installed it.
if [[ " ${missing[*]} " == *" nginx-light "* ]] && command -v systemctl > /dev/null &&
   systemctl is-enabled nginx > /dev/null 2>&1; then
  echo "setup: stopping and disabling the nginx service Debian started (the tests start their own)"
  $sudo systemctl disable --now nginx > /dev/null 2>&1 || true
fi
