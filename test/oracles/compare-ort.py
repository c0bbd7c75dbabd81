#!/usr/bin/python3
"""Compares qcc's reference interpreter (qcc-run, float stage) with ONNX
Runtime on real models and on single-op QDQ models.

The model set is every NAME/*.onnx (the forms float, qat, converted and
export variants, but for training-mode exports) with its
NAME/input_K.npy under the given model directories (the PyTorch fixtures).
The single-op models are built here with onnx.helper: each op between
QuantizeLinear/DequantizeLinear pairs, int8 per-channel weights, an int32
bias, as ONNX Runtime's quantizer writes them.

A model passes when every tensor it computes, intermediate ones included,
is within 1e-5 of ONNX Runtime's, relative to the tensor's largest
magnitude. In a fake-quantized graph, two correct implementations may still
round an element to neighbouring grid points when float sums taken in
different orders straddle a rounding boundary, and in a deep network such a
flip spreads. So the tensors are walked in graph order, and the first one
that differs must be a quantization (QuantizeLinear, or its DequantizeLinear)
whose elements differ by exactly one step, in at most 1 of 10,000 of them
or only where its input sits on a rounding tie (within 1e-3 of a
half-integer number of steps, in both runs: averages land there often); its
spread through later tensors is reported, not judged. A wrong op shows
up as a first difference that is anything else.

The single-op models also run at the integer stage (qcc-run --stage=integer,
integer ops only): every output element must be within one grid step of
ONNX Runtime's, and the share of exact elements is reported.

Usage: compare-ort.py BUILD_BIN_DIR MODEL_DIR [MODEL_DIR ...]
"""

import pathlib
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ROOT = pathlib.Path(__file__).resolve().parents[2]
ORT = ROOT / "test" / "oracles" / "ort-run.js"
TOLERANCE = 1e-5
# Single-op models whose integer stage qcc cannot produce yet, and why.
INTEGER_NOT_YET = {
    "softmax": "qcc.qsoftmax needs the output scale 1/256; requantizing "
               "other output grids is not implemented",
}
MAX_STEP_FLIPS = 1e-4


def run(cmd):
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.strip()[:300])


def expose_all(model):
    """The model with every float or 8/32-bit integer tensor of static
    inferred shape it computes added to its outputs, in graph order (only
    its own outputs for opsets newer than this ONNX library infers)."""
    if newer_opset(model):
        return model
    model = onnx.shape_inference.infer_shapes(model)
    info = {v.name: v for v in model.graph.value_info}
    names = {o.name for o in model.graph.output}
    def static(value):
        shape = value.type.tensor_type.shape
        return all(d.HasField("dim_value") for d in shape.dim)

    for node in model.graph.node:
        for name in node.output:
            # Values whose shape ONNX does not infer (computed from shapes,
            # which qcc folds) are compared through the values after them.
            if (name in info and name not in names and static(info[name]) and
                    info[name].type.tensor_type.elem_type in (1, 2, 3, 6)):
                model.graph.output.append(info[name])
                names.add(name)
    return model


def newer_opset(model):
    return any(o.domain in ("", "ai.onnx") and
               o.version > onnx.defs.onnx_opset_version()
               for o in model.opset_import)


def run_both(model_path, inputs, tmp):
    """Runs qcc-run and ONNX Runtime; returns their outputs in order."""
    flags = [a for p in inputs for a in ("--input", str(p))]
    ours, theirs = tmp / "qcc", tmp / "ort"
    ours.mkdir()
    theirs.mkdir()
    run([str(BIN / "qcc-run"), str(model_path), *flags, "-o", str(ours)])
    run(["node", str(ORT), str(model_path), *flags, "--outdir", str(theirs)])
    count = len(list(theirs.glob("output_*.npy")))
    return [(np.load(ours / f"output_{k}.npy"), np.load(theirs / f"output_{k}.npy"))
            for k in range(count)]


def step_of(node, constants):
    """The grid step of a Q or DQ node's output: 1 for the integers of a
    QuantizeLinear, the (constant, per-tensor) scale for a DequantizeLinear."""
    if node is not None and node.op_type == "QuantizeLinear":
        return 1.0
    if node is None or node.op_type != "DequantizeLinear":
        return None
    scale = constants.get(node.input[1])
    if scale is None or scale.size != 1:
        return None
    return float(scale.reshape(-1)[0])


