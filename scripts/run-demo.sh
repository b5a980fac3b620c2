#!/usr/bin/env bash
# Sets up and builds airbridge, then runs it on config/airbridge.yaml with a demo Zetta feed: the
# simulator replays the sample documents to the Zetta port every few seconds, so the log shows
# tracks change through the real Zetta path. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
samples=tests/plugins/zetta/cases
./build/airbridge --config config/airbridge.yaml &
airbridge=$!
trap 'kill -TERM $airbridge $simulator 2>/dev/null; wait $airbridge 2>/dev/null' EXIT INT TERM
sleep 1
./build/zetta-simulator --to 127.0.0.1:1234 --interval "${DEMO_INTERVAL:-5s}" --loop --restamp \
  $samples/song/input.xml $samples/current-and-next/input.xml $samples/link/input.xml \
  $samples/spot-block/input.xml $samples/kjhk-production/input.xml 2>/dev/null &
simulator=$!
wait $airbridge
