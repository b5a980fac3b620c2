#!/usr/bin/env bash
# Builds the Debian package, installs it with dpkg on this machine (as CI does: a throwaway
# Debian 12 as root), and checks what a station engineer gets: the files, the user, the config
# checked, the unit verified, the installed binary serving /healthz as that user on the
# installed config, then remove keeping the conffile and purge removing it.
# Usage: tests/scripts/check_package.sh. Exits non-zero at the first thing that is not so.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "$(id -u)" -eq 0 ] || { echo "check_package: needs root (dpkg -i)"; exit 1; }
fail() { echo "check_package: FAILED: $*"; exit 1; }
step() { echo "check_package: $*"; }

deb=$(scripts/package.sh | tail -n 1)
step "built $(basename "$deb")"
case "$(basename "$deb")" in airbridge_0.*_amd64.deb|airbridge_0.*_arm64.deb) ;; *) fail "unexpected name $deb" ;; esac
depends=$(dpkg-deb -f "$deb" Depends)
for library in libpoco libyaml-cpp libfmt libre2 libicu libssl libsystemd tzdata procps; do
  grep -q "$library" <<< "$depends" || fail "Depends lacks $library: $depends"
done
contents=$(dpkg-deb -c "$deb")
grep -q "./etc/airbridge/airbridge.yaml" <<< "$contents" || fail "no config in the package"

# A previous run's leftovers must not make this pass.
dpkg -P airbridge > /dev/null 2>&1 || true
dpkg -i "$deb" > /dev/null || { apt-get install -f -y -qq > /dev/null; dpkg -i "$deb" > /dev/null; }
step "installed"
for file in /usr/bin/airbridge /usr/lib/airbridge/plugins/libairbridge_zetta.so \
            /usr/lib/airbridge/plugins/libairbridge_http_push.so /etc/airbridge/airbridge.yaml \
            /etc/airbridge/schedule/2026-fall.yaml /lib/systemd/system/airbridge.service \
            /usr/include/airbridge/plugin.hpp /usr/share/doc/airbridge/README.md \
            /usr/bin/airbridge-push; do
  [ -e "$file" ] || fail "$file is missing"
done
ls /usr/lib/*/cmake/airbridge/airbridgeConfig.cmake > /dev/null || fail "no CMake package"
getent passwd airbridge > /dev/null || fail "no airbridge user"
[ "$(stat -c %U /var/lib/airbridge)" = airbridge ] || fail "/var/lib/airbridge is not airbridge's"
grep -q "directory: /usr/lib/airbridge/plugins" /etc/airbridge/airbridge.yaml || fail "config plugin path"
runuser -u airbridge -- /usr/bin/airbridge --check-config --config /etc/airbridge/airbridge.yaml \
  || fail "--check-config on the installed config"
# verify exits 0 on many problems it only prints ("Failed to parse ..."): any output fails.
verify=$(systemd-analyze verify /lib/systemd/system/airbridge.service 2>&1) || fail "systemd-analyze verify: $verify"
[ -z "$verify" ] || fail "systemd-analyze verify: $verify"
# Enabled even though no systemd runs here: a machine set up in a chroot boots with it.
[ -L /etc/systemd/system/multi-user.target.wants/airbridge.service ] || fail "the unit was not enabled"
step "files, user, config and unit are in place; the unit is enabled"

# The installed binary on the installed config, as its user, from its state directory.
log=$(mktemp)
(cd /var/lib/airbridge && exec runuser -u airbridge -- /usr/bin/airbridge --config /etc/airbridge/airbridge.yaml) > "$log" 2>&1 &
pid=$!
served=""
for _ in $(seq 1 100); do
  if curl -fsS --max-time 2 http://127.0.0.1:8080/healthz > /dev/null 2>&1; then served=yes; break; fi
  sleep 0.1
done
kill -TERM "$pid"; wait "$pid" || true
[ -n "$served" ] || { cat "$log"; fail "the installed airbridge did not serve /healthz"; }
[ -f /var/lib/airbridge/airbridge.db ] || { cat "$log"; fail "no event store in /var/lib/airbridge"; }
step "the installed binary served /healthz on the installed config"

echo "# edited by the station" >> /etc/airbridge/airbridge.yaml
dpkg -r airbridge > /dev/null
[ ! -e /usr/bin/airbridge ] || fail "remove left the binary"
grep -q "edited by the station" /etc/airbridge/airbridge.yaml || fail "remove did not keep the conffile"
dpkg -P airbridge > /dev/null
[ ! -e /etc/airbridge/airbridge.yaml ] || fail "purge left the conffile"
[ ! -e /etc/systemd/system/multi-user.target.wants/airbridge.service ] || fail "purge left the unit enabled"
[ ! -e /etc/systemd/system/airbridge.service ] || fail "purge left the unit masked"
[ ! -e /var/lib/airbridge ] || fail "purge left /var/lib/airbridge"
step "remove kept the edited conffile, purge removed it: OK"
