#!/usr/bin/env bash
# Generates the large PyTorch fixtures (MobileNetV2 at 96 and 224, ResNet18
# at 224 and 64, a transformer block) once into MODEL_DIR and checks that qcc
# imports every exported form of each into verified IR.
# Usage: import-generated-models.sh QCC MODEL_DIR
set -uo pipefail
qcc=$1
dir=$2
root=$(cd "$(dirname "$0")/../../.." && pwd)
models=(mobilenetv2_96 mobilenetv2_224 resnet18 resnet18_64 transformer)

missing=()
for m in "${models[@]}"; do
  [ -f "$dir/$m/converted.onnx" ] || missing+=("$m")
done
if [ ${#missing[@]} -gt 0 ]; then
  list=$(IFS=,; echo "${missing[*]}")
  /usr/bin/python3 "$root/scripts/make_models.py" --out "$dir" --models "$list" \
    > "$dir.log" 2>&1 || { cat "$dir.log"; echo "model generation failed"; exit 1; }
fi

passed=0 failed=0
for m in "${models[@]}"; do
  for form in float qat converted; do
    if out=$("$qcc" "$dir/$m/$form.onnx" --emit=float -o /dev/null 2>&1); then
      passed=$((passed + 1))
    else
      failed=$((failed + 1))
      echo "FAIL $m/$form: $out"
    fi
  done
done
echo "import: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
