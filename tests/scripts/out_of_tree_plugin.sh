#!/usr/bin/env bash
# Installs the airbridge SDK from the build tree into a scratch prefix, builds the two example
# plugins of docs/writing-a-plugin.md against it with find_package(airbridge) from a separate
# source tree, and has airbridge explain, load and run them: the input's greeting must reach the
# output through the real bus.
set -euo pipefail
build_dir=$1 plugin_src=$2 airbridge=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build_dir" --prefix "$work/prefix" > "$work/install.log"
cmake -S "$plugin_src" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" > "$work/configure.log"
cmake --build "$work/build" > "$work/build.log" || { cat "$work/build.log"; exit 1; }
plugin=$(find "$work/build" -name libairbridge_hello.so)
[ -n "$plugin" ] || { echo "no libairbridge_hello.so was built"; exit 1; }
[ -f "$(dirname "$plugin")/libairbridge_tally.so" ] || { echo "no libairbridge_tally.so was built"; exit 1; }
cat > "$work/airbridge.yaml" <<YAML
plugins:
  directory: $(dirname "$plugin")
storage:
  enabled: false
sources:
  - plugin: hello
    greeting: Hello from out of tree
sinks:
  - plugin: tally
    label: counted
YAML
"$airbridge" --check-config --config "$work/airbridge.yaml"
"$airbridge" --config "$work/airbridge.yaml" --explain tally | grep -q "songs_only  *true or false  *false"
# A key the plugin did not declare is refused with a suggestion.
sed 's/label:/lable:/' "$work/airbridge.yaml" > "$work/typo.yaml"
if "$airbridge" --check-config --config "$work/typo.yaml" > "$work/typo.log" 2>&1; then
  echo "a misspelt key was accepted"; exit 1
fi
grep -q "did you mean 'label'" "$work/typo.log" || { cat "$work/typo.log"; exit 1; }
"$airbridge" --config "$work/airbridge.yaml" > "$work/run.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  grep -q "counted #1: Hello from out of tree (1 so far)" "$work/run.log" && break
  sleep 0.05
done
# SIGHUP: tally takes its new label in place (its count goes on); hello, which has no
# reconfigure(), is restarted and greets again.
sed -e 's/label: counted/label: recounted/' -e 's/greeting: Hello from out of tree/greeting: Hello again/' \
  "$work/airbridge.yaml" > "$work/next.yaml"
cp "$work/next.yaml" "$work/airbridge.yaml"
kill -HUP $pid
for _ in $(seq 1 100); do
  grep -q "recounted #2: Hello again (2 so far)" "$work/run.log" && break
  sleep 0.05
done
kill -TERM $pid
wait $pid
grep "now on air: Hello from out of tree" "$work/run.log"
grep "counted #1: Hello from out of tree (1 so far)" "$work/run.log"
grep 'updated in place: sink tally "tally"; restarted: source hello "hello"' "$work/run.log"
grep "recounted #2: Hello again (2 so far)" "$work/run.log"
