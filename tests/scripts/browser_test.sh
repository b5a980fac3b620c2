#!/usr/bin/env bash
# The demo page in headless Chromium: installs playwright-core (npm, no browser download: it
# drives Debian's /usr/bin/chromium) and runs tests/browser with node's test runner.
set -euo pipefail
build_dir=$1 source_dir=$2
cd "$source_dir/tests/browser"
if [ ! -d node_modules/playwright-core ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
AIRBRIDGE_BUILD="$build_dir" AIRBRIDGE_SOURCE="$source_dir" node --test