def constants_of(model):
    """Initializers and Constant node values, by name."""
    values = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    for node in model.graph.node:
        if node.op_type == "Constant" and node.attribute[0].name == "value":
            values[node.output[0]] = numpy_helper.to_array(node.attribute[0].t)
    return values


def at_ties(node, arrays, constants, diff):
    """Whether every element a QuantizeLinear rounds differently sits on a
    rounding tie: its input, in steps, is within 1e-3 of a half-integer in
    both runs (averages often land exactly there)."""
    if node is None or node.op_type != "QuantizeLinear":
        return False
    scale = constants.get(node.input[1])
    if (scale is None or np.size(scale) != 1 or node.input[0] not in arrays):
        return False
    flipped = diff > 0
    for x in arrays[node.input[0]]:
        steps = np.abs(x.astype(np.float64)[flipped] / float(scale))
        if not np.all(np.abs(steps - np.floor(steps) - 0.5) < 1e-3):
            return False
    return True


def compare(name, model_path, inputs):
    model = expose_all(onnx.load(str(model_path)))
    constants = constants_of(model)
    producer = {o: n for n in model.graph.node for o in n.output}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        exposed = tmp / "model.onnx"
        onnx.save(model, str(exposed))
        pairs = run_both(exposed, inputs, tmp)
    # Walk in graph order (the model's own outputs come first in the list).
    position = {o: i for i, n in enumerate(model.graph.node) for o in n.output}
    ordered = sorted(zip(model.graph.output, pairs),
                     key=lambda item: position.get(item[0].name, -1))
    arrays = {output.name: pair for output, pair in ordered}
    first, spread = None, 0
    for output, (a, b) in ordered:
        diff = np.abs(a.astype(np.float64) - b.astype(np.float64))
        if diff.max(initial=0) <= TOLERANCE * max(np.abs(b).max(), 1e-30):
            continue
        if first is None:
            first = (output.name, producer.get(output.name), diff)
        spread += 1
    if first is None:
        print(f"PASS {name}: every tensor within {TOLERANCE:g} relative")
        return True
    tensor, node, diff = first
    step = step_of(node, constants)
    changed = int((diff > 0).sum())
    boundary = (step is not None and np.allclose(diff[diff > 0], step, rtol=1e-3)
                and (changed <= MAX_STEP_FLIPS * diff.size
                     or at_ties(node, arrays, constants, diff)))
    what = (f"first difference at '{tensor}' ({node.op_type if node else '?'}): "
            f"{changed} of {diff.size} elements, max {diff.max():.3g}")
    if boundary:
        print(f"PASS {name}: {what}, one-step rounding flips; "
              f"{spread} tensors differ after it")
        return True
    print(f"FAIL {name}: {what}")
    return False


def compare_integer(name, model_path, inputs):
    """The integer stage (qcc's quantization pipeline, integer ops only)
    against ONNX Runtime on the same QDQ model: every output element within
    one grid step (1 LSB); reports the share that is exact."""
    model = onnx.load(str(model_path))
    producer = {o: n for n in model.graph.node for o in n.output}
    step = step_of(producer.get(model.graph.output[0].name), constants_of(model))
    flags = [a for p in inputs for a in ("--input", str(p))]
    with tempfile.TemporaryDirectory() as tmp:
        ours, theirs = pathlib.Path(tmp) / "qcc.npy", pathlib.Path(tmp) / "ort.npy"
        run([str(BIN / "qcc-run"), str(model_path), "--stage=integer", *flags,
             "-o", str(ours)])
        run(["node", str(ORT), str(model_path), *flags, "-o", str(theirs)])
        steps = np.abs(np.load(ours).astype(np.float64) -
                       np.load(theirs).astype(np.float64)) / step
    exact = float((steps < 0.5).mean())
    ok = steps.max() <= 1.0 + 1e-3
    print(f"{'PASS' if ok else 'FAIL'} {name} (integer stage): max "
          f"{steps.max():.0f} LSB, {exact:.1%} of {steps.size} elements exact")
    return ok


# Single-op QDQ models ------------------------------------------------------

RNG = np.random.default_rng(1234)


