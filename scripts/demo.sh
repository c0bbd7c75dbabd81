#!/usr/bin/env bash
# README's main job: compile the bundled QAT digits model into an AArch64
# static library with the dot-product extension, link it into the
# firmware-style example (examples/digits/classify.c), run it under
# qemu-aarch64 on the 360 held-out images, and print its accuracy next to
# PyTorch's float and fake-quant accuracy of the same model.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build
out=$build/example
digits=$root/test/models/digits
mkdir -p "$out"

"$build/bin/qcc" "$digits/qat.onnx" -o "$out/digits" \
  --target=aarch64-linux-gnu --mattr=+dotprod --report="$out/digits.json"
echo "qcc: test/models/digits/qat.onnx -> build/example/digits.a + digits.h" \
     "(aarch64-linux-gnu, +dotprod; arena $(sed -n 's/^#define DIGITS_ARENA_SIZE //p' "$out/digits.h") bytes)"

aarch64-linux-gnu-gcc -std=c99 -O2 -Wall -Wextra -Werror -static \
  -march=armv8.2-a+dotprod -I"$out" -I"$root/runtime/include" \
  -I"$root/examples" "$root/examples/digits/classify.c" "$out/digits.a" \
  -o "$out/classify"
qemu-aarch64 -cpu max "$out/classify" 360 "$digits/test_images.npy" \
  "$digits/test_labels.npy"

/usr/bin/python3 - "$digits/meta.json" <<'PY'
import json, sys
accuracy = json.load(open(sys.argv[1]))["accuracy"]
print(f"torch float: {accuracy['float']:.2%}   "
      f"torch fake-quant (QAT): {accuracy['qat']:.2%}")
PY
