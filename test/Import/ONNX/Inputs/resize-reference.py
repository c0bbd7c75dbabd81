"""Linear Resize of an NCHW input by ONNX's formulas, per coordinate mode,
compared with qcc-run's outputs output_K.npy (in the order of the modes).

Usage: resize_reference.py X.npy OUT_DIR"""

import pathlib
import sys

import numpy as np

MODES = ["align_corners", "pytorch_half_pixel", "asymmetric", "half_pixel"]


def source(mode, o, size_in, size_out):
    scale = size_out / size_in
    if mode == "align_corners":
        return o * (size_in - 1) / (size_out - 1)
    if mode == "asymmetric":
        return o / scale
    return (o + 0.5) / scale - 0.5


def resize_axis(x, axis, size_out, mode):
    size_in = x.shape[axis]
    out = []
    for o in range(size_out):
        c = min(max(source(mode, o, size_in, size_out), 0.0), size_in - 1)
        i0 = int(np.floor(c))
        i1 = min(i0 + 1, size_in - 1)
        f = c - i0
        out.append((1 - f) * np.take(x, i0, axis) + f * np.take(x, i1, axis))
    return np.stack(out, axis)


def main():
    x = np.load(sys.argv[1]).astype(np.float64)
    out_dir = pathlib.Path(sys.argv[2])
    for k, mode in enumerate(MODES):
        want = resize_axis(resize_axis(x, 2, 2 * x.shape[2], mode), 3, 2 * x.shape[3], mode)
        got = np.load(out_dir / f"output_{k}.npy")
        ok = got.shape == want.shape and np.allclose(got, want, rtol=1e-5, atol=1e-6)
        print(mode, "exact" if ok else f"differs: {got} vs {want}")


if __name__ == "__main__":
    main()
