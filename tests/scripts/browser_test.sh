#!/usr/bin/env bash
# A page in headless Chromium: installs playwright-core (npm, no browser download: it drives
# Debian's /usr/bin/chromium) and runs one test file of tests/browser with node's test runner.
# Usage: browser_test.sh BUILD_DIR SOURCE_DIR TEST_FILE
set -euo pipefail
build_dir=$1 source_dir=$2 test_file=$3
cd "$source_dir/tests/browser"
if [ ! -d node_modules/playwright-core ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
AIRBRIDGE_BUILD="$build_dir" AIRBRIDGE_SOURCE="$source_dir" node --test "$test_file"
