"""Checks qcc-run's --output-type=stored output against its real-valued
output and the generated header: the stored integers have the header's
storage type, and dequantized with its scale and zero point (in float32,
as qcc_dequantize_f32 does) they are the real values, every element.

Usage: check-stored.py STORED.npy REAL.npy NET.h
"""
import re
import sys

import numpy as np

stored, real = np.load(sys.argv[1]), np.load(sys.argv[2])
header = open(sys.argv[3]).read()
field = lambda name: re.search(rf"#define NET_OUTPUT0_{name} (\S+)", header).group(1)
scale = np.float32(field("SCALE").rstrip("f"))
zero_point = int(field("ZERO_POINT"))
expected = {"QCC_UINT8": np.uint8, "QCC_INT8": np.int8}[field("TYPE")]
assert stored.dtype == expected, (stored.dtype, expected)
assert stored.shape == real.shape, (stored.shape, real.shape)
dequantized = (stored.astype(np.int32) - zero_point).astype(np.float32) * scale
assert np.array_equal(dequantized, real), np.abs(dequantized - real).max()
print("stored outputs dequantize to the real ones")
