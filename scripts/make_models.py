#!/usr/bin/python3
"""Generate real ONNX fixtures for qcc: float, QAT (fake-quant) and converted forms.

For every model this script builds a float PyTorch network, trains it (the
digits CNN on sklearn's bundled 8x8 digits, the others briefly on random data
from a fixed-seed random init), prepares a quantization-aware copy with eager
mode QAT (Conv+BN+ReLU fused with fuse_modules_qat, so the exported graph shows
PyTorch's Conv -> Div -> BatchNormalization -> Relu -> QuantizeLinear
pattern), fine-tunes it, converts it with torch.ao.quantization.convert and
exports all three with torch.onnx.export (opset 13, batch fixed at 1).
Models torchvision has no quantizable definition of (EfficientNet, SSDLite)
go through FX graph mode QAT instead (prepare_qat_fx, then convert_fx).

Layout of OUT/NAME/:
  float.onnx, qat.onnx, converted.onnx   exported graphs (a form that fails to
                                         export is recorded in meta.json)
  input_K.npy                            float32 sample inputs, batch 1
  {float,qat,converted}_output_K.npy     PyTorch's outputs for input_K
                                         (_K_J.npy: output J of several;
                                         also for a form that fails to export)
  meta.json                              shapes, op histograms, versions,
                                         accuracies (digits), errors
digits/ also holds test_images.npy / test_labels.npy, the held-out split, and
calibration_images.npy, the first 100 training images (for post-training
quantization).

Everything is seeded and single-threaded so that two runs produce
byte-identical files; --check regenerates into a temporary directory and
compares it with OUT, exiting 1 on any difference.

Usage: /usr/bin/python3 scripts/make_models.py --out DIR [--models a,b] [--check]
"""

import os

# Float training must give the same bits on every x86-64 machine, so every
# library picks its baseline kernels, not the widest this CPU has (AVX-512
# sums in another order than AVX2): PyTorch's ATen, OpenBLAS and oneDNN. Set
# before they load.
os.environ["ATEN_CPU_CAPABILITY"] = "default"
os.environ["OPENBLAS_CORETYPE"] = "Prescott"
os.environ["DNNL_MAX_CPU_ISA"] = "SSE41"

import argparse
import collections
import copy
import dataclasses
import json
import pathlib
import sys
import tempfile
import time
from typing import Callable, Dict, Iterable, List, Optional, Tuple

import numpy as np
import onnx
import onnx.numpy_helper
import torch
import torch.ao.quantization as tq
import torch.nn.functional as F
import torch.nn.intrinsic.qat as nniqat
from torch import nn

OPSET = 13
SEED = 0
NUM_SAMPLES = 3
ENGINE_PREFERENCE = ("qnnpack", "x86", "fbgemm", "onednn")
FORMS = ("float", "qat", "converted")


# --------------------------------------------------------------------------
# Environment
# --------------------------------------------------------------------------

def seed_everything(seed: int) -> None:
    """Reset every random source and force deterministic single-threaded math."""
    torch.manual_seed(seed)
    np.random.seed(seed)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)


def select_engine() -> str:
    """Pick the first available quantized engine from ENGINE_PREFERENCE."""
    available = torch.backends.quantized.supported_engines
    for engine in ENGINE_PREFERENCE:
        if engine in available:
            torch.backends.quantized.engine = engine
            return engine
    raise RuntimeError(f"no usable quantized engine in {available}")


def qat_qconfig(engine: str):
    """Version-0 default QAT qconfig; the newer default does not export in torch 1.13."""
    return tq.get_default_qat_qconfig(engine, version=0)


# --------------------------------------------------------------------------
# Building blocks
# --------------------------------------------------------------------------

class ConvBnReLU(nn.Sequential):
    """Conv2d (no bias unless asked) + BatchNorm2d + ReLU, fusable for QAT."""

    def __init__(self, cin, cout, kernel, stride=1, padding=0, groups=1, bias=False):
        super().__init__(
            nn.Conv2d(cin, cout, kernel, stride, padding, groups=groups, bias=bias),
            nn.BatchNorm2d(cout),
            nn.ReLU(),
        )


def fuse_conv_bn_relu(model: nn.Module) -> None:
    """Fuse every ConvBnReLU block in place into a QAT ConvBnReLU2d module."""
    for module in model.modules():
        if isinstance(module, ConvBnReLU):
            tq.fuse_modules_qat(module, [["0", "1", "2"]], inplace=True)


class DigitsCNN(nn.Module):
    """Tiny CNN for 1x8x8 digit images."""

    def __init__(self):
        super().__init__()
        self.quant = tq.QuantStub()
        self.features = nn.Sequential(
            ConvBnReLU(1, 8, 3, padding=1),
            ConvBnReLU(8, 16, 3, padding=1),
            nn.MaxPool2d(2),
            nn.Flatten(),
        )
        self.classifier = nn.Linear(16 * 4 * 4, 10)
        self.dequant = tq.DeQuantStub()

    def forward(self, x):
        return self.dequant(self.classifier(self.features(self.quant(x))))


