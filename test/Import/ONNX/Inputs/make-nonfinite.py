#!/usr/bin/python3
"""Writes DIR/nan-scale.onnx, a batch norm whose scale holds a NaN (what a
diverged training run exports), DIR/inf-constant.onnx, an add of a
Constant node holding -inf, and DIR/nan-alpha.onnx, a LeakyRelu whose
alpha attribute is NaN. The ONNX text format cannot spell any of them."""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2, 2, 2])
y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 2, 2, 2])


def save(name, nodes, initializers):
    graph = helper.make_graph(nodes, name, [x], [y], initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    onnx.save(model, os.path.join(out, f"{name}.onnx"))


stats = {"scale": [1.0, np.nan], "bias": [0.0, 0.0], "mean": [0.0, 0.0], "var": [1.0, 1.0]}
save("nan-scale",
     [helper.make_node("BatchNormalization", ["x", *stats], ["y"], name="bn")],
     [numpy_helper.from_array(np.array(v, np.float32), k) for k, v in stats.items()])
mask = numpy_helper.from_array(np.array([0.0, -np.inf], np.float32).reshape(1, 2, 1, 1), "m")
save("inf-constant",
     [helper.make_node("Constant", [], ["mask"], name="mask", value=mask),
      helper.make_node("Add", ["x", "mask"], ["y"], name="add")], [])
save("nan-alpha",
     [helper.make_node("LeakyRelu", ["x"], ["y"], name="leaky", alpha=float("nan"))], [])
