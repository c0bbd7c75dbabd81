#!/usr/bin/env bash
# Installs every dependency qcc needs: Debian's packages, and ONNX Runtime
# from npm for the test oracle.
# Idempotent: quiet and fast when everything is already present.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"

PKGS=(
  # LLVM/MLIR 22 (compiler libraries, lit/FileCheck, llvm-link/llvm-nm, clang
  # for the runtime bitcode)
  llvm-22 llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools clang-22 lld-22
  # ONNX import and its backend test data
  libonnx-dev libonnx-testdata libprotobuf-dev protobuf-compiler
  # build and unit tests (g++ is the host compiler; clang-22 does not
  # provide cc/c++)
  g++ libfmt-dev libgtest-dev ninja-build ccache cmake
  # AArch64 cross compilation and emulation
  gcc-aarch64-linux-gnu g++-aarch64-linux-gnu qemu-user
  # Python side of the test oracles and fixtures (scripts/make_models.py)
  python3-onnx python3-numpy python3-torch python3-torchvision python3-sklearn
  libopenblas0
  # the Python module (import qcc) and its tests
  pybind11-dev python3-dev python3-pytest
  # bench/setup.sh: qemu's source tarball
  xz-utils
)

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# ONNX Runtime from npm, the independent oracle the tests compare with
# (test/oracles). Node comes with the machine; Debian's is the fallback.
if ! command -v npm >/dev/null; then
  $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
if ! node -e "process.exit(require('$root/test/oracles/node_modules/onnxruntime-node/package.json').version === require('$root/test/oracles/package.json').dependencies['onnxruntime-node'] ? 0 : 1)" 2>/dev/null; then
  echo "setup: installing onnxruntime-node (test/oracles)"
  npm ci --ignore-scripts --prefix "$root/test/oracles" --silent
fi

# The instruction-count bench's arm64 peers and qemu's plugin header, into
# bench/.deps without enabling multiarch.
"$root/bench/setup.sh"