class DSCNN(nn.Module):
    """MLPerf Tiny style DS-CNN keyword spotter on 1x49x10 MFCC features.

    The reference uses 'same' padding for the 10x4/2 stem; padding (5, 1)
    gives the same 25x5 output with symmetric PyTorch padding.
    """

    def __init__(self, classes=12, width=64, blocks=4):
        super().__init__()
        self.quant = tq.QuantStub()
        layers = [ConvBnReLU(1, width, (10, 4), stride=2, padding=(5, 1))]
        for _ in range(blocks):
            layers.append(ConvBnReLU(width, width, 3, padding=1, groups=width))
            layers.append(ConvBnReLU(width, width, 1))
        self.features = nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten())
        self.classifier = nn.Linear(width, classes)
        self.dequant = tq.DeQuantStub()

    def forward(self, x):
        return self.dequant(self.classifier(self.features(self.quant(x))))


class GroupedCNN(nn.Module):
    """ResNeXt-style grouped convolutions on a 1x3x16x16 input: 3x3 in 4
    groups of 8 outputs, 1x1 in 2 groups of 8 (which qcc's vector kernels
    take 2 and then all to a panel of 16 channels), 1x1 in 2 groups of 24
    (a partial panel), 3x3 stride 2 in 3 groups of 16."""

    def __init__(self, classes=10):
        super().__init__()
        self.quant = tq.QuantStub()
        self.features = nn.Sequential(
            ConvBnReLU(3, 16, 3, padding=1),
            ConvBnReLU(16, 32, 3, padding=1, groups=4),
            ConvBnReLU(32, 16, 1, groups=2),
            ConvBnReLU(16, 48, 1, groups=2),
            ConvBnReLU(48, 48, 3, stride=2, padding=1, groups=3),
            nn.AdaptiveAvgPool2d(1),
            nn.Flatten(),
        )
        self.classifier = nn.Linear(48, classes)
        self.dequant = tq.DeQuantStub()

    def forward(self, x):
        return self.dequant(self.classifier(self.features(self.quant(x))))


class ConvBiasCNN(nn.Module):
    """A CNN as a new user writes it: nn.Conv2d's default bias=True before
    each BatchNorm2d (the QAT export adds the bias between the Div and the
    BatchNormalization), and a Dropout before the classifier."""

    def __init__(self, classes=10):
        super().__init__()
        self.quant = tq.QuantStub()
        self.features = nn.Sequential(
            ConvBnReLU(3, 8, 3, padding=1, bias=True),
            ConvBnReLU(8, 16, 3, stride=2, padding=1, bias=True),
            nn.AdaptiveAvgPool2d(1),
            nn.Flatten(),
            nn.Dropout(0.25),
        )
        self.classifier = nn.Linear(16, classes)
        self.dequant = tq.DeQuantStub()

    def forward(self, x):
        return self.dequant(self.classifier(self.features(self.quant(x))))


class QATConvTranspose2d(nn.ConvTranspose2d):
    """nn.ConvTranspose2d with fake-quantized weights and output, which
    PyTorch 1.13's eager QAT lacks: the export shows QuantizeLinear and
    DequantizeLinear on the weight, as a QAT convolution's."""

    @classmethod
    def from_float(cls, mod):
        qat = cls(mod.in_channels, mod.out_channels, mod.kernel_size, mod.stride,
                  mod.padding, mod.output_padding, mod.groups, mod.bias is not None,
                  mod.dilation)
        qat.weight, qat.bias, qat.qconfig = mod.weight, mod.bias, mod.qconfig
        qat.weight_fake_quant = mod.qconfig.weight()
        qat.activation_post_process = mod.qconfig.activation()
        return qat

    def forward(self, x):
        return self.activation_post_process(F.conv_transpose2d(
            x, self.weight_fake_quant(self.weight), self.bias, self.stride,
            self.padding, self.output_padding, self.groups, self.dilation))


class DeconvNet(nn.Module):
    """A segmentation-style decoder on 1x3x8x8: conv3x3 3->8 + BN + ReLU,
    a depthwise transposed conv 4x4 stride 2 (8 groups) + ReLU, a grouped
    one 3x3 stride 2 8->4 in 2 groups (padding 1, output_padding 1): 4x32x32."""

    def __init__(self):
        super().__init__()
        self.quant = tq.QuantStub()
        self.stem = ConvBnReLU(3, 8, 3, padding=1)
        self.up1 = nn.ConvTranspose2d(8, 8, 4, stride=2, padding=1, groups=8)
        self.relu = nn.ReLU()
        self.up2 = nn.ConvTranspose2d(8, 4, 3, stride=2, padding=1, output_padding=1,
                                      groups=2)
        self.dequant = tq.DeQuantStub()

    def forward(self, x):
        x = self.relu(self.up1(self.stem(self.quant(x))))
        return self.dequant(self.up2(x))


