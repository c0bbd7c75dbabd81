#!/usr/bin/python3
"""How far qcc's integer code lands from ONNX Runtime's QDQ emulation of
each QAT model, next to how far PyTorch's own convert() lands.

For every NAME/qat.onnx under the model directories (with its
NAME/input_K.npy samples): ONNX Runtime runs the QAT export (float, with
QuantizeLinear/DequantizeLinear emulating the quantization: the reference
a user trained against); qcc's reference integer stage (qcc-run
--stage=integer, which every compiled target equals bit for bit) runs the
same graph; PyTorch's convert()ed model gave NAME/converted_output_K.npy
when it was generated. Each distance is the largest absolute difference
from ONNX Runtime's output, over all samples and elements, in steps of the
model output's grid (the scale of its last DequantizeLinear), and the
share of elements that are exact.

The bar: qcc's distance is at most torch's plus MAX_EXTRA_STEPS. Models
whose QAT covers only some layers (they need calibration first) and
models torch cannot convert are reported without a bar.

Usage: model-distance.py BUILD_BIN_DIR MODEL_DIR [MODEL_DIR ...] [--markdown FILE]
"""

import argparse
import pathlib
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import numpy_helper

ROOT = pathlib.Path(__file__).resolve().parents[2]
ORT = ROOT / "test" / "oracles" / "ort-run.js"
MAX_EXTRA_STEPS = 2


def run(cmd):
    proc = subprocess.run([str(c) for c in cmd], capture_output=True,
                          text=True, timeout=900)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.strip().splitlines()[-1][:300])


def output_steps(model):
    """The grid step of each graph output: the scale of the
    DequantizeLinear producing it."""
    producer = {o: n for n in model.graph.node for o in n.output}
    values = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    for node in model.graph.node:
        if node.op_type == "Constant":
            values[node.output[0]] = numpy_helper.to_array(node.attribute[0].t)
    steps = []
    for output in model.graph.output:
        node = producer.get(output.name)
        while node is not None and node.op_type in ("Identity", "Reshape", "Flatten"):
            node = producer.get(node.input[0])
        if node is None or node.op_type != "DequantizeLinear":
            return None
        scale = values.get(node.input[1])
        if scale is None or scale.size != 1:
            return None
        steps.append(float(scale.reshape(-1)[0]))
    return steps


def distance(got, want, step):
    """(largest difference in steps, share of exact elements)."""
    steps = np.abs(got.astype(np.float64) - want.astype(np.float64)) / step
    return float(steps.max()), float((steps < 0.5).mean())


def measure(bin_dir, folder):
    model_path = folder / "qat.onnx"
    steps = output_steps(onnx.load(str(model_path)))
    if steps is None:
        return None, "its outputs are not dequantized"
    inputs = sorted(folder.glob("input_*.npy"))
    ours, torch_, exact_ours, exact_torch = 0.0, None, [], []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        for k, x in enumerate(inputs):
            ort_dir, qcc_dir = tmp / f"ort{k}", tmp / f"qcc{k}"
            ort_dir.mkdir()
            qcc_dir.mkdir()
            run(["node", ORT, model_path, "--input", x, "--outdir", ort_dir])
            try:
                run([bin_dir / "qcc-run", model_path, "--stage=integer",
                     "--input", x, "-o", qcc_dir])
            except RuntimeError as error:
                return None, "QAT covers some layers only; qcc calibrates the rest first"
            for j, step in enumerate(steps):
                want = np.load(ort_dir / f"output_{j}.npy")
                d, e = distance(np.load(qcc_dir / f"output_{j}.npy"), want, step)
                ours = max(ours, d)
                exact_ours.append(e)
                suffix = f"{k}" if len(steps) == 1 else f"{k}_{j}"
                converted = folder / f"converted_output_{suffix}.npy"
                if converted.exists():
                    d, e = distance(np.load(converted), want, step)
                    torch_ = max(torch_ or 0.0, d)
                    exact_torch.append(e)
    return {"qcc": ours, "qcc_exact": float(np.mean(exact_ours)),
            "torch": torch_,
            "torch_exact": float(np.mean(exact_torch)) if exact_torch else None}, None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("bin_dir", type=pathlib.Path)
    parser.add_argument("model_dirs", type=pathlib.Path, nargs="+")
    parser.add_argument("--markdown", type=pathlib.Path)
    args = parser.parse_args()
    rows, failures = [], 0
    for model_dir in args.model_dirs:
        for folder in sorted(p for p in model_dir.iterdir() if (p / "qat.onnx").exists()):
            result, why = measure(args.bin_dir, folder)
            if result is None:
                print(f"SKIP {folder.name}: {why}")
                rows.append(f"| {folder.name} | — | — | {why} |")
                continue
            ours = f"{result['qcc']:.0f} ({result['qcc_exact']:.1%} exact)"
            if result["torch"] is None:
                theirs, verdict = "torch cannot convert it", "PASS"
            else:
                theirs = f"{result['torch']:.0f} ({result['torch_exact']:.1%} exact)"
                ok = result["qcc"] <= result["torch"] + MAX_EXTRA_STEPS + 1e-6
                verdict = "PASS" if ok else "FAIL"
                failures += not ok
            print(f"{verdict} {folder.name}: qcc {ours}, torch convert() {theirs}")
            rows.append(f"| {folder.name} | {ours} | {theirs} | |")
    if args.markdown:
        args.markdown.write_text(
            "| model (QAT export) | qcc integer code | PyTorch convert() | note |\n"
            "|---|---|---|---|\n" + "\n".join(rows) + "\n")
    print(f"model distance: {len(rows)} models, {failures} over the bar")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
