#!/usr/bin/python3
"""The digits model's accuracy at every stage: docs/accuracy.md and its bars.

Measures, on the 360 held-out images of the bundled digits classifier:
PyTorch's float and fake-quant accuracy (recorded by make_models.py),
ONNX Runtime on the QDQ exports, qcc's reference integer stage (qcc-run
--stage=integer) and qcc's compiled code (the static library linked into
examples/digits/classify.c) for AArch64 baseline, +dotprod and +i8mm under
qemu and for x86-64, for the QAT export, the convert() export, and the float
export calibrated on 100 training images with each calibration method.

Asserts: compiled QAT code within 0.3 points of PyTorch's float accuracy,
compiled PTQ code within 1 point, every compiled prediction equal to the
reference integer stage's on every image, and top-1 agreement with ONNX
Runtime on at least 99 % of the images.

  accuracy_table.py BUILD_DIR --write   regenerate docs/accuracy.md
  accuracy_table.py BUILD_DIR --check   assert the bars and that the
                                        committed table is current
"""
import argparse
import json
import pathlib
import subprocess
import sys
import tempfile

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[1]
DIGITS = ROOT / "test" / "models" / "digits"
TABLE = ROOT / "docs" / "accuracy.md"
QAT_BAR, PTQ_BAR, ORT_AGREEMENT = 0.3, 1.0, 0.99

# name, qcc flags, compiler flags, runner
TARGETS = [
    ("AArch64 baseline (qemu Cortex-A72)", ["--target=aarch64-linux-gnu"],
     ["aarch64-linux-gnu-gcc", "-static", "-march=armv8-a"],
     ["qemu-aarch64", "-cpu", "cortex-a72"]),
    ("AArch64 +dotprod (qemu)", ["--target=aarch64-linux-gnu", "--mattr=+dotprod"],
     ["aarch64-linux-gnu-gcc", "-static", "-march=armv8.2-a+dotprod"],
     ["qemu-aarch64", "-cpu", "max"]),
    ("AArch64 +i8mm (qemu)", ["--target=aarch64-linux-gnu", "--mattr=+i8mm"],
     ["aarch64-linux-gnu-gcc", "-static", "-march=armv8.2-a+i8mm"],
     ["qemu-aarch64", "-cpu", "max"]),
    ("x86-64", ["--target=x86_64-linux-gnu"], ["cc"], []),
]


def run(argv):
    subprocess.run([str(a) for a in argv], check=True, capture_output=True)


class Measure:
    def __init__(self, build, work):
        self.bin = build / "bin"
        self.work = work
        self.images = DIGITS / "test_images.npy"
        self.labels = np.load(DIGITS / "test_labels.npy")

    def accuracy(self, predictions):
        return float((predictions == self.labels).mean())

    def reference(self, model, tag):
        scores = self.work / f"{tag}-reference.npy"
        run([self.bin / "qcc-run", model, "--stage=integer", "--batch",
             "--input", self.images, "-o", scores])
        return np.load(scores).argmax(1)

    def onnx_runtime(self, model, tag):
        scores = self.work / f"{tag}-ort.npy"
        run(["node", ROOT / "test" / "oracles" / "ort-run.js", model, "--batch",
             "--input", self.images, "-o", scores])
        return np.load(scores).argmax(1)

    def compiled(self, model, tag, target):
        name, qcc_flags, cc, runner = target
        out = self.work / f"{tag}-{TARGETS.index(target)}"
        out.mkdir()
        run([self.bin / "qcc", model, "-o", out / "digits", *qcc_flags])
        run([*cc, "-std=c99", "-O2", "-Wall", "-Wextra", "-Werror",
             f"-I{out}", f"-I{ROOT / 'runtime' / 'include'}", f"-I{ROOT / 'examples'}",
             ROOT / "examples" / "digits" / "classify.c", out / "digits.a",
             "-o", out / "classify"])
        run([*runner, out / "classify", len(self.labels), self.images,
             DIGITS / "test_labels.npy", out / "predictions.txt"])
        return np.loadtxt(out / "predictions.txt", dtype=np.int64)