class PReLUNet(nn.Module):
    """A CNN with PReLU activations on 1x3x16x16: conv3x3 3->8 + BN +
    PReLU(8) (one slope per channel, spread over [0.05, 0.5] as training
    leaves them), conv3x3 stride 2 8->16 + BN + nn.PReLU() (PyTorch's default:
    one slope), global average pool, Linear 16->10."""

    def __init__(self, classes=10):
        super().__init__()
        self.quant = tq.QuantStub()
        self.features = nn.Sequential(
            nn.Conv2d(3, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8), nn.PReLU(8),
            nn.Conv2d(8, 16, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(16),
            nn.PReLU(),
            nn.AdaptiveAvgPool2d(1),
            nn.Flatten(),
        )
        with torch.no_grad():
            self.features[2].weight.copy_(torch.linspace(0.05, 0.5, 8))
        self.classifier = nn.Linear(16, classes)
        self.dequant = tq.DeQuantStub()

    def forward(self, x):
        return self.dequant(self.classifier(self.features(self.quant(x))))


def fuse_conv_bn_pairs(model: PReLUNet) -> None:
    tq.fuse_modules_qat(model.features, [["0", "1"], ["3", "4"]], inplace=True)


class UpsampleNet(nn.Module):
    """A segmentation head on 1x3x8x8 with bilinear upsampling: conv3x3 3->8 +
    BN + ReLU, nn.Upsample(scale_factor=2, mode='bilinear') (align_corners
    False: ONNX's pytorch_half_pixel), conv3x3 8->8 + BN + ReLU,
    nn.Upsample(scale_factor=2, mode='bilinear', align_corners=True), conv1x1
    8->4: 4x32x32."""

    def __init__(self):
        super().__init__()
        self.quant = tq.QuantStub()
        self.body = nn.Sequential(
            ConvBnReLU(3, 8, 3, padding=1),
            nn.Upsample(scale_factor=2, mode="bilinear"),
            ConvBnReLU(8, 8, 3, padding=1),
            nn.Upsample(scale_factor=2, mode="bilinear", align_corners=True),
            nn.Conv2d(8, 4, 1),
        )
        self.dequant = tq.DeQuantStub()

    def forward(self, x):
        return self.dequant(self.body(self.quant(x)))


class TinyViT(nn.Module):
    """A small vision transformer on 3x32x32: 8x8 patches embedded by a
    convolution, a class token concatenated from a parameter, a position
    embedding added, two pre-norm encoder layers (PyTorch's own, GELU), the
    class token gathered and classified."""

    def __init__(self, image=32, patch=8, dim=64, depth=2, heads=4, classes=10):
        super().__init__()
        self.quant = tq.QuantStub()
        self.patch = nn.Conv2d(3, dim, patch, patch)
        tokens = (image // patch) ** 2 + 1
        self.cls = nn.Parameter(torch.randn(1, 1, dim) * 0.02)
        self.pos = nn.Parameter(torch.randn(1, tokens, dim) * 0.02)
        layer = nn.TransformerEncoderLayer(dim, heads, 2 * dim, dropout=0.0, activation="gelu",
                                           batch_first=True, norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, depth, enable_nested_tensor=False)
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, classes)
        self.dequant = tq.DeQuantStub()

    def forward(self, x):
        x = self.patch(self.quant(x)).flatten(2).transpose(1, 2)
        x = torch.cat([self.cls.expand(x.shape[0], -1, -1), x], dim=1) + self.pos
        return self.dequant(self.head(self.norm(self.encoder(x)[:, 0])))


class SSDLiteHeads(nn.Module):
    """SSDLite-MobileNetV3-Large, the detector family of the seed paper,
    without box decoding and NMS: the backbone's six feature maps through
    the regression and classification heads, whose Reshape/Transpose/Concat
    give two outputs, boxes [1, N, 4] and class scores [1, N, classes]."""

    def __init__(self, classes=21):
        super().__init__()
        from torchvision.models.detection import ssdlite320_mobilenet_v3_large
        detector = ssdlite320_mobilenet_v3_large(weights=None, weights_backbone=None,
                                                 num_classes=classes)
        self.quant = tq.QuantStub()
        self.backbone = detector.backbone
        self.head = detector.head
        self.dequant_boxes = tq.DeQuantStub()
        self.dequant_scores = tq.DeQuantStub()

    def forward(self, x):
        maps = self.backbone(self.quant(x))
        # Indexed, not iterated, and the heads' permutes spelled out with
        # shapes as indices: FX's symbolic trace can unpack neither.
        maps = [maps[str(i)] for i in range(len(self.head.regression_head.module_list))]
        return (self.dequant_boxes(self.scores(self.head.regression_head, maps)),
                self.dequant_scores(self.scores(self.head.classification_head, maps)))

    @staticmethod
    def scores(head, maps):
        """torchvision's SSDScoringHead.forward: (N, A*K, H, W) -> (N, HWA, K), concatenated."""
        results = []
        for module, x in zip(head.module_list, maps):
            y = module(x)
            n, k = y.shape[0], head.num_columns
            y = y.view(n, -1, k, y.shape[2], y.shape[3]).permute(0, 3, 4, 1, 2)
            results.append(y.reshape(n, -1, k))
        return torch.cat(results, dim=1)


def vit_scope(model: nn.Module) -> List[nn.Module]:
    """QAT for the convolution and linear layers; eager mode cannot prepare
    attention's output projection, so attention stays float."""
    for module in model.modules():
        if isinstance(module, nn.MultiheadAttention):
            module.qconfig = None
    return [model]


class QuantLinear(nn.Module):
    """Linear layer fenced by quant/dequant stubs: the only quantized part of the encoder."""

    def __init__(self, cin, cout):
        super().__init__()
        self.quant = tq.QuantStub()
        self.linear = nn.Linear(cin, cout)
        self.dequant = tq.DeQuantStub()

    def forward(self, x):
        return self.dequant(self.linear(self.quant(x)))


class EncoderBlock(nn.Module):
    """Pre-norm transformer encoder block (batch-first) with GELU feed-forward."""

    def __init__(self, d_model=64, heads=4, ffn=128):
        super().__init__()
        self.d_model, self.heads = d_model, heads
        self.norm1 = nn.LayerNorm(d_model)
        self.qkv = QuantLinear(d_model, 3 * d_model)
        self.proj = QuantLinear(d_model, d_model)
        self.norm2 = nn.LayerNorm(d_model)
        self.fc1 = QuantLinear(d_model, ffn)
        self.act = nn.GELU()
        self.fc2 = QuantLinear(ffn, d_model)

    def split_heads(self, t):
        return t.reshape(t.shape[0], -1, self.heads, self.d_model // self.heads).transpose(1, 2)

    def attention(self, x):
        q, k, v = (self.split_heads(t) for t in self.qkv(x).split(self.d_model, dim=-1))
        scores = q @ k.transpose(-2, -1) / (self.d_model // self.heads) ** 0.5
        context = scores.softmax(dim=-1) @ v
        return self.proj(context.transpose(1, 2).reshape(x.shape))

    def forward(self, x):
        x = x + self.attention(self.norm1(x))
        return x + self.fc2(self.act(self.fc1(self.norm2(x))))


class RecurrentKWS(nn.Module):
    """Keyword spotter: one LSTM or GRU layer over 49 frames of 10 MFCC
    features (batch first), a linear layer from the last step's state to 12
    classes. Eager QAT swaps the LSTM for PyTorch's quantizable one, which
    exports as unrolled cells."""

    def __init__(self, cell, features=10, hidden=32, classes=12):
        super().__init__()
        self.quant = tq.QuantStub()
        self.rnn = cell(features, hidden, batch_first=True)
        self.classifier = nn.Linear(hidden, classes)
        self.dequant = tq.DeQuantStub()

    def forward(self, x):
        _, state = self.rnn(self.quant(x))
        h = state[0] if isinstance(state, tuple) else state
        return self.dequant(self.classifier(h[-1]))


# --------------------------------------------------------------------------
# Training
# --------------------------------------------------------------------------

def train_classifier(model, images, labels, epochs, lr, batch=32):
    """Adam + cross-entropy over seeded shuffles of (images, labels)."""
    generator = torch.Generator().manual_seed(SEED)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    model.train()
    for _ in range(epochs):
        order = torch.randperm(len(images), generator=generator)
        for start in range(0, len(images), batch):
            idx = order[start:start + batch]
            loss = F.cross_entropy(model(images[idx]), labels[idx])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()


def as_tuple(outputs) -> tuple:
    """A model's outputs as a tuple (one output, or a detector's several)."""
    return outputs if isinstance(outputs, tuple) else (outputs,)


def random_finetune(model, input_shape, steps, batch):
    """A few SGD steps regressing onto random targets from random inputs.

    Moves weights off their init, updates BatchNorm running statistics and,
    for QAT models, lets the fake-quant observers see real activation ranges.
    """
    generator = torch.Generator().manual_seed(SEED)
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-3, momentum=0.9)
    model.train()
    for _ in range(steps):
        x = torch.randn((batch,) + tuple(input_shape[1:]), generator=generator)
        outs = as_tuple(model(x))
        loss = sum(F.mse_loss(out, torch.randn(out.shape, generator=generator))
                   for out in outs)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()


@torch.no_grad()
def accuracy(model, images, labels) -> float:
    model.eval()
    return float((model(images).argmax(dim=1) == labels).float().mean())


def random_inputs(shape) -> List[torch.Tensor]:
    generator = torch.Generator().manual_seed(SEED + 1)
    return [torch.randn(shape, generator=generator) for _ in range(NUM_SAMPLES)]


# --------------------------------------------------------------------------
# Model recipes
# --------------------------------------------------------------------------

def whole_model(model: nn.Module) -> List[nn.Module]:
    return [model]


@dataclasses.dataclass
class Case:
    """A trained float model plus what the generic QAT pipeline needs to know."""
    model: nn.Module
    inputs: List[torch.Tensor]
    fuse: Callable[[nn.Module], None]
    finetune_qat: Callable[[nn.Module], None]
    quant_scope: Callable[[nn.Module], Iterable[nn.Module]] = whole_model
    # Further exports of a form with other torch.onnx.export settings, as
    # users write them: name -> (form, keyword arguments).
    variants: Dict[str, Tuple[str, dict]] = dataclasses.field(default_factory=dict)
    # Only the float form is built (PyTorch cannot quantize this model).
    float_only: bool = False
    # QAT by FX graph mode: no quantizable (eager) definition exists.
    graph_mode: bool = False
    evaluate: Optional[Callable[[nn.Module], float]] = None
    extra_arrays: Dict[str, np.ndarray] = dataclasses.field(default_factory=dict)
    # QAT versions of modules PyTorch has none for: float class -> QAT class.
    qat_modules: Dict[type, type] = dataclasses.field(default_factory=dict)


NUM_CALIBRATION = 100


def digits_split():
    """sklearn digits scaled to [0, 1], stratified 80/20 split with a fixed seed."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    data = load_digits()
    images = (data.images / 16.0).astype(np.float32)[:, None, :, :]
    labels = data.target.astype(np.int64)
    return train_test_split(images, labels, test_size=0.2, random_state=SEED, stratify=labels)


def digits_case() -> Case:
    x_train, x_test, y_train, y_test = (torch.from_numpy(a) for a in digits_split())
    model = DigitsCNN()
    train_classifier(model, x_train, y_train, epochs=15, lr=1e-2)
    return Case(
        model=model,
        inputs=[x_test[i:i + 1] for i in range(NUM_SAMPLES)],
        fuse=fuse_conv_bn_relu,
        finetune_qat=lambda m: train_classifier(m, x_train, y_train, epochs=4, lr=1e-3),
        evaluate=lambda m: accuracy(m, x_test, y_test),
        extra_arrays={"test_images": x_test.numpy(), "test_labels": y_test.numpy(),
                      # Post-training calibration samples: the first training images.
                      "calibration_images": x_train[:NUM_CALIBRATION].numpy()},
    )


def random_data_case(model, input_shape, fuse, steps, batch, quant_scope=whole_model) -> Case:
    """Case for a randomly initialised model briefly fine-tuned on random data."""
    random_finetune(model, input_shape, steps, batch)
    return Case(
        model=model,
        inputs=random_inputs(input_shape),
        fuse=fuse,
        finetune_qat=lambda m: random_finetune(m, input_shape, steps, batch),
        quant_scope=quant_scope,
    )


def torchvision_fuse(model: nn.Module) -> None:
    model.fuse_model(is_qat=True)


def dscnn_case() -> Case:
    return random_data_case(DSCNN(), (1, 1, 49, 10), fuse_conv_bn_relu, steps=8, batch=16)


def grouped_case() -> Case:
    return random_data_case(GroupedCNN(), (1, 3, 16, 16), fuse_conv_bn_relu, steps=8, batch=16)


def mobilenetv2_case(size: int) -> Case:
    from torchvision.models.quantization import mobilenet_v2
    model = mobilenet_v2(weights=None, quantize=False)
    return random_data_case(model, (1, 3, size, size), torchvision_fuse, steps=3, batch=4)


def mobilenetv3_case(arch: str, size: int) -> Case:
    """torchvision's quantizable MobileNetV3 (hardswish, squeeze-excite with
    hardsigmoid); torchvision ships the quantizable large one, the small one
    is the same class with the small configuration."""
    from torchvision.models.mobilenetv3 import _mobilenet_v3_conf
    from torchvision.models.quantization.mobilenetv3 import (
        QuantizableInvertedResidual, QuantizableMobileNetV3)
    setting, last_channel = _mobilenet_v3_conf(arch)
    model = QuantizableMobileNetV3(setting, last_channel, block=QuantizableInvertedResidual)
    case = random_data_case(model, (1, 3, size, size), torchvision_fuse, steps=3, batch=4)
    # HardSwish is an ONNX op from opset 14; at 13 it is HardSigmoid + Mul.
    case.variants = {"qat_opset14": ("qat", {"opset_version": 14}),
                     "float_opset14": ("float", {"opset_version": 14})}
    return case


def shufflenet_case(size: int) -> Case:
    from torchvision.models.quantization import shufflenet_v2_x0_5
    model = shufflenet_v2_x0_5(weights=None, quantize=False)
    return random_data_case(model, (1, 3, size, size), torchvision_fuse, steps=3, batch=4)


def vit_case() -> Case:
    return random_data_case(TinyViT(), (1, 3, 32, 32), fuse=lambda m: None, steps=8,
                            batch=16, quant_scope=vit_scope)


def graph_mode_case(model: nn.Module, size: int) -> Case:
    """FX graph mode QAT, which fuses and quantizes by tracing: torchvision
    has no quantizable EfficientNet, and SSDLite's backbone is its plain
    MobileNetV3. The SiLU's Sigmoid + Mul stays float between quantizers."""
    case = random_data_case(model, (1, 3, size, size), fuse=lambda m: None, steps=2, batch=2)
    return dataclasses.replace(case, graph_mode=True)


def efficientnet_case(size: int) -> Case:
    from torchvision.models import efficientnet_b0
    return graph_mode_case(efficientnet_b0(weights=None), size)


def ssdlite_case(size: int) -> Case:
    return graph_mode_case(SSDLiteHeads(), size)


def resnet18_case(size: int) -> Case:
    from torchvision.models.quantization import resnet18
    model = resnet18(weights=None, quantize=False)
    return random_data_case(model, (1, 3, size, size), torchvision_fuse, steps=3, batch=4)


def convbias_case() -> Case:
    case = random_data_case(ConvBiasCNN(), (1, 3, 16, 16), fuse_conv_bn_relu, steps=8, batch=16)
    case.variants = {
        # Weights computed from constants in the graph, batch norm unfolded.
        "qat_nofold": ("qat", {"do_constant_folding": False}),
        "qat_opset17": ("qat", {"opset_version": 17}),
        # Dropout with training_mode true, BatchNormalization in training
        # mode with its running statistics as outputs.
        "float_training": ("float", {"training": torch.onnx.TrainingMode.TRAINING,
                                     "do_constant_folding": False}),
    }
    return case


def deconv_case() -> Case:
    case = random_data_case(DeconvNet(), (1, 3, 8, 8), fuse_conv_bn_relu, steps=8, batch=16)
    case.qat_modules = {nn.ConvTranspose2d: QATConvTranspose2d}
    return case


def prelu_case() -> Case:
    return random_data_case(PReLUNet(), (1, 3, 16, 16), fuse_conv_bn_pairs, steps=8, batch=16)


def upsample_case() -> Case:
    return random_data_case(UpsampleNet(), (1, 3, 8, 8), fuse_conv_bn_relu, steps=8, batch=16)


def transformer_case() -> Case:
    case = random_data_case(
        EncoderBlock(), (1, 16, 64), fuse=lambda m: None, steps=8, batch=16,
        quant_scope=lambda m: [q for q in m.modules() if isinstance(q, QuantLinear)])
    # PyTorch 1.13 exports up to opset 17; newer exporters write opset 21's
    # forms, which upgrade_to_opset21 produces from the opset-17 export.
    case.variants = {"qat_opset21": ("qat", {"opset_version": 17, "upgrade_to": 21})}
    return case


def recurrent_case(cell) -> Case:
    """QAT for the LSTM (prepare_qat swaps in torch.ao.nn.quantizable.LSTM);
    PyTorch 1.13 has no quantizable GRU, so that one is float only."""
    case = random_data_case(RecurrentKWS(cell), (1, 49, 10), fuse=lambda m: None,
                            steps=8, batch=16)
    return dataclasses.replace(case, float_only=cell is not nn.LSTM)


RECIPES = {
    "digits": digits_case,
    "dscnn": dscnn_case,
    "grouped": grouped_case,
    "convbias": convbias_case,
    "deconv": deconv_case,
    "prelu": prelu_case,
    "upsample": upsample_case,
    "mobilenetv2_96": lambda: mobilenetv2_case(96),
    "mobilenetv2_224": lambda: mobilenetv2_case(224),
    "mobilenetv3_small_96": lambda: mobilenetv3_case("mobilenet_v3_small", 96),
    "mobilenetv3_large_96": lambda: mobilenetv3_case("mobilenet_v3_large", 96),
    "shufflenet_96": lambda: shufflenet_case(96),
    "vit": vit_case,
    "ssdlite_160": lambda: ssdlite_case(160),
    "efficientnet_b0_96": lambda: efficientnet_case(96),
    "resnet18": lambda: resnet18_case(224),
    # Small enough to run under qemu in the end-to-end tests.
    "resnet18_64": lambda: resnet18_case(64),
    "transformer": transformer_case,
    "lstm_kws": lambda: recurrent_case(nn.LSTM),
    "gru_kws": lambda: recurrent_case(nn.GRU),
}


# --------------------------------------------------------------------------
# QAT pipeline
# --------------------------------------------------------------------------

def prepare_graph_mode(case: Case, engine: str) -> nn.Module:
    """prepare_qat_fx on a copy of the float model, traced in eval mode:
    the trace fixes the training flag torchvision's stochastic depth reads
    (in training mode it would export as Bernoulli sampling)."""
    from torch.ao.quantization import quantize_fx
    mapping = tq.get_default_qat_qconfig_mapping(engine, version=0)
    model = copy.deepcopy(case.model).eval()
    return quantize_fx.prepare_qat_fx(model, mapping, (case.inputs[0],)).train()


def make_qat(case: Case, engine: str) -> nn.Module:
    """Fuse, prepare_qat and fine-tune a copy of the float model; freeze it for export."""
    if case.graph_mode:
        model = prepare_graph_mode(case, engine)
    else:
        model = copy.deepcopy(case.model).train()
        case.fuse(model)
        for module in case.quant_scope(model):
            module.qconfig = qat_qconfig(engine)
        mapping = {**tq.get_default_qat_module_mappings(), **case.qat_modules}
        tq.prepare_qat(model, mapping=mapping, inplace=True)
    case.finetune_qat(model)
    model.apply(tq.disable_observer)
    model.apply(nniqat.freeze_bn_stats)
    return model.eval()


def build_forms(case: Case, engine: str) -> Dict[str, object]:
    """Return form name -> eval-mode module, or the exception that prevented building it."""
    forms: Dict[str, object] = {"float": case.model.eval()}
    if case.float_only:
        return forms
    try:
        forms["qat"] = make_qat(case, engine)
    except Exception as err:  # recorded in meta.json, never faked
        forms["qat"] = err
        forms["converted"] = err
        return forms
    try:
        from torch.ao.quantization.quantize_fx import convert_fx
        convert = convert_fx if case.graph_mode else tq.convert
        forms["converted"] = convert(copy.deepcopy(forms["qat"])).eval()
    except Exception as err:
        forms["converted"] = err
    return forms


# --------------------------------------------------------------------------
# Export and verification
# --------------------------------------------------------------------------

def export(model: nn.Module, example: torch.Tensor, path: pathlib.Path, **settings) -> None:
    settings = {"opset_version": OPSET, **settings}
    upgrade = settings.pop("upgrade_to", None)
    with torch.no_grad():
        count = len(as_tuple(model(example)))
    names = ["output"] if count == 1 else [f"output{j}" for j in range(count)]
    torch.onnx.export(model, (example,), str(path), input_names=["input"],
                      output_names=names, **settings)
    # A training-mode export leaves the module in training mode.
    model.eval()
    if upgrade == 21:
        onnx.save(upgrade_to_opset21(onnx.load(str(path))), str(path))


def upgrade_to_opset21(model: onnx.ModelProto) -> onnx.ModelProto:
    """An opset-17 model in the forms opset 21 exporters write: the axes of
    ReduceMean as an input and a Split into equal parts as num_outputs
    (opset 18), and the exact GELU chain Mul(Mul(x, Add(Erf(Div(x, sqrt 2)),
    1)), 0.5) as one Gelu (opset 20)."""
    graph = model.graph
    constants = {t.name: onnx.numpy_helper.to_array(t) for t in graph.initializer}
    for n in graph.node:
        if n.op_type == "Constant" and n.attribute[0].name == "value":
            constants[n.output[0]] = onnx.numpy_helper.to_array(n.attribute[0].t)
    producer = {o: n for n in graph.node for o in n.output}
    readers = collections.defaultdict(list)
    for n in graph.node:
        for i in n.input:
            readers[i].append(n)

    def only_reader(value, op):
        found = readers[value]
        return found[0] if len(found) == 1 and found[0].op_type == op else None

    dropped, gelus = set(), {}
    for erf in (n for n in graph.node if n.op_type == "Erf"):
        div = producer.get(erf.input[0])
        add = only_reader(erf.output[0], "Add")
        inner = add and only_reader(add.output[0], "Mul")
        outer = inner and only_reader(inner.output[0], "Mul")
        if div is None or div.op_type != "Div" or not outer:
            continue
        x = div.input[0]
        if x not in inner.input:
            continue
        dropped.update(id(n) for n in (div, erf, add, inner))
        gelus[id(outer)] = onnx.helper.make_node(
            "Gelu", [x], list(outer.output), name=f"{outer.name}_gelu")
    nodes = []
    for n in graph.node:
        if id(n) in dropped:
            continue
        n = gelus.get(id(n), n)
        if n.op_type == "Split" and len(n.input) > 1 and n.input[1] in constants:
            sizes = constants[n.input[1]]
            if len(set(sizes.tolist())) == 1:
                del n.input[1:]
                n.attribute.append(onnx.helper.make_attribute("num_outputs", len(sizes)))
        if n.op_type == "ReduceMean":
            axes = [a for a in n.attribute if a.name == "axes"]
            if axes:
                name = f"{n.name or n.output[0]}_axes"
                graph.initializer.append(onnx.helper.make_tensor(
                    name, onnx.TensorProto.INT64, [len(axes[0].ints)], list(axes[0].ints)))
                n.attribute.remove(axes[0])
                n.input.append(name)
        nodes.append(n)
    del graph.node[:]
    graph.node.extend(nodes)
    if not gelus:
        raise ValueError("upgrade_to_opset21: no exact GELU chain found")
    for opset in model.opset_import:
        if opset.domain in ("", "ai.onnx"):
            opset.version = 21
    model.ir_version = 10
    return model


def verify(path: pathlib.Path) -> onnx.ModelProto:
    """Check the model and require static shapes on its inputs and outputs.
    Inner shapes may depend on computed values that ONNX's shape inference
    does not follow (ShuffleNet's chunk): qcc folds those. Opsets newer than
    this ONNX library (1.12: 17) are neither checked nor inferred here."""
    model = onnx.load(str(path))
    if max(o.version for o in model.opset_import
           if o.domain in ("", "ai.onnx")) > onnx.defs.onnx_opset_version():
        return model
    onnx.checker.check_model(model)
    inferred = onnx.shape_inference.infer_shapes(model, strict_mode=True, data_prop=True)
    graph = inferred.graph
    for value in list(graph.input) + list(graph.output):
        tensor = value.type.tensor_type
        if not tensor.HasField("shape") or any(
                not d.HasField("dim_value") for d in tensor.shape.dim):
            raise ValueError(f"{path}: non-static shape for {value.name}")
    return model


def op_histogram(model: onnx.ModelProto) -> Dict[str, int]:
    return dict(sorted(collections.Counter(n.op_type for n in model.graph.node).items()))


def describe_error(err: Exception) -> str:
    return f"{type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}"


@torch.no_grad()
def save_outputs(model: nn.Module, form: str, inputs, out_dir: pathlib.Path) -> None:
    """FORM_output_K.npy, or FORM_output_K_J.npy for output J of several."""
    for k, x in enumerate(inputs):
        outs = as_tuple(model(x))
        for j, out in enumerate(outs):
            suffix = f"{k}" if len(outs) == 1 else f"{k}_{j}"
            np.save(out_dir / f"{form}_output_{suffix}.npy", out.numpy())


def emit_form(form: str, model, inputs, out_dir: pathlib.Path, meta: dict,
              settings: Optional[dict] = None) -> None:
    """Export one form, verify it, save its outputs; record failures in
    meta. A form PyTorch builds but cannot export still gives its outputs
    (model-distance compares convert()'s with ONNX Runtime's)."""
    if isinstance(model, Exception):
        meta["errors"][form] = describe_error(model)
        return
    path = out_dir / f"{form}.onnx"
    try:
        export(model, inputs[0], path, **(settings or {}))
    except Exception as err:
        path.unlink(missing_ok=True)
        meta["errors"][form] = describe_error(err)
        try:
            save_outputs(model, form, inputs, out_dir)
        except Exception:  # the export failed running it: no outputs either
            for stale in out_dir.glob(f"{form}_output_*.npy"):
                stale.unlink()
        return
    meta["op_types"][form] = op_histogram(verify(path))
    save_outputs(model, form, inputs, out_dir)


def generate(name: str, out_root: pathlib.Path, engine: str) -> None:
    seed_everything(SEED)
    out_dir = out_root / name
    out_dir.mkdir(parents=True, exist_ok=True)
    case = RECIPES[name]()
    forms = build_forms(case, engine)
    meta = {
        "model": name,
        "input_shape": list(case.inputs[0].shape),
        "batch": "fixed at 1",
        "num_samples": len(case.inputs),
        "opset": OPSET,
        "torch_version": torch.__version__,
        "onnx_version": onnx.__version__,
        "quantization_engine": engine,
        "qconfig": f"get_default_qat_qconfig('{engine}', version=0)",
        "op_types": {},
        "errors": {},
    }
    for k, x in enumerate(case.inputs):
        np.save(out_dir / f"input_{k}.npy", x.numpy())
    for form in FORMS:
        if form in forms:
            emit_form(form, forms[form], case.inputs, out_dir, meta)
    for variant, (form, settings) in sorted(case.variants.items()):
        # A copy: a training-mode export runs the model in training mode,
        # which updates its batch norms' running statistics.
        model = forms[form] if isinstance(forms[form], Exception) else copy.deepcopy(forms[form])
        emit_form(variant, model, case.inputs, out_dir, meta, settings)
        meta.setdefault("variants", {})[variant] = {
            "form": form, "export": {k: str(v) for k, v in sorted(settings.items())}}
    if case.evaluate is not None:
        meta["accuracy"] = {form: round(case.evaluate(m), 6)
                            for form, m in forms.items() if not isinstance(m, Exception)}
    for stem, array in case.extra_arrays.items():
        np.save(out_dir / f"{stem}.npy", array)
    (out_dir / "meta.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")


# --------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------

def compare_trees(expected: pathlib.Path, actual: pathlib.Path) -> List[str]:
    """Relative paths that are missing on either side or differ in content."""
    def files(root):
        return {p.relative_to(root) for p in root.rglob("*") if p.is_file()}
    left, right = files(expected), files(actual)
    diffs = sorted(str(p) for p in left ^ right)
    diffs += sorted(str(p) for p in left & right
                    if (expected / p).read_bytes() != (actual / p).read_bytes())
    return diffs


def generate_all(names, out_root: pathlib.Path, engine: str) -> None:
    for name in names:
        start = time.perf_counter()
        generate(name, out_root, engine)
        print(f"{name}: {time.perf_counter() - start:.1f} s", file=sys.stderr)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, type=pathlib.Path)
    parser.add_argument("--models", default=",".join(RECIPES),
                        help="comma-separated subset of: " + ", ".join(RECIPES))
    parser.add_argument("--check", action="store_true",
                        help="regenerate into a temp dir and compare with --out")
    args = parser.parse_args(argv)
    args.models = [m for m in args.models.split(",") if m]
    unknown = sorted(set(args.models) - set(RECIPES))
    if unknown:
        parser.error(f"unknown models: {', '.join(unknown)}")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    engine = select_engine()
    if not args.check:
        generate_all(args.models, args.out, engine)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        generate_all(args.models, pathlib.Path(tmp), engine)
        diffs = [f"{name}/{d}" for name in args.models
                 for d in compare_trees(args.out / name, pathlib.Path(tmp) / name)]
    for diff in diffs:
        print(f"differs: {diff}", file=sys.stderr)
    print("check: " + ("FAILED" if diffs else "OK"), file=sys.stderr)
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
