#!/usr/bin/env bash
# Builds the Zetta framer+parser fuzz target with clang and runs it. Usage: scripts/fuzz.sh [SECONDS]
# The seed corpus is the parser test cases; the run fails on any crash, leak or timeout.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
scripts/setup.sh
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DAIRBRIDGE_FUZZ=ON > /dev/null
cmake --build build-fuzz --target zetta_fuzz
corpus=build-fuzz/corpus
mkdir -p "$corpus"
for input in tests/plugins/zetta/cases/*/input.xml; do
  # The fuzz input's first byte is the read size; seed with a few.
  for size in 1 17 63; do
    { printf "\\x$(printf %02x $size)"; cat "$input"; } > "$corpus/$(basename "$(dirname "$input")")-$size"
  done
done
./build-fuzz/tests/fuzz/zetta_fuzz -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 "$corpus"
