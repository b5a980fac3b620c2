#!/usr/bin/env bash
# Every ```yaml block in a plugin README must pass `airbridge --check-config` (with the plugin
# directory of this build), so the documented examples cannot rot. Blocks that are not airbridge
# configs are fenced with another info string (```yaml term-file).
set -euo pipefail
airbridge=$1 plugin_dir=$2 source_dir=$3
cd "$source_dir"  # examples use paths relative to the source tree (config/schedule)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
checked=0
for readme in "$source_dir"/plugins/*/README.md; do
  blocks=$(awk '/^```yaml$/{n++; inside=1; next} /^```$/{inside=0} inside{print > "'"$work"'/block" n ".yaml"}' "$readme"; ls "$work"/block*.yaml 2>/dev/null || true)
  for block in $blocks; do
    { printf 'plugins:\n  directory: %s\n' "$plugin_dir"; cat "$block"; } > "$work/config.yaml"
    if ! "$airbridge" --check-config --config "$work/config.yaml"; then
      echo "FAILED: a yaml example in $readme"; cat "$block"; exit 1
    fi
    checked=$((checked + 1))
    rm -f "$block"
  done
done
[ "$checked" -gt 0 ] || { echo "no yaml examples found"; exit 1; }
echo "$checked README example(s) pass --check-config"
