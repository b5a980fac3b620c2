#!/usr/bin/env bash
# The Debian package under a real systemd: a Debian 12 root made with debootstrap, the package
# installed into it with apt (as an image would be built), then booted with systemd-nspawn on a
# private network. A unit inside the container checks what `dpkg -i` then boot gives a station:
# airbridge started by systemd (Type=notify: active only once READY came, with its STATUS), the
# sandboxed service serving /healthz, `systemctl reload` applying an output added to the config
# without a restart, a Zetta document reaching that output's file (under the sandbox's only
# writable path), and a clean stop. It
# writes its findings to /probe.txt and powers the container off; this script then checks them.
# Usage: tests/scripts/check_package_under_systemd.sh [DEB]. Needs root; scripts/setup.sh
# installs debootstrap and systemd-container.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "$(id -u)" -eq 0 ] || { echo "check_package_under_systemd: needs root"; exit 1; }
fail() { echo "check_package_under_systemd: FAILED: $*"; exit 1; }
step() { echo "check_package_under_systemd: $*"; }

deb=${1:-$(scripts/package.sh | tail -n 1)}
root=$(mktemp -d /var/tmp/airbridge-systemd-root.XXXXXX)
chmod 0755 "$root"  # the container's /: airbridge's user must traverse it
trap 'rm -rf "$root" "$root.log"' EXIT
debootstrap --variant=minbase --include=systemd,systemd-sysv,dbus,curl bookworm "$root" \
  http://deb.debian.org/debian > "$root.log" 2>&1 || { tail -20 "$root.log"; fail "debootstrap"; }
step "Debian 12 root made"
cp "$deb" "$root/tmp/airbridge.deb"
cp /etc/resolv.conf "$root/etc/resolv.conf"
chroot "$root" /usr/bin/env DEBIAN_FRONTEND=noninteractive apt-get install -y -q /tmp/airbridge.deb \
  > "$root/apt.log" 2>&1 || { tail -20 "$root/apt.log"; fail "apt-get install in the root"; }
step "package installed in the root"

cat > "$root/usr/local/bin/probe" <<'PROBE'
#!/bin/bash
# Runs inside the booted container, after airbridge.service started (or failed to).
say() { echo "$*" >> /probe.txt; }
say "active=$(systemctl is-active airbridge)"
say "status=$(systemctl show -p StatusText --value airbridge)"
say "healthz=$(curl -fsS --max-time 5 http://127.0.0.1:8080/healthz)"
pid=$(systemctl show -p MainPID --value airbridge)
cat >> /etc/airbridge/airbridge.yaml <<'YAML'
  - plugin: file_write
    name: probe-file
    path: /var/lib/airbridge/nowplaying.txt
YAML
systemctl reload airbridge && say "reload=ok"
for _ in $(seq 1 50); do
  journalctl -u airbridge --no-pager | grep -q 'started: sink file_write "probe-file"' && break
  sleep 0.1
done
say "after-reload=$(systemctl is-active airbridge) pid-kept=$([ "$(systemctl show -p MainPID --value airbridge)" = "$pid" ] && echo yes)"
journalctl -u airbridge --no-pager | grep -o 'SIGHUP: .* applied: .*' >> /probe.txt
# A Zetta document into the default config's Zetta port reaches the added output's file.
printf '%s\n' '<?xml version="1.0" encoding="utf-8"?><ZettaLite><LogEventCollection><LogEvent Type="SONG" StartTime="2026-09-14T19:00:00Z" Status="CURRENT" ZettaId="7"><Asset Type="SONG" Title="Under Systemd" Artist1="Probe Band" TotalLength="200"/></LogEvent></LogEventCollection></ZettaLite>' \
  > /dev/tcp/127.0.0.1/1234
for _ in $(seq 1 50); do
  grep -q "Under Systemd" /var/lib/airbridge/nowplaying.txt 2>/dev/null && break
  sleep 0.1
done
say "file=$(cat /var/lib/airbridge/nowplaying.txt 2>/dev/null)"
systemctl stop airbridge
say "stopped=$(systemctl show -p ActiveState --value airbridge) result=$(systemctl show -p Result --value airbridge)"
journalctl -u airbridge --no-pager > /probe-journal.txt
systemctl poweroff
PROBE
chmod +x "$root/usr/local/bin/probe"
cat > "$root/etc/systemd/system/probe.service" <<'UNIT'
[Unit]
Description=check the installed airbridge under systemd
After=airbridge.service
[Service]
Type=oneshot
ExecStart=/usr/local/bin/probe
[Install]
WantedBy=multi-user.target
UNIT
ln -s /etc/systemd/system/probe.service "$root/etc/systemd/system/multi-user.target.wants/probe.service"

# No host systemd or D-Bus here: the container neither registers with machined nor asks for a
# scope. It powers itself off; the timeout only guards a boot that hangs.
timeout 120 systemd-nspawn -q --register=no --keep-unit --private-network -D "$root" --boot \
  > "$root/boot.log" 2>&1 || true
[ -f "$root/probe.txt" ] || { tail -40 "$root/boot.log"; fail "the probe did not run"; }
cat "$root/probe.txt"
check() { grep -qx -- "$1" "$root/probe.txt" || { cat "$root/probe-journal.txt" 2>/dev/null; fail "$2"; }; }
check "active=active" "systemd did not start airbridge (Type=notify: READY=1 never came?)"
check "status=running: 1 source(s), 4 sink(s)" "the STATUS airbridge sent is not what systemd shows"
check 'healthz={"status":"ok"}' "the sandboxed service did not serve /healthz"
check "reload=ok" "systemctl reload failed"
check "after-reload=active pid-kept=yes" "the reload restarted or stopped the service"
grep -q 'applied: kept 5; .*started: sink file_write "probe-file"' "$root/probe.txt" || fail "the reload did not start the added output"
check "file=Probe Band - Under Systemd" "a Zetta document did not reach the added output's file"
check "stopped=inactive result=success" "systemctl stop did not end cleanly"
step "systemd started, reloaded and stopped the installed airbridge: OK"
