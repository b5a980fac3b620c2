#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for SECONDS (default: the budget below).
# Usage: scripts/fuzz.sh [SECONDS]. The run fails on any crash, leak or timeout.
#   zetta_fuzz         the Zetta framer and parser (seeds: the parser test cases)
#   http_request_fuzz  the public port's request parser (seeds: requests written below)
#   ws_frame_fuzz      the WebSocket frame reader (seeds: frames written below)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-${AIRBRIDGE_FUZZ_SECONDS:-40}}   # the one place the per-target budget is set
scripts/setup.sh
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DAIRBRIDGE_FUZZ=ON > /dev/null
cmake --build build-fuzz --target zetta_fuzz http_request_fuzz ws_frame_fuzz

seed() {  # seed DIR NAME BYTES...: one file; the input's first byte is the read size
  local dir=$1 name=$2; shift 2
  for size in 1 17 63; do
    { printf "\\x$(printf %02x $size)"; printf "$@"; } > "$dir/$name-$size"
  done
}

corpus=build-fuzz/corpus
rm -rf "$corpus"
mkdir -p "$corpus/zetta" "$corpus/http" "$corpus/ws"
for input in tests/plugins/zetta/cases/*/input.xml; do
  for size in 1 17 63; do
    { printf "\\x$(printf %02x $size)"; cat "$input"; } > "$corpus/zetta/$(basename "$(dirname "$input")")-$size"
  done
done
seed "$corpus/http" get 'GET /v1/now-playing HTTP/1.1\r\nHost: a\r\nIf-None-Match: "x"\r\n\r\nGET /healthz HTTP/1.0\r\n\r\n'
seed "$corpus/http" query 'GET /v1/history?limit=5&before=%%31&x=a+b HTTP/1.1\r\nHost: a\r\n\r\n'
seed "$corpus/http" post 'POST /in HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\nhello'
seed "$corpus/http" chunked 'POST /in HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nT: 1\r\n\r\n'
seed "$corpus/http" upgrade 'GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n'
seed "$corpus/ws" text '\x81\x82\0\0\0\0{}'
seed "$corpus/ws" fragments '\x01\x81\0\0\0\0a\x89\x80\0\0\0\0\x80\x81\0\0\0\0b'
seed "$corpus/ws" close '\x88\x82\0\0\0\0\x03\xe8'
seed "$corpus/ws" long '\x82\xfe\x00\x80\0\0\0\0'

run() {  # run TARGET CORPUS
  echo "== fuzzing $1 for $seconds s"
  "./build-fuzz/tests/fuzz/$1" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 "$2" 2>&1 | grep -v "^#" | tail -n 40
  return "${PIPESTATUS[0]}"
}
run zetta_fuzz "$corpus/zetta"
run http_request_fuzz "$corpus/http"
run ws_frame_fuzz "$corpus/ws"
