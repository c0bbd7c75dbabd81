"""PyTorch to firmware with qcc's Python module, in one script.

Trains a small CNN on scikit-learn's 8x8 digits, exports it to ONNX in
memory, quantizes it after training from 100 calibration images, checks the
integer model's accuracy with qcc's reference interpreter (what the compiled
code computes, bit for bit), and writes a static library and header for
AArch64 with dot-product instructions.

    PYTHONPATH=build/python /usr/bin/python3 examples/python/digits_to_firmware.py out/
"""

import io
import sys

import numpy
import torch
from sklearn.datasets import load_digits

import qcc

out = sys.argv[1] if len(sys.argv) > 1 else "."

# 1. Train a float model (a few seconds on a CPU).
digits = load_digits()
images = (digits.images / 16.0).astype(numpy.float32)[:, None]  # N x 1 x 8 x 8
labels = digits.target
train, test = slice(0, 1400), slice(1400, None)
torch.manual_seed(0)
model = torch.nn.Sequential(
    torch.nn.Conv2d(1, 8, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
    torch.nn.Conv2d(8, 16, 3, padding=1), torch.nn.ReLU(),
    torch.nn.Flatten(), torch.nn.Linear(16 * 4 * 4, 10))
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
x, y = torch.from_numpy(images[train]), torch.from_numpy(labels[train])
for epoch in range(100):
    optimizer.zero_grad()
    loss = torch.nn.functional.cross_entropy(model(x), y)
    loss.backward()
    optimizer.step()

# 2. Export to ONNX, batch 1, without touching the disk.
buffer = io.BytesIO()
torch.onnx.export(model.eval(), torch.zeros(1, 1, 8, 8), buffer,
                  input_names=["image"], output_names=["scores"],
                  opset_version=13)
onnx_model = buffer.getvalue()

# 3. Check the integer model: calibrated on 100 training images, run by the
#    reference interpreter on the test images.
calibration = images[:100]
(scores,) = qcc.run(onnx_model, [images[test]], stage="integer",
                    calibrate=calibration, batch=True)
with torch.no_grad():
    reference = model(torch.from_numpy(images[test])).argmax(1).numpy()
accuracy = (scores.argmax(1) == labels[test]).mean()
print("float accuracy   %.3f" % (reference == labels[test]).mean())
print("integer accuracy %.3f" % accuracy)

# 4. The firmware library: OUT/digits.a and OUT/digits.h (digits_run).
written = qcc.compile(onnx_model, target="aarch64-linux-gnu", mattr="+dotprod",
                      calibrate=calibration, name="digits",
                      output=out + "/digits")
print("wrote", " ".join(written))
