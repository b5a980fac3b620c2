#!/usr/bin/env bash
# Builds the Debian package: build-package/airbridge_<version>_<arch>.deb (CPack; what is in it
# and why: packaging/CMakeLists.txt). Usage: scripts/package.sh. Prints the package's path.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake -S . -B build-package -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
  -DAIRBRIDGE_PACKAGE=ON -DAIRBRIDGE_BUILD_TESTS=OFF > /dev/null
cmake --build build-package -j "$(nproc)" > /dev/null
(cd build-package && cpack -G DEB > /dev/null)
ls "$PWD"/build-package/airbridge_*.deb
