"""PyTorch to firmware with qcc's Python module, in one script.

Trains a small CNN on scikit-learn's 8x8 digits, exports it to ONNX in
memory, quantizes it after training from 100 calibration images, checks the
integer model's accuracy with qcc's reference interpreter (what the compiled
code computes, bit for bit), and writes a static library and header for
AArch64 with dot-product instructions. docs/user-guide.md shows the code
below the docstring verbatim (a test compares them).

    PYTHONPATH=build/python /usr/bin/python3 examples/python/digits_to_firmware.py OUT_DIR
"""
import io, sys
import numpy, torch
from sklearn.datasets import load_digits
import qcc

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
    torch.nn.functional.cross_entropy(model(x), y).backward()
    optimizer.step()
with torch.no_grad():
    float_scores = model(torch.from_numpy(images[test])).numpy()
print("float accuracy", (float_scores.argmax(1) == labels[test]).mean())

buffer = io.BytesIO()                       # export without touching the disk
torch.onnx.export(model.eval(), torch.zeros(1, 1, 8, 8), buffer, opset_version=13)
onnx_model = buffer.getvalue()

calibration = images[:100]                  # post-training quantization
(scores,) = qcc.run(onnx_model, [images[test]], stage="integer",
                    calibrate=calibration, batch=True)
print("integer accuracy", (scores.argmax(1) == labels[test]).mean())

qcc.compile(onnx_model, target="aarch64-linux-gnu", mattr="+dotprod",
            calibrate=calibration, name="digits", output=sys.argv[1] + "/digits")
# -> digits.a and digits.h; call digits_run() from firmware as in section 3