def qdq_model(name, x_shape, build, opset=13):
    """x -> Q -> DQ -> build(...) -> Q -> DQ -> y. `build(nodes, inits, x)`
    appends the op (and its quantized weights) and returns its output."""
    nodes, inits = [], []

    def const(cname, array):
        inits.append(numpy_helper.from_array(np.asarray(array), cname))
        return cname

    def qdq(tensor, scale, zp, tag):
        s, z = const(f"{tag}_s", np.float32(scale)), const(f"{tag}_z", np.uint8(zp))
        nodes.append(helper.make_node("QuantizeLinear", [tensor, s, z], [f"{tag}_q"]))
        nodes.append(helper.make_node("DequantizeLinear", [f"{tag}_q", s, z], [f"{tag}_dq"]))
        return f"{tag}_dq"

    def weight(wname, array, axis=0):
        """Per-channel symmetric int8 weights with their DequantizeLinear."""
        w = np.asarray(array, dtype=np.float32)
        reduce = tuple(d for d in range(w.ndim) if d != axis)
        scale = (np.abs(w).max(axis=reduce) / 127).astype(np.float32) + 1e-8
        shape = [1] * w.ndim
        shape[axis] = -1
        q = np.clip(np.round(w / scale.reshape(shape)), -127, 127).astype(np.int8)
        nodes.append(helper.make_node(
            "DequantizeLinear",
            [const(f"{wname}_q", q), const(f"{wname}_s", scale),
             const(f"{wname}_z", np.zeros_like(q, shape=scale.shape))],
            [f"{wname}_dq"], axis=axis))
        return f"{wname}_dq", scale

    x = qdq("x", 0.02, 128, "in")
    y, y_shape = build(nodes, const, weight, x)
    out = qdq(y, 0.05, 128, "out")
    graph = helper.make_graph(
        nodes, name,
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, x_shape)],
        [helper.make_tensor_value_info(out, TensorProto.FLOAT, y_shape)], inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])


