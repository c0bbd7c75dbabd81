"""Runs NAME_run of a compiled model built as a shared library on the
integer inputs of an ONNX backend test case and compares every output with
the case's expected integers. Usage: run-shared.py LIB.so CASE_DIR ARENA"""
import ctypes
import sys

import numpy as np
import onnx
from onnx import numpy_helper

lib_path, case, arena_size = sys.argv[1], sys.argv[2], int(sys.argv[3])
load = lambda name: numpy_helper.to_array(onnx.load_tensor(f"{case}/{name}"))
x = np.ascontiguousarray(load("input_0.pb"))
want = load("output_0.pb")
got = np.zeros_like(want)
arena = np.zeros(arena_size + 16, np.uint8)
inputs = (ctypes.c_void_p * 1)(x.ctypes.data)
outputs = (ctypes.c_void_p * 1)(got.ctypes.data)
status = ctypes.CDLL(lib_path).net_run(inputs, outputs, arena.ctypes.data)
assert status == 0, status
assert got.dtype == want.dtype and (got == want).all(), (got, want)
print(f"equal: {got.size} {got.dtype} elements")
