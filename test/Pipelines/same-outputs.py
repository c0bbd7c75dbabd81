"""Prints the largest difference between the outputs qcc-run gives for two
models on the same inputs. Usage: same-outputs.py QCC_RUN A B INPUT..."""
import subprocess
import sys
import tempfile

import numpy as np

qcc_run, a, b, *inputs = sys.argv[1:]
worst = 0.0
with tempfile.TemporaryDirectory() as tmp:
    for x in inputs:
        outs = []
        for k, model in enumerate((a, b)):
            subprocess.run([qcc_run, model, "--input", x, "-o", f"{tmp}/{k}.npy"],
                           check=True)
            outs.append(np.load(f"{tmp}/{k}.npy"))
        worst = max(worst, float(np.abs(outs[0] - outs[1]).max()))
print(f"max difference {worst:g}")
