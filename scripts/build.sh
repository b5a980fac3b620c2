#!/usr/bin/env bash
# Configures and builds airbridge. Usage: scripts/build.sh [--sanitize]
#   default:     build/       Release
#   --sanitize:  build-asan/  RelWithDebInfo with AddressSanitizer + UndefinedBehaviorSanitizer
set -euo pipefail
cd "$(dirname "$0")/.."
dir=build type=Release sanitize=OFF
if [ "${1:-}" = "--sanitize" ]; then dir=build-asan type=RelWithDebInfo sanitize=ON; fi
cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$type" -DAIRBRIDGE_SANITIZE="$sanitize" > /dev/null
cmake --build "$dir" -j "$(nproc)"
