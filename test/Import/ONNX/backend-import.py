#!/usr/bin/python3
"""Imports every model of ONNX's backend node tests (Debian's
libonnx-testdata) with qcc.

Each test's graph inputs after the first are bound as constants from its
test_data_set_0 (the tests pass shapes, bounds and quantization parameters
as inputs). A model passes when qcc prints verified IR; it is skipped when
qcc rejects it with exactly one error line (an op or feature outside qcc);
it fails on a crash, any other exit code, or more than one error line. The
tests the issues require must pass, except the listed ones with a reason.

Usage: backend-import.py QCC [NODE_TEST_DIR]
"""

import collections
import fnmatch
import pathlib
import re
import subprocess
import sys

import onnx

REQUIRED = [
    "quantizelinear*", "dequantizelinear*", "qlinearconv", "qlinearmatmul_2D",
    "qlinearmatmul_3D", "convinteger_*", "matmulinteger", "batchnorm_example",
    "batchnorm_epsilon", "basic_conv_*", "conv_with_*", "maxpool_2d_*",
    "averagepool_2d_*", "globalaveragepool*", "relu", "clip*", "gemm_*",
    "matmul_*", "add*", "softmax_*", "concat_*", "reshape_*", "flatten*",
    "transpose*",
]

# Required-looking tests qcc rejects on purpose, with the reason.
EXCLUDED = {
    "maxpool_2d_dilations": "pooling with dilations is outside the dialect",
    "maxpool_2d_uint8": "integer max pooling of an unquantized uint8 input",
    "add_uint8": "integer arithmetic on unquantized uint8 inputs",
    "clip_default_int8_inbounds": "integer Clip of an unquantized int8 input",
    "clip_default_int8_max": "integer Clip of an unquantized int8 input",
    "clip_default_int8_min": "integer Clip of an unquantized int8 input",
    "softmax_axis_0_expanded": "uses ReduceMax, outside the dialect",
    "softmax_axis_1_expanded": "uses ReduceMax, outside the dialect",
    "softmax_axis_2_expanded": "uses ReduceMax, outside the dialect",
    "softmax_default_axis_expanded": "uses ReduceMax, outside the dialect",
    "softmax_example_expanded": "uses ReduceMax, outside the dialect",
    "softmax_large_number_expanded": "uses ReduceMax, outside the dialect",
    "softmax_negative_axis_expanded": "uses ReduceMax, outside the dialect",
}


def constant_inputs(test_dir):
    """--constant-input flags for every graph input after the first."""
    model = onnx.load(str(test_dir / "model.onnx"), load_external_data=False)
    initializers = {t.name for t in model.graph.initializer}
    names = [i.name for i in model.graph.input if i.name not in initializers]
    data = test_dir / "test_data_set_0"
    return [f"--constant-input={name}={data / f'input_{k}.pb'}"
            for k, name in enumerate(names) if k > 0]


def run(qcc, test_dir):
    """Returns (status, detail): PASS, SKIP with the reason, or FAIL."""
    try:
        flags = constant_inputs(test_dir)
    except Exception as e:  # the Python reader's problem, not qcc's
        flags = []
    proc = subprocess.run([qcc, str(test_dir / "model.onnx"), "-o", "/dev/null",
                           *flags], capture_output=True, text=True, timeout=120)
    errors = [l for l in proc.stderr.splitlines() if ": error: " in l]
    if proc.returncode == 0:
        return "PASS", ""
    if proc.returncode == 1 and len(errors) == 1:
        return "SKIP", errors[0].split(": error: ", 1)[1]
    return "FAIL", f"exit {proc.returncode}: {proc.stderr.strip()[:300]}"


def reason_kind(reason):
    """Groups skip reasons: the op or feature, without names in quotes."""
    unnamed = re.sub(r"'[^']*'", "'…'", reason)
    m = re.search(r"\((\w+), opset \d+\): (.*)", unnamed)
    return f"{m.group(1)}: {m.group(2)[:70]}" if m else unnamed[:80]


def main():
    qcc = sys.argv[1]
    root = pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else
                        "/usr/share/libonnx-testdata/data/node")
    counts = collections.Counter()
    kinds = collections.Counter()
    failures = []
    for test_dir in sorted(p for p in root.iterdir() if (p / "model.onnx").exists()):
        name = test_dir.name.removeprefix("test_")
        status, detail = run(qcc, test_dir)
        required = any(fnmatch.fnmatch(name, p) for p in REQUIRED)
        if status == "SKIP" and required and name not in EXCLUDED:
            status, detail = "FAIL", f"required test rejected: {detail}"
        if status == "PASS" and name in EXCLUDED:
            status, detail = "FAIL", "passes now: remove it from EXCLUDED"
        counts[status] += 1
        print(f"{status} {name}" + (f": {detail}" if detail else ""))
        if status == "SKIP":
            kinds[reason_kind(detail)] += 1
        if status == "FAIL":
            failures.append(name)
    print("\nMost common reasons for skipping:")
    for kind, count in kinds.most_common(25):
        print(f"  {count:4d}  {kind}")
    print(f"\nbackend import: {counts['PASS']} passed, {counts['FAIL']} failed, "
          f"{counts['SKIP']} skipped")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
