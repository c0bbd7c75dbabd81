#!/usr/bin/env bash
# Generates the large PyTorch fixtures (MobileNetV2 at 96 and 224, ResNet18
# at 224 and 64, a transformer block, MobileNetV3 small and large,
# ShuffleNetV2, a small ViT, SSDLite's backbone and heads, EfficientNet-B0,
# LSTM and GRU keyword spotters) once into MODEL_DIR and checks that qcc
# imports every exported form of each into verified IR (a form PyTorch
# cannot export is listed in its meta.json and skipped).
# Usage: import-generated-models.sh QCC MODEL_DIR
set -uo pipefail
qcc=$1
dir=$2
root=$(cd "$(dirname "$0")/../../.." && pwd)
models=(mobilenetv2_96 mobilenetv2_224 resnet18 resnet18_64 transformer
        mobilenetv3_small_96 mobilenetv3_large_96 shufflenet_96 vit ssdlite_160
        efficientnet_b0_96 lstm_kws gru_kws)

missing=()
for m in "${models[@]}"; do
  [ -f "$dir/$m/meta.json" ] || missing+=("$m")
done
if [ ${#missing[@]} -gt 0 ]; then
  list=$(IFS=,; echo "${missing[*]}")
  /usr/bin/python3 "$root/scripts/make_models.py" --out "$dir" --models "$list" \
    > "$dir.log" 2>&1 || { cat "$dir.log"; echo "model generation failed"; exit 1; }
fi

passed=0 failed=0
for m in "${models[@]}"; do
  for model in "$dir/$m"/*.onnx; do
    form=$(basename "$model" .onnx)
    if out=$("$qcc" "$model" --emit=float -o /dev/null 2>&1); then
      passed=$((passed + 1))
    else
      failed=$((failed + 1))
      echo "FAIL $m/$form: $out"
    fi
  done
done
echo "import: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
