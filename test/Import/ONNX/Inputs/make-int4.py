"""Writes an opset-21 model whose weight is stored as INT4 (data type 22),
a type the ONNX library qcc links (1.12) has no name for.

Usage: make-int4.py OUT.onnx
"""
import sys

from onnx import TensorProto, helper

INT4 = 22
weight = TensorProto()
weight.name = "wq"
weight.data_type = INT4
weight.dims.append(4)
weight.raw_data = bytes([0xE1, 0xC3])  # 1, -2, 3, -4, two per byte
scale = helper.make_tensor("ws", TensorProto.FLOAT, [], [0.5])
graph = helper.make_graph(
    [helper.make_node("DequantizeLinear", ["wq", "ws"], ["w"], name="w"),
     helper.make_node("Add", ["x", "w"], ["y"], name="y")],
    "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4])],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4])],
    [weight, scale])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 21)])
model.ir_version = 10
with open(sys.argv[1], "wb") as f:
    f.write(model.SerializeToString())
