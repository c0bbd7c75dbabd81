#!/usr/bin/env bash
# Configures (once) and builds qcc into build/ with Ninja, two jobs.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${QCC_BUILD_DIR:-build}
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -G Ninja -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
ninja -C "$BUILD_DIR" -j2 --quiet
