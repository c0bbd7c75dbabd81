#!/usr/bin/python3
"""Runs qcc on ONNX's backend node tests (Debian's libonnx-testdata).

Each test's graph inputs after the first are bound as constants from its
test_data_set_0, since the tests pass shapes, bounds and quantization
parameters as inputs.

  --mode=import  qcc imports the model to verified IR.
  --mode=run     qcc-run executes it on every test_data_set_* and the
                 outputs are compared with the expected ones: floats with
                 ONNX's backend-test tolerances (rtol 1e-3, atol 1e-7),
                 integers exactly; integer elements off by one are counted
                 separately, so rounding differences stay visible.

A test passes, fails, or is skipped when qcc rejects the model with exactly
one error line (an op or feature outside qcc). A crash, another exit code or
more than one error line is a failure. The tests the issues require must
pass, except the listed ones, each with its reason.

Usage: onnx-backend.py --mode=import|run BUILD_BIN_DIR [NODE_TEST_DIR]
"""

import argparse
import collections
import fnmatch
import pathlib
import re
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import numpy_helper

REQUIRED = [
    "quantizelinear*", "dequantizelinear*", "qlinearconv", "qlinearmatmul_2D",
    "qlinearmatmul_3D", "convinteger_*", "matmulinteger", "batchnorm_example",
    "batchnorm_epsilon", "basic_conv_*", "conv_with_*", "maxpool_2d_*",
    "averagepool_2d_*", "globalaveragepool*", "relu", "clip*", "gemm_*",
    "matmul_*", "add*", "softmax_*", "concat_*", "reshape_*", "flatten*",
    "transpose*", "hardsigmoid*", "hardswish*", "resize_upsample_scales_nearest",
    "upsample_nearest", "lstm_*", "gru_*", "rnn_*", "convtranspose",
    "convtranspose_autopad_same", "convtranspose_dilations",
    "convtranspose_kernel_shape", "convtranspose_output_shape",
    "convtranspose_pad", "convtranspose_pads", "convtranspose_with_kernel",
    "resize_*_linear*", "prelu_broadcast",
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
    "reshape_allowzero_reordered": "a zero-sized tensor (rejected on import)",
}

# Tests of training-time behaviour, which qcc compiles as at inference on
# purpose (with a remark): they import, but their expected outputs are not
# inference's.
TRAINING_ONLY = {
    "training_dropout": "dropout in training mode (random masks)",
    "training_dropout_default": "dropout in training mode (random masks)",
    "training_dropout_default_mask": "dropout in training mode (random masks)",
    "training_dropout_mask": "dropout in training mode (random masks)",
    "training_dropout_zero_ratio": "dropout in training mode",
    "training_dropout_zero_ratio_mask": "dropout in training mode",
    "batchnorm_epsilon_training_mode": "batch statistics of training mode",
    "batchnorm_example_training_mode": "batch statistics of training mode",
}

RTOL, ATOL = 1e-3, 1e-7


def graph_inputs(test_dir):
    model = onnx.load(str(test_dir / "model.onnx"), load_external_data=False)
    initializers = {t.name for t in model.graph.initializer}
    return [i.name for i in model.graph.input if i.name not in initializers]


def constant_flags(test_dir, names):
    """--constant-input flags for every graph input after the first."""
    data = test_dir / "test_data_set_0"
    return [f"--constant-input={name}={data / f'input_{k}.pb'}"
            for k, name in enumerate(names) if k > 0]


def rejection(proc):
    """Classifies a failed run: (SKIP, reason) or (FAIL, detail)."""
    errors = [l for l in proc.stderr.splitlines() if ": error: " in l]
    if proc.returncode == 1 and len(errors) == 1:
        return "SKIP", errors[0].split(": error: ", 1)[1]
    return "FAIL", f"exit {proc.returncode}: {proc.stderr.strip()[:300]}"


