#!/usr/bin/python3
"""How much of the quantized LSTM keyword spotter's error the 8-bit cell
state causes (docs/recurrent.md).

The lstm_kws fixture's QAT model (scripts/make_models.py: PyTorch's
quantizable LSTM, the same seeds) is run on seeded random inputs like the
ones it was trained on, with its quantizers in four settings, and compared
with the same model with every quantizer off (float arithmetic, the same
weights), before the logits' own 8-bit grid (which clips the same way in
every setting):

  8-bit everywhere         the QAT model as exported (what qcc compiles)
  cell state int16         c, f*c and i*g on symmetric int16 grids over the
                           ranges QAT observed (TFLite's choice), the rest 8-bit
  cell state only, 8-bit   only c, f*c and i*g quantized: the cell state's
                           own share of the error

Usage: /usr/bin/python3 scripts/cell_state_error.py [--samples N]
"""

import argparse
import copy
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import make_models as mm  # noqa: E402  (sets the deterministic environment)

import torch  # noqa: E402
from torch import nn  # noqa: E402

CELL_STATE = ("fgate_cx", "igate_cgate", "fgate_cx_igate_cgate")


class SymmetricInt16(nn.Module):
    """Fake quantization to int16, symmetric over an observed range."""

    def __init__(self, observer):
        super().__init__()
        bound = max(abs(float(observer.min_val)), abs(float(observer.max_val)))
        self.scale = bound / 32767

    def forward(self, x):
        return torch.fake_quantize_per_tensor_affine(x, self.scale, 0, -32768, 32767)


def quantizers(model):
    """(name, FakeQuantize) of every activation quantizer in the model."""
    return [(name, module) for name, module in model.named_modules()
            if isinstance(module, torch.ao.quantization.FakeQuantize)]


def in_cell_state(name):
    return any(f"cell.{part}.activation_post_process" in name for part in CELL_STATE)


def setting(model, enabled, int16_cell=False):
    """The model with the quantizers `enabled(name)` accepts on, the others
    off; with int16_cell, the cell state's replaced by int16 ones."""
    for name, fq in quantizers(model):
        # The logits' own grid clips them the same way in every setting.
        if enabled(name) and not name.startswith("classifier."):
            fq.enable_fake_quant()
        else:
            fq.disable_fake_quant()
    cell = model.rnn.layers[0].layer_fw.cell
    for part in CELL_STATE:
        functional = getattr(cell, part)
        if int16_cell:
            functional.activation_post_process = SymmetricInt16(
                functional.activation_post_process.activation_post_process)
    return model


@torch.no_grad()
def logits(model, inputs):
    return torch.cat([model(x) for x in inputs])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args()
    mm.seed_everything(mm.SEED)
    engine = mm.select_engine()
    case = mm.RECIPES["lstm_kws"]()
    qat = mm.make_qat(case, engine)
    generator = torch.Generator().manual_seed(mm.SEED + 2)
    inputs = [torch.randn((1, 49, 10), generator=generator) for _ in range(args.samples)]
    step = float(qat.classifier.activation_post_process.scale)
    reference = logits(setting(copy.deepcopy(qat), lambda n: False), inputs)
    rows = [("8-bit everywhere", setting(copy.deepcopy(qat), lambda n: True)),
            ("cell state int16", setting(copy.deepcopy(qat), lambda n: True, int16_cell=True)),
            ("cell state only, 8-bit", setting(copy.deepcopy(qat), in_cell_state))]
    print(f"{args.samples} inputs; output step {step:.5f}; "
          f"max |logit| {reference.abs().max():.4f}")
    print("| quantized | max |Δ| | mean |Δ| | max |Δ| in output steps | argmax agrees |")
    print("|---|---|---|---|---|")
    for label, model in rows:
        got = logits(model, inputs)
        delta = (got - reference).abs()
        agree = int((got.argmax(1) == reference.argmax(1)).sum())
        print(f"| {label} | {delta.max():.4f} | {delta.mean():.4f} | "
              f"{delta.max() / step:.1f} | {agree}/{args.samples} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