def conv(o, c, k, stride=1, group=1, pad=None):
    def build(nodes, const, weight, x):
        w, w_scale = weight("w", RNG.normal(0, 0.3, (o, c // group, k, k)))
        bias = np.round(RNG.normal(0, 0.1, o) / (0.02 * w_scale)).astype(np.int32)
        b = "b_dq"
        nodes.append(helper.make_node(
            "DequantizeLinear", [const("b_q", bias),
                                 const("b_s", (0.02 * w_scale).astype(np.float32)),
                                 const("b_z", np.zeros(o, np.int32))], [b], axis=0))
        p = k // 2 if pad is None else pad
        nodes.append(helper.make_node("Conv", [x, w, b], ["y"], strides=[stride] * 2,
                                      pads=[p] * 4, group=group))
        side = (8 + 2 * p - k) // stride + 1
        return "y", [1, o, side, side]
    return build


def single_op_models():
    yield "conv1x1", qdq_model("conv1x1", [1, 8, 8, 8], conv(16, 8, 1))
    yield "conv3x3", qdq_model("conv3x3", [1, 8, 8, 8], conv(8, 8, 3))
    yield "conv3x3_stride2", qdq_model("conv3x3_stride2", [1, 8, 8, 8], conv(8, 8, 3, stride=2))
    yield "depthwise3x3", qdq_model("depthwise3x3", [1, 8, 8, 8], conv(8, 8, 3, group=8))
    yield "grouped3x3", qdq_model("grouped3x3", [1, 8, 8, 8], conv(12, 8, 3, group=2))

    def gemm(nodes, const, weight, x):
        w, _ = weight("w", RNG.normal(0, 0.3, (10, 32)))
        nodes.append(helper.make_node("Gemm", [x, w], ["y"], transB=1))
        return "y", [1, 10]
    yield "gemm", qdq_model("gemm", [1, 32], gemm)

    def unary(op, out_shape, **attrs):
        def build(nodes, const, weight, x):
            nodes.append(helper.make_node(op, [x], ["y"], **attrs))
            return "y", out_shape
        return build
    yield "maxpool", qdq_model("maxpool", [1, 4, 8, 8], unary("MaxPool", [1, 4, 4, 4], kernel_shape=[2, 2], strides=[2, 2]))
    yield "avgpool", qdq_model("avgpool", [1, 4, 8, 8], unary("AveragePool", [1, 4, 8, 8], kernel_shape=[3, 3], pads=[1, 1, 1, 1]))
    yield "globalavgpool", qdq_model("globalavgpool", [1, 4, 8, 8], unary("GlobalAveragePool", [1, 4, 1, 1]))
    yield "relu", qdq_model("relu", [1, 4, 8, 8], unary("Relu", [1, 4, 8, 8]))
    yield "softmax", qdq_model("softmax", [1, 10], unary("Softmax", [1, 10], axis=1))

    def add(nodes, const, weight, x):
        # The second operand quantized as ONNX Runtime's quantizer writes
        # constants: DequantizeLinear of stored integers.
        c = RNG.normal(0, 1, (1, 4, 1, 1)).astype(np.float32)
        cq = np.clip(np.round(c / 0.01) + 128, 0, 255).astype(np.uint8)
        nodes.append(helper.make_node(
            "DequantizeLinear", [const("c_q", cq), const("c_s", np.float32(0.01)),
                                 const("c_z", np.uint8(128))], ["c_dq"]))
        nodes.append(helper.make_node("Add", [x, "c_dq"], ["y"]))
        return "y", [1, 4, 8, 8]
    yield "add", qdq_model("add", [1, 4, 8, 8], add)

    def concat(nodes, const, weight, x):
        nodes.append(helper.make_node("Relu", [x], ["r"]))
        nodes.append(helper.make_node("Concat", [x, "r"], ["y"], axis=1))
        return "y", [1, 8, 8, 8]
    yield "concat", qdq_model("concat", [1, 4, 8, 8], concat)

    def conv_transpose(o, c, k, group, axis, **attrs):
        def build(nodes, const, weight, x):
            w, _ = weight("w", RNG.normal(0, 0.3, (c, o // group, k, k)), axis=axis)
            nodes.append(helper.make_node("ConvTranspose", [x, w], ["y"], group=group,
                                          strides=[2, 2], **attrs))
            return "y", [1, o, 8, 8]
        return build
    yield "convtranspose_depthwise", qdq_model(
        "convtranspose_depthwise", [1, 8, 4, 4], conv_transpose(8, 8, 4, 8, 0, pads=[1] * 4))
    yield "convtranspose_grouped", qdq_model(
        "convtranspose_grouped", [1, 8, 4, 4],
        conv_transpose(6, 8, 3, 2, 1, pads=[1] * 4, output_padding=[1, 1]))

    def prelu(nodes, const, weight, x):
        slope = const("slope", np.linspace(-0.5, 0.5, 4, dtype=np.float32).reshape(4, 1, 1))
        nodes.append(helper.make_node("PRelu", [x, slope], ["y"]))
        return "y", [1, 4, 8, 8]
    yield "prelu_channels", qdq_model("prelu_channels", [1, 4, 8, 8], prelu)

    def resize(mode):
        def build(nodes, const, weight, x):
            roi = const("roi", np.zeros(0, np.float32))
            scales = const("scales", np.array([1, 1, 2, 2], np.float32))
            nodes.append(helper.make_node("Resize", [x, roi, scales], ["y"], mode="linear",
                                          coordinate_transformation_mode=mode))
            return "y", [1, 4, 12, 16]
        return build
    for mode in ("pytorch_half_pixel", "align_corners"):
        yield f"resize_{mode}", qdq_model(f"resize_{mode}", [1, 4, 6, 8], resize(mode))

    # The forms of opsets 18 to 21 (qcc reads them as opset 17).
    def op_with(op, inputs, out_shape, outputs=("y",), **attrs):
        def build(nodes, const, weight, x):
            names = [const(n, v) if isinstance(n, str) and v is not None
                     else "" for n, v in inputs]
            nodes.append(helper.make_node(op, [x, *names], list(outputs), **attrs))
            return outputs[0], out_shape
        return build
    yield "reducemean_opset18", qdq_model(
        "reducemean_opset18", [1, 4, 8, 8],
        op_with("ReduceMean", [("axes", np.int64([2, 3]))], [1, 4, 1, 1]), opset=18)
    yield "pad_opset18", qdq_model(
        "pad_opset18", [1, 4, 8, 8],
        op_with("Pad", [("pads", np.int64([1, 2, 1, 1])), ("", None),
                        ("pad_axes", np.int64([2, 3]))], [1, 4, 10, 11]), opset=18)
    yield "resize_opset18", qdq_model(
        "resize_opset18", [1, 4, 8, 8],
        op_with("Resize", [("", None), ("scales", np.float32([2, 2]))],
                [1, 4, 16, 16], axes=[2, 3], mode="nearest",
                coordinate_transformation_mode="asymmetric", nearest_mode="floor"),
        opset=18)
    yield "avgpool_opset19", qdq_model(
        "avgpool_opset19", [1, 4, 8, 8],
        op_with("AveragePool", [], [1, 4, 8, 8], kernel_shape=[3, 3],
                pads=[1, 1, 1, 1], dilations=[1, 1]), opset=19)
    yield "gelu_opset20", qdq_model(
        "gelu_opset20", [1, 4, 8, 8], op_with("Gelu", [], [1, 4, 8, 8]), opset=20)
    yield "gelu_tanh_opset20", qdq_model(
        "gelu_tanh_opset20", [1, 4, 8, 8],
        op_with("Gelu", [], [1, 4, 8, 8], approximate="tanh"), opset=20)
    yield "conv3x3_opset21", qdq_model("conv3x3_opset21", [1, 8, 8, 8], conv(8, 8, 3), opset=21)

    def split18(nodes, const, weight, x):
        # 8 channels in 3 chunks: 3, 3 and 2.
        nodes.append(helper.make_node("Split", [x], ["a", "b", "c"], axis=1,
                                      num_outputs=3))
        nodes.append(helper.make_node("Concat", ["c", "b", "a"], ["y"], axis=1))
        return "y", [1, 8, 4, 4]
    yield "split_opset18", qdq_model("split_opset18", [1, 8, 4, 4], split18, opset=18)

    def output_dtype21(nodes, const, weight, x):
        # Requantized to int8 by output_dtype, without a zero point.
        nodes.append(helper.make_node(
            "QuantizeLinear", [x, const("s8", np.float32(0.03))], ["x8"],
            output_dtype=TensorProto.INT8))
        nodes.append(helper.make_node("DequantizeLinear", ["x8", "s8"], ["x8dq"]))
        nodes.append(helper.make_node("Relu", ["x8dq"], ["y"]))
        return "y", [1, 4, 8, 8]
    yield "output_dtype_opset21", qdq_model(
        "output_dtype_opset21", [1, 4, 8, 8], output_dtype21, opset=21)


def main():
    global BIN
    BIN = pathlib.Path(sys.argv[1])
    results = []
    for model_dir in map(pathlib.Path, sys.argv[2:]):
        for name_dir in sorted(p for p in model_dir.iterdir() if p.is_dir()):
            inputs = sorted(name_dir.glob("input_*.npy"))
            # Every form and export variant; a training-mode export is
            # not one ONNX Runtime runs as inference.
            for model in sorted(name_dir.glob("*.onnx")):
                if "training" not in model.stem:
                    results.append(compare(f"{name_dir.name}/{model.stem}", model, inputs[:1]))
    with tempfile.TemporaryDirectory() as tmp:
        for name, model in single_op_models():
            path = pathlib.Path(tmp) / f"{name}.onnx"
            if not newer_opset(model):  # the checker knows opsets to 17
                onnx.checker.check_model(model)
            onnx.save(model, str(path))
            shape = [d.dim_value for d in model.graph.input[0].type.tensor_type.shape.dim]
            x = RNG.normal(0, 1, shape).astype(np.float32)
            np.save(pathlib.Path(tmp) / f"{name}_x.npy", x)
            x_path = [pathlib.Path(tmp) / f"{name}_x.npy"]
            results.append(compare(f"qdq/{name}", path, x_path))
            if name in INTEGER_NOT_YET:
                print(f"SKIP qdq/{name} (integer stage): {INTEGER_NOT_YET[name]}")
            else:
                results.append(compare_integer(f"qdq/{name}", path, x_path))
    print(f"\nonnx runtime comparison: {sum(results)} passed, "
          f"{len(results) - sum(results)} failed")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
