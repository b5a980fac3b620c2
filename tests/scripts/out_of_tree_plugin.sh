#!/usr/bin/env bash
# Installs the airbridge SDK from the build tree into a scratch prefix, builds a plugin against it
# with find_package(airbridge) from a separate source tree, and has airbridge load and run it.
set -euo pipefail
build_dir=$1 plugin_src=$2 airbridge=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build_dir" --prefix "$work/prefix" > "$work/install.log"
cmake -S "$plugin_src" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" > "$work/configure.log"
cmake --build "$work/build" > "$work/build.log" || { cat "$work/build.log"; exit 1; }
plugin=$(find "$work/build" -name libairbridge_hello.so)
[ -n "$plugin" ] || { echo "no libairbridge_hello.so was built"; exit 1; }
cat > "$work/airbridge.yaml" <<YAML
plugins:
  directory: $(dirname "$plugin")
storage:
  enabled: false
sources:
  - plugin: hello
    greeting: Hello from out of tree
YAML
"$airbridge" --check-config --config "$work/airbridge.yaml"
"$airbridge" --config "$work/airbridge.yaml" > "$work/run.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  grep -q "now on air: Hello from out of tree" "$work/run.log" && break
  sleep 0.05
done
kill -TERM $pid
wait $pid
grep "now on air: Hello from out of tree" "$work/run.log"
