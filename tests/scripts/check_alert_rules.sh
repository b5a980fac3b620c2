#!/usr/bin/env bash
# The Prometheus alert rules of docs/deploy.md ("```yaml prometheus-rules" block) must pass
# `promtool check rules`, and `promtool test rules` with tests/scripts/alert_rules_test.yaml
# (the no-track-event alert fires after 15 silent minutes, not before). Then a running
# airbridge's /metrics must pass `promtool check metrics`.
# Usage: check_alert_rules.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
source_dir=$1 build_dir=$2
work=$(mktemp -d)
trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
awk '/^```yaml prometheus-rules$/{on=1; next} /^```$/{on=0} on' "$source_dir/docs/deploy.md" > "$work/rules.yml"
[ -s "$work/rules.yml" ] || { echo "no prometheus-rules block in docs/deploy.md"; exit 1; }
promtool check rules "$work/rules.yml"
cp "$source_dir/tests/scripts/alert_rules_test.yaml" "$work/"
(cd "$work" && promtool test rules alert_rules_test.yaml)

cat > "$work/airbridge.yaml" <<YAML
plugins: { directory: $build_dir/plugins }
storage: { enabled: false }
sources:
  - plugin: zetta
    listen: 127.0.0.1:0
sinks:
  - plugin: http
    listen: 127.0.0.1:0
YAML
"$build_dir/airbridge" --config "$work/airbridge.yaml" 2> "$work/log" &
pid=$!
port=""
for _ in $(seq 1 100); do  # the port the listener bound: from its log line
  port=$(grep -o 'http listening on 127.0.0.1:[0-9]*' "$work/log" | head -n 1 | cut -d: -f2 || true)
  [ -n "$port" ] && curl -fsS "http://127.0.0.1:$port/metrics" -o "$work/metrics" 2>/dev/null && break
  sleep 0.1
done
[ -s "$work/metrics" ] || { cat "$work/log"; echo "no /metrics"; exit 1; }
promtool check metrics < "$work/metrics"
grep -q '^process_open_fds ' "$work/metrics" || { echo "no process_open_fds"; exit 1; }
echo "alert rules and /metrics pass promtool"