def run_import(bin_dir, test_dir, names):
    proc = subprocess.run([str(bin_dir / "qcc"), str(test_dir / "model.onnx"),
                           "--emit=import", "-o", "/dev/null",
                           *constant_flags(test_dir, names)],
                          capture_output=True, text=True, timeout=120)
    return ("PASS", "") if proc.returncode == 0 else rejection(proc)


def load_pb(path):
    tensor = onnx.TensorProto()
    tensor.ParseFromString(path.read_bytes())
    return numpy_helper.to_array(tensor)


def compare(actual, expected, counts):
    """Returns None when `actual` matches, else why not."""
    if actual.shape != expected.shape:
        return f"shape {actual.shape} instead of {expected.shape}"
    if np.issubdtype(expected.dtype, np.floating):
        bad = ~np.isclose(actual, expected, rtol=RTOL, atol=ATOL, equal_nan=True)
        if bad.any():
            worst = np.abs(actual - expected).max()
            return f"{bad.sum()} of {bad.size} elements off (max abs {worst:.3g})"
        return None
    diff = np.abs(actual.astype(np.int64) - expected.astype(np.int64))
    counts["off by one"] += int((diff == 1).sum())
    counts["elements compared"] += diff.size
    if diff.max(initial=0) > 0:
        return (f"{int((diff > 0).sum())} of {diff.size} integers differ "
                f"({int((diff == 1).sum())} by one, max {int(diff.max())})")
    return None


def run_model(bin_dir, test_dir, names, counts):
    flags = constant_flags(test_dir, names)
    with tempfile.TemporaryDirectory() as out:
        for data in sorted(test_dir.glob("test_data_set_*")):
            inputs = [f"--input={data / 'input_0.pb'}"] if names else []
            proc = subprocess.run([str(bin_dir / "qcc-run"),
                                   str(test_dir / "model.onnx"), *inputs,
                                   "-o", out, *flags],
                                  capture_output=True, text=True, timeout=300)
            if proc.returncode != 0:
                return rejection(proc)
            for k, expected_pb in enumerate(sorted(data.glob("output_*.pb"))):
                actual = np.load(pathlib.Path(out) / f"output_{k}.npy")
                why = compare(actual, load_pb(expected_pb), counts)
                if why:
                    return "FAIL", f"{data.name} output {k}: {why}"
    return "PASS", ""


def reason_kind(reason):
    """Groups skip reasons: the op or feature, without names in quotes."""
    unnamed = re.sub(r"'[^']*'", "'…'", reason)
    m = re.search(r"\((\w+), opset \d+\): (.*)", unnamed)
    return f"{m.group(1)}: {m.group(2)[:70]}" if m else unnamed[:80]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["import", "run"], required=True)
    parser.add_argument("bin_dir", type=pathlib.Path)
    parser.add_argument("node_dir", type=pathlib.Path, nargs="?",
                        default=pathlib.Path("/usr/share/libonnx-testdata/data/node"))
    args = parser.parse_args()
    counts, kinds, integers = (collections.Counter(), collections.Counter(),
                               collections.Counter())
    failures = []
    for test_dir in sorted(p for p in args.node_dir.iterdir()
                           if (p / "model.onnx").exists()):
        name = test_dir.name.removeprefix("test_")
        names = graph_inputs(test_dir)
        if args.mode == "import":
            status, detail = run_import(args.bin_dir, test_dir, names)
        elif name in TRAINING_ONLY:
            status, detail = "SKIP", f"compiled as at inference: {TRAINING_ONLY[name]}"
        else:
            status, detail = run_model(args.bin_dir, test_dir, names, integers)
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
    if args.mode == "run":
        print(f"\nInteger elements compared: {integers['elements compared']}, "
              f"off by one: {integers['off by one']}")
    print(f"\nonnx backend {args.mode}: {counts['PASS']} passed, "
          f"{counts['FAIL']} failed, {counts['SKIP']} skipped")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
