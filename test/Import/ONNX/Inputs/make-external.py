#!/usr/bin/python3
"""Writes model.onnx into DIR: y = x + c, with the constant c stored as
external data in c.bin beside the model (offset 8, after 8 padding bytes),
or at the LOCATION given as the second argument."""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
values = np.array([1.5, -2.0, 3.25, 4.0], dtype=np.float32)
with open(os.path.join(out, "c.bin"), "wb") as f:
    f.write(b"\0" * 8 + values.tobytes())
c = TensorProto(name="c", data_type=TensorProto.FLOAT, dims=[4])
c.data_location = TensorProto.EXTERNAL
location = sys.argv[2] if len(sys.argv) > 2 else "c.bin"
for key, value in (("location", location), ("offset", "8"), ("length", "16")):
    entry = c.external_data.add()
    entry.key, entry.value = key, value
graph = helper.make_graph(
    [helper.make_node("Add", ["x", "c"], ["y"], name="add")], "external",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4])],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4])], [c])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
with open(os.path.join(out, "model.onnx"), "wb") as f:
    f.write(model.SerializeToString())
