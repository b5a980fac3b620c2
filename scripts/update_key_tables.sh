#!/usr/bin/env bash
# Rewrites the key table of each plugin README (between <!-- keys:begin --> and
# <!-- keys:end -->) from the plugin's declared keys, as `airbridge --explain ID --markdown`
# prints them. The test "cli: every plugin README's key table matches its declaration" fails
# until this has been run after a key changes. Usage: scripts/update_key_tables.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
config=$(mktemp)
trap 'rm -f "$config"' EXIT
printf 'plugins:\n  directory: %s/plugins\n' "$build" > "$config"
for readme in plugins/*/README.md; do
  id=$(basename "$(dirname "$readme")")
  grep -q '<!-- keys:begin -->' "$readme" || { echo "$readme: no <!-- keys:begin --> marker" >&2; exit 1; }
  table=$("$build/airbridge" --config "$config" --explain "$id" --markdown)
  TABLE="$table" awk '
    /<!-- keys:end -->/ { skipping = 0 }
    !skipping { print }
    /<!-- keys:begin -->/ { print ENVIRON["TABLE"]; skipping = 1 }
  ' "$readme" > "$readme.new"
  mv "$readme.new" "$readme"
  echo "$readme: $(grep -c '^| `' <<< "$table") keys"
done
