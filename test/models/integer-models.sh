#!/usr/bin/env bash
# Lowers the raw QAT and convert() exports of DS-CNN, MobileNetV2,
# ResNet18, MobileNetV3, ShuffleNetV2, EfficientNet-B0, SSDLite and the
# LSTM keyword spotter (a convert() PyTorch cannot export is skipped) to
# the integer level and runs them: qcc-run --stage=integer runs
# qcc's quantization pipeline, whose last pass (qcc-check-integer-only) walks
# the IR and fails on any float op between the model's quantize and
# dequantize. Usage: integer-models.sh BUILD_BIN_DIR GENERATED_MODEL_DIR
set -uo pipefail
bin=$1 generated=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
passed=0 failed=0
for dir in "$root/test/models/dscnn" "$generated/mobilenetv2_96" \
           "$generated/mobilenetv2_224" "$generated/resnet18" \
           "$generated/mobilenetv3_small_96" "$generated/mobilenetv3_large_96" \
           "$generated/shufflenet_96" "$generated/efficientnet_b0_96" \
           "$generated/ssdlite_160" "$generated/lstm_kws"; do
  for form in qat converted; do
    # A form PyTorch could not export has its error in meta.json.
    [ ! -f "$dir/$form.onnx" ] && grep -qs "\"$form\": \"" "$dir/meta.json" && continue
    out=$(mktemp -d)
    if msg=$("$bin/qcc-run" "$dir/$form.onnx" --stage=integer \
               --input "$dir/input_0.npy" -o "$out" 2>&1); then
      passed=$((passed + 1))
      echo "PASS $(basename "$dir")/$form"
    else
      failed=$((failed + 1))
      echo "FAIL $(basename "$dir")/$form: $msg"
    fi
    rm -rf "$out"
  done
done
echo "integer models: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
