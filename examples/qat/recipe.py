#!/usr/bin/python3
"""The user guide's QAT recipe, end to end, as a user runs it on the
PyTorch Debian ships (1.13): train a small CNN on scikit-learn's 8x8
digits, fine-tune it with eager quantization-aware training, export the
prepared model to ONNX as it comes, compile it with qcc, and measure the
accuracy of the integer model that qcc compiles with qcc-run.

What 1.13 needs that the PyTorch docs do not say:
- fuse with torch.ao.quantization.fuse_modules_qat (fuse_modules has no
  is_qat argument there);
- the QAT qconfig of version 0: the default (version 1) fake quantizers
  do not export to ONNX;
- the qnnpack qconfig, not fbgemm's: fbgemm reduces activations to 7 bits
  (reduce_range), which costs accuracy for nothing on the targets qcc
  compiles for;
- observers disabled and batch norm statistics frozen before export, so
  the exported ranges are the trained ones.

Usage: recipe.py QCC_BIN_DIR WORK_DIR
Exit status 0 when the integer model keeps the float model's accuracy.
"""

import pathlib
import subprocess
import sys

import numpy as np
import torch
import torch.ao.quantization as tq
import torch.nn.functional as F
from sklearn.datasets import load_digits
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.quant = tq.QuantStub()
        # PyTorch's defaults: bias=True before the batch norm; qcc folds it.
        self.conv1, self.bn1, self.relu1 = nn.Conv2d(1, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU()
        self.conv2, self.bn2, self.relu2 = nn.Conv2d(8, 16, 3, stride=2, padding=1), nn.BatchNorm2d(16), nn.ReLU()
        self.fc = nn.Linear(16 * 4 * 4, 10)
        self.dequant = tq.DeQuantStub()

    def forward(self, x):
        x = self.relu1(self.bn1(self.conv1(self.quant(x))))
        x = self.relu2(self.bn2(self.conv2(x)))
        return self.dequant(self.fc(torch.flatten(x, 1)))


def train(model, images, labels, epochs):
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    model.train()
    for _ in range(epochs):
        for idx in torch.randperm(len(images)).split(32):
            optimizer.zero_grad()
            F.cross_entropy(model(images[idx]), labels[idx]).backward()
            optimizer.step()


def main():
    bin_dir, work = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    work.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    data = load_digits()
    images = torch.tensor(data.images[:, None] / 16.0, dtype=torch.float32)
    labels = torch.tensor(data.target)
    train_x, test_x, train_y, test_y = images[:1500], images[1500:], labels[:1500], labels[1500:]

    # 1. Train in float.
    model = Net()
    train(model, train_x, train_y, epochs=15)
    model.eval()
    with torch.no_grad():
        float_accuracy = (model(test_x).argmax(1) == test_y).float().mean().item()

    # 2. Quantization-aware fine-tuning.
    model.train()
    tq.fuse_modules_qat(model, [["conv1", "bn1", "relu1"], ["conv2", "bn2", "relu2"]],
                        inplace=True)
    model.qconfig = tq.get_default_qat_qconfig("qnnpack", version=0)
    tq.prepare_qat(model, inplace=True)
    train(model, train_x, train_y, epochs=3)
    model.apply(tq.disable_observer)
    model.apply(torch.nn.intrinsic.qat.freeze_bn_stats)
    model.eval()

    # 3. Export the prepared model as it is.
    onnx_path = work / "digits_qat.onnx"
    torch.onnx.export(model, test_x[:1], str(onnx_path), opset_version=13,
                      input_names=["image"], output_names=["scores"])

    # 4. Compile it: a static library for AArch64 and portable C.
    for out, flags in ((work / "arm", ["--mattr=+dotprod"]),
                       (work / "c", ["--emit=c", "--target=generic"])):
        out.mkdir(exist_ok=True)
        subprocess.run([bin_dir / "qcc", onnx_path, "-o", out / "net", *flags],
                       check=True)

    # 5. The accuracy of the integer model qcc compiled, on held-out digits.
    np.save(work / "test_images.npy", test_x.numpy())
    subprocess.run([bin_dir / "qcc-run", onnx_path, "--stage=integer", "--batch",
                    "--input", work / "test_images.npy", "-o", work / "scores.npy"],
                   check=True)
    scores = np.load(work / "scores.npy")
    integer_accuracy = float((scores.argmax(1) == test_y.numpy()).mean())
    print(f"float accuracy {float_accuracy:.3f}, integer accuracy "
          f"{integer_accuracy:.3f} on {len(test_y)} held-out digits")
    ok = integer_accuracy >= 0.9 and integer_accuracy >= float_accuracy - 0.02
    print("PASS" if ok else "FAIL: the integer model lost accuracy")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
