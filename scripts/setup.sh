#!/usr/bin/env bash
# Installs every dependency qcc needs from Debian's packages.
# Idempotent: quiet and fast when everything is already present.
set -euo pipefail

PKGS=(
  # LLVM/MLIR 22 (compiler libraries, lit/FileCheck, clang for the runtime bitcode)
  llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools clang-22 lld-22
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
)

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
