#!/usr/bin/env bash
# Installs qcc into a temporary prefix, imports its Python module from there,
# builds examples/firmware against it with find_package(qcc) +
# qcc_add_model() for AArch64, runs the classifier under qemu-aarch64 on the
# held-out digits images, and checks its accuracy against PyTorch's float
# accuracy (at most 0.3 points lower).
# Usage: find-package.sh BUILD_DIR WORK_DIR
set -euo pipefail
build=$1 work=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$work" && mkdir -p "$work"
cmake --install "$build" --prefix "$work/prefix" > "$work/install.log"
test -x "$work/prefix/bin/qcc" && test -f "$work/prefix/include/qcc/kernels.h" \
  && test -f "$work/prefix/share/qcc/runtime/kernels/conv.c"
# The Python module, in the dist-packages directory the user guide names.
python=$(/usr/bin/python3 -c 'import sys; print("python%d.%d" % sys.version_info[:2])')
PYTHONPATH="$work/prefix/lib/$python/dist-packages" /usr/bin/python3 - \
  "$work/prefix" "$root/test/models/digits/qat.onnx" <<'PY'
import sys
import qcc
assert qcc.__file__.startswith(sys.argv[1]), qcc.__file__
assert "int qat_run(" in qcc.compile(sys.argv[2], emit="c")["qat.h"].decode()
PY
cmake -S "$root/examples/firmware" -B "$work/firmware" -G Ninja \
  -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DCMAKE_TOOLCHAIN_FILE="$root/examples/firmware/aarch64-linux-gnu.cmake" \
  > "$work/configure.log"
cmake --build "$work/firmware" > "$work/build.log"
digits=$root/test/models/digits
qemu-aarch64 -cpu max "$work/firmware/classify" 360 \
  "$digits/test_images.npy" "$digits/test_labels.npy" | tee "$work/run.log"
/usr/bin/python3 - "$work/run.log" "$digits/meta.json" <<'PY'
import json, re, sys
got = float(re.search(r"accuracy: ([0-9.]+)%", open(sys.argv[1]).read()).group(1))
torch = 100 * json.load(open(sys.argv[2]))["accuracy"]["float"]
print(f"installed qcc, find_package + qcc_add_model, AArch64 under qemu: "
      f"{got:.2f}% (torch float {torch:.2f}%)")
sys.exit(0 if got >= torch - 0.3 else 1)
PY

# Every option of qcc_add_model(), for the host, from a project whose model
# and calibration paths are relative to its CMakeLists.txt: it builds, runs,
# gives the bytes the qcc command gives with the same flags, and changed
# samples rebuild the model.
options=$work/options-src
mkdir -p "$options/models" "$work/cli"
cp "$root/test/install/options/CMakeLists.txt" "$root/test/install/options/check.c" \
  "$options/"
cp -r "$root/test/models/convbias" "$root/test/models/digits" "$options/models/"
cmake -S "$options" -B "$work/options" -G Ninja \
  -DCMAKE_PREFIX_PATH="$work/prefix" > "$work/options-configure.log"
cmake --build "$work/options" > "$work/options-build.log"
"$work/options/check"
"$work/prefix/bin/qcc" "$options/models/convbias/float.onnx" --emit=obj \
  --target=x86_64-linux-gnu --name=calibrated --calibration-method=mse \
  --activations=int8 --rounding=single \
  --calibrate="$options/models/convbias/input_0.npy" \
  -o "$work/cli/calibrated" --report="$work/cli/calibrated.json"
cmp "$work/cli/calibrated.o" "$work/options/qcc/calibrated/calibrated.o"
cmp "$work/cli/calibrated.h" "$work/options/qcc/calibrated/calibrated.h"
cmp "$work/cli/calibrated.json" "$work/options/calibrated.json"
touch "$options/models/convbias/input_0.npy"
cmake --build "$work/options" > "$work/options-rebuild.log"
grep -q "qcc: compiling models/convbias/float.onnx" "$work/options-rebuild.log"
echo "qcc_add_model: every option, relative paths, rebuilt on new samples"
