#!/usr/bin/python3
"""Integer-stage accuracy of the digits model on its held-out split.

For each of the model's fake-quantized exports (raw QAT and convert()), runs
every held-out image through qcc-run --stage=integer (the model after qcc's
quantization pipeline, integer ops only) and through ONNX Runtime on the
same QDQ model. Asserts that the integer accuracy is at least the float
model's minus 0.3 points (meta.json holds torch's measurement) and that the
top-1 class equals ONNX Runtime's on at least 99% of the images.

Then post-training quantization of the float export: qcc --calibrate with the
100 calibration images (first training images), for each calibration method,
writes the integer-level IR, which qcc-run executes on every held-out image.
Asserts an accuracy of at least the float model's minus 1 point.

Usage: digits-accuracy.py BUILD_BIN_DIR
"""
import json
import pathlib
import subprocess
import sys
import tempfile

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[2]
DIGITS = ROOT / "test" / "models" / "digits"
ORT = ROOT / "test" / "oracles" / "ort-run.js"


def predict(cmd_prefix, images, tmp):
    """Top-1 class of every image under the command."""
    classes = []
    for k, image in enumerate(images):
        x, y = tmp / f"x{k}.npy", tmp / f"y{k}.npy"
        np.save(x, image[None])
        subprocess.run([*cmd_prefix, "--input", str(x), "-o", str(y)],
                       check=True, capture_output=True)
        classes.append(int(np.load(y).argmax()))
    return np.array(classes)


def main():
    bin_dir = pathlib.Path(sys.argv[1])
    images = np.load(DIGITS / "test_images.npy")
    labels = np.load(DIGITS / "test_labels.npy")
    float_acc = json.loads((DIGITS / "meta.json").read_text())["accuracy"]["float"]
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        for form in ("qat", "converted"):
            model = DIGITS / f"{form}.onnx"
            ours = predict([str(bin_dir / "qcc-run"), str(model), "--stage=integer"],
                           images, tmp)
            theirs = predict(["node", str(ORT), str(model)], images, tmp)
            acc = float((ours == labels).mean())
            agree = float((ours == theirs).mean())
            passed = acc >= float_acc - 0.003 and agree >= 0.99
            ok &= passed
            print(f"{'PASS' if passed else 'FAIL'} digits/{form}: integer accuracy "
                  f"{acc:.2%} (float {float_acc:.2%}), top-1 equal to ONNX "
                  f"Runtime on {agree:.2%} of {len(images)} images")
        for method in ("minmax", "percentile", "mse"):
            ptq = tmp / f"ptq-{method}.mlir"
            subprocess.run([str(bin_dir / "qcc"), str(DIGITS / "float.onnx"),
                            f"--calibrate={DIGITS / 'calibration_images.npy'}",
                            f"--calibration-method={method}", "--emit=mlir",
                            "-o", str(ptq)],
                           check=True)
            ours = predict([str(bin_dir / "qcc-run"), str(ptq), "--stage=integer"],
                           images, tmp)
            acc = float((ours == labels).mean())
            passed = acc >= float_acc - 0.01
            ok &= passed
            print(f"{'PASS' if passed else 'FAIL'} digits/float + {method} "
                  f"calibration on 100 images: integer accuracy {acc:.2%} "
                  f"(float {float_acc:.2%})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