def measure(build, work):
    """The table rows and the failed assertions."""
    m = Measure(build, work)
    torch = json.loads((DIGITS / "meta.json").read_text())["accuracy"]
    rows, failures = [], []
    rows.append(("PyTorch", "float", torch["float"], ""))
    rows.append(("PyTorch", "fake-quant (QAT)", torch["qat"], ""))

    def compiled_rows(model, tag, form, targets, bar):
        reference = m.reference(model, tag)
        rows.append(("qcc reference integer stage", form, m.accuracy(reference),
                     "—"))
        for target in targets:
            got = m.compiled(model, tag, target)
            same = int((got == reference).sum())
            acc = m.accuracy(got)
            rows.append((f"qcc compiled, {target[0]}", form, acc,
                         f"{same}/{len(reference)}"))
            if same != len(reference):
                failures.append(f"{form}, {target[0]}: {len(reference) - same} "
                                "predictions differ from the reference integer stage")
            if acc < torch["float"] - bar / 100:
                failures.append(f"{form}, {target[0]}: {acc:.2%} is more than "
                                f"{bar} points below PyTorch float")
        return reference

    for form in ("qat", "converted"):
        model = DIGITS / f"{form}.onnx"
        label = {"qat": "QAT export", "converted": "convert() export"}[form]
        ort = m.onnx_runtime(model, form)
        rows.append(("ONNX Runtime (QDQ)", label, m.accuracy(ort), ""))
        targets = TARGETS if form == "qat" else TARGETS[1:2]
        reference = compiled_rows(model, form, label, targets, QAT_BAR)
        agreement = float((ort == reference).mean())
        if agreement < ORT_AGREEMENT:
            failures.append(f"{label}: top-1 agrees with ONNX Runtime on "
                            f"{agreement:.2%} of the images")
    for method in ("minmax", "percentile", "mse"):
        mlir = work / f"ptq-{method}.mlir"
        run([m.bin / "qcc", DIGITS / "float.onnx", "--emit=mlir",
             f"--calibrate={DIGITS / 'calibration_images.npy'}",
             f"--calibration-method={method}", "-o", mlir])
        compiled_rows(mlir, f"ptq-{method}", f"float export, PTQ {method}",
                      TARGETS[1:2], PTQ_BAR)
    return rows, failures


def render(rows):
    lines = [
        "# Accuracy of the digits classifier",
        "",
        "Generated by `scripts/accuracy_table.py BUILD_DIR --write`; the",
        "`accuracy-table` test regenerates it, fails when it is stale, and",
        f"asserts the bars: compiled QAT code within {QAT_BAR} points of PyTorch's",
        f"float accuracy, compiled PTQ code within {PTQ_BAR} point, and every",
        "compiled prediction equal to qcc's reference integer stage.",
        "",
        "The model is the bundled 8x8 digits CNN (`test/models/digits`), 360",
        "held-out images. PTQ calibrates the float export on its first 100",
        "training images (`calibration_images.npy`).",
        "",
        "| stage | model | accuracy | predictions equal to the reference |",
        "|---|---|---|---|",
    ]
    for stage, form, acc, same in rows:
        lines.append(f"| {stage} | {form} | {acc:.2%} | {same} |")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build", type=pathlib.Path)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true")
    mode.add_argument("--check", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        rows, failures = measure(args.build.resolve(), pathlib.Path(work))
    table = render(rows)
    sys.stdout.write(table)
    if args.write:
        TABLE.write_text(table)
    elif TABLE.read_text() != table:
        failures.append(f"{TABLE.relative_to(ROOT)} is stale: run "
                        "scripts/accuracy_table.py BUILD_DIR --write")
    for failure in failures:
        print(f"FAIL {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
