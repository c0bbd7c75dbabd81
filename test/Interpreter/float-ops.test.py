"""Checks float-ops.test's outputs against NumPy's formulas."""
import math
import sys

import numpy as np

d = sys.argv[1]
x, g, b = (np.load(f"{d}/{n}.npy").astype(np.float64) for n in "xgb")
mean = x.mean(axis=(1, 2), keepdims=True)
var = x.var(axis=(1, 2), keepdims=True)
layer_norm = (x - mean) / np.sqrt(var + 1e-3) * g + b
erf = np.vectorize(math.erf)
gelu = 0.5 * x * (1 + erf(x / math.sqrt(2)))
for k, (name, want) in enumerate((("layer_norm", layer_norm), ("gelu", gelu))):
    got = np.load(f"{d}/out/output_{k}.npy")
    print(name, np.allclose(got, want, rtol=1e-5, atol=1e-6))
