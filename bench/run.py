#!/usr/bin/python3
"""The instruction-count bench (issue 8): qcc against XNNPACK and gemmlowp.

Counts the AArch64 instructions one call executes under qemu-aarch64, with
the bench's own TCG plugin (plugin/region.c, counting between marker
instructions), for a set of single layers compiled by qcc and run by the
peers (Debian's arm64 XNNPACK and gemmlowp, unpacked by setup.sh) and for
whole models compiled by qcc; measures qcc's compile time and memory plan;
prints the tables and writes them into bench/README.md.

  bench/run.py [--smoke] [--build DIR] [--work DIR] [--jobs N]

--smoke runs the fully-connected layer for qcc +dotprod and XNNPACK qs8 only,
twice each, and fails unless the counts repeat, the regions are non-empty,
qcc's outputs equal the reference interpreter's and qcc's SDOT instructions
do all of the layer's multiply-accumulates; it writes no README.
"""

import argparse
import bisect
import concurrent.futures
import dataclasses
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
import zlib
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
DEPS = BENCH / ".deps"
SYSROOT = DEPS / "sysroot"
SYSROOT_LIB = SYSROOT / "usr" / "lib" / "aarch64-linux-gnu"
README = BENCH / "README.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"

sys.path.insert(0, str(ROOT / "test" / "e2e"))
import e2e  # noqa: E402  (run, compare, nhwc_copy, the compilers and qemu)

ARM_CXX = "aarch64-linux-gnu-g++"
ARM_NM = "aarch64-linux-gnu-nm"
ARM_OBJDUMP = "aarch64-linux-gnu-objdump"

# ---------------------------------------------------------------------------
# What is measured
# ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Layer:
    """A batch-1 convolution (NHWC) or, with fc, a fully-connected layer."""
    name: str
    title: str
    h: int
    w: int
    c: int
    k: int
    kernel: int = 1
    stride: int = 1
    pad: int = 0
    groups: int = 1
    fc: bool = False

    @property
    def out_hw(self):
        return tuple((n + 2 * self.pad - self.kernel) // self.stride + 1
                     for n in (self.h, self.w))

    @property
    def depth(self):
        return self.kernel * self.kernel * self.c // self.groups

    @property
    def macs(self):
        oh, ow = self.out_hw
        return oh * ow * self.k * self.depth

    @property
    def gemm(self):
        """(M, K, N) if the layer is one GEMM of the activations by the weights."""
        if self.kernel == 1 and self.stride == 1 and self.groups == 1:
            return self.h * self.w, self.c, self.k
        return None


LAYERS = [
    Layer("pw56", "1x1 conv 56²·64→64", 56, 56, 64, 64),
    Layer("pw28", "1x1 conv 28²·128→128", 28, 28, 128, 128),
    Layer("pw14", "1x1 conv 14²·256→256", 14, 14, 256, 256),
    Layer("pw7", "1x1 conv 7²·1024→1024", 7, 7, 1024, 1024),
    Layer("fc", "FC 1024→1000", 1, 1, 1024, 1000, fc=True),
    Layer("first", "3x3 s2 conv 3→32 on 112²", 112, 112, 3, 32,
          kernel=3, stride=2, pad=1),
    Layer("dw56", "depthwise 3x3 56²·64", 56, 56, 64, 64,
          kernel=3, pad=1, groups=64),
    # ResNeXt-50 32x4d's first grouped convolution (no target: reported).
    Layer("g56", "grouped 3x3 56²·128, 32 groups", 56, 56, 128, 128,
          kernel=3, pad=1, groups=32),
]

# Feature set: (qcc flags, harness -march, qemu -cpu).
FEATURES = {
    "baseline": ([], "armv8-a", "cortex-a72"),
    "+dotprod": (["--mattr=+dotprod"], "armv8.2-a+dotprod", "max"),
    "+dotprod,+i8mm": (["--mattr=+dotprod,+i8mm"], "armv8.6-a", "max"),
}


@dataclasses.dataclass(frozen=True)
class Engine:
    name: str      # as the tables show it
    kind: str      # qcc, xnnpack or gemmlowp
    variant: str   # qcc's feature set, XNNPACK's datatype, gemmlowp's build
    cpu: str       # qemu -cpu


ENGINES = [
    Engine("qcc baseline", "qcc", "baseline", "cortex-a72"),
    Engine("qcc +dotprod", "qcc", "+dotprod", "max"),
    Engine("qcc +dotprod,+i8mm", "qcc", "+dotprod,+i8mm", "max"),
    Engine("XNNPACK qs8", "xnnpack", "qs8", "max"),
    Engine("XNNPACK qs8", "xnnpack", "qs8", "cortex-a72"),
    Engine("XNNPACK f32", "xnnpack", "f32", "max"),
    Engine("gemmlowp u8 +dotprod", "gemmlowp", "dotprod", "max"),
    Engine("gemmlowp u8", "gemmlowp", "baseline", "cortex-a72"),
]

# Whole models: (folder, form); folders from test/models or generated.
MODELS = [("dscnn", "converted"), ("dscnn", "qat"),
          ("mobilenetv2_224", "converted"), ("mobilenetv2_224", "qat"),
          ("resnet18", "converted"), ("resnet18", "qat")]
GENERATED = ["mobilenetv2_224", "resnet18"]
COMPILE_TIME_MODEL = ("mobilenetv2_224", "qat")

# The issue's targets: (layer, qcc feature set, engine cpu, XNNPACK's
# MACs/instr as the issue measured it, the MACs/instr qcc must reach).
TARGETS = [
    ("pw56", "+dotprod", 8.5, 13), ("pw56", "+dotprod,+i8mm", 8.5, 22),
    ("pw14", "+dotprod", 10.9, 14), ("pw14", "+dotprod,+i8mm", 10.9, 24),
    ("pw7", "+dotprod", 10.9, 14), ("pw7", "+dotprod,+i8mm", 10.9, 24),
    ("fc", "+dotprod", 6.2, 10),
    ("first", "+dotprod", 3.3, 5),
    ("dw56", "+dotprod", 1.2, 2.5),
    ("pw14", "baseline", 3.9, 5),
]
F32_RATIO, COMPILE_SECONDS, ARENA_RATIO = 4, 2, 1.05

# x86-64 latency against ONNX Runtime (one intra-op thread): the models, and
# the ratio qcc/ONNX Runtime the issue asks for (None: reported only).
# Medians over LATENCY_ROUNDS interleaved rounds of LATENCY_RUNS runs each.
LATENCY_MODELS = [("dscnn", "converted", None), ("dscnn", "qat", None),
                  ("mobilenetv2_224", "converted", 0.8),
                  ("mobilenetv2_224", "qat", 0.15),
                  ("resnet18", "converted", None), ("resnet18", "qat", None)]
LATENCY_RUNS, LATENCY_ROUNDS = 20, 10

# Instruction classes the plugin counts, and the table's share columns.
SHARES = [("SDOT", ["sdot"]), ("UDOT", ["udot"]),
          ("MMLA", ["smmla", "ummla", "usmmla"]),
          ("widening", ["mlal", "adalp", "mull"])]

# ---------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------


def slug(text):
    """A file name for text ("+dotprod,+i8mm" -> "dotprod-i8mm"): qemu's
    -plugin option splits at commas."""
    return re.sub(r"[^A-Za-z0-9_]+", "-", text).strip("-")


def stale(target, *sources):
    return (not target.exists() or
            any(s.stat().st_mtime > target.stat().st_mtime for s in sources))


def link_harness(cc, out, driver):
    """Links the end-to-end harness with the model compiled (--name=layer)
    into `out` and the bench's `driver` (harness/DRIVER.c, whose header
    harness/DRIVER.h includes layer.h) with the compiler argv `cc`; returns
    the executable."""
    exe = out / "harness"
    e2e.run([*cc, *e2e.STRICT, f"-I{out}", f"-I{BENCH / 'harness'}",
             f"-I{ROOT / 'runtime' / 'include'}", f"-I{ROOT / 'examples'}",
             f'-DMODEL_HEADER="{driver}.h"', "-DNAME=bench", "-DUNAME=LAYER",
             ROOT / "test" / "e2e" / "harness.c",
             BENCH / "harness" / f"{driver}.c", out / "layer.a", "-o", exe])
    return exe


def model_folder(bench, folder):
    """A whole model's folder: test/models, or the generated models."""
    base = ROOT / "test" / "models" / folder
    return base if base.is_dir() else bench.generated / folder


class Bench:
    def __init__(self, build, work):
        self.bin = work / "qcc-bin"
        self.generated = build / "models"
        self.work = work
        self.plugin = work / "libregion.so"
        self.tools = work / "bin"

    def snapshot_qcc(self, build):
        """Copies qcc and qcc-run, so that a rebuild of build/ during the run
        cannot mix two compilers' figures."""
        shutil.rmtree(self.bin, ignore_errors=True)
        self.bin.mkdir(parents=True)
        for tool in ("qcc", "qcc-run"):
            if not (build / "bin" / tool).exists():
                sys.exit(f"{build / 'bin' / tool} is missing: run scripts/build.sh first")
            shutil.copy2(build / "bin" / tool, self.bin / tool)

    def build_tools(self):
        """The plugin, its self-check program and the peers' harnesses."""
        self.tools.mkdir(parents=True, exist_ok=True)
        harness = BENCH / "harness"
        bench_h = harness / "bench.h"
        src = BENCH / "plugin" / "region.c"
        if stale(self.plugin, src):
            e2e.run(["gcc", "-shared", "-fPIC", "-O2", "-Wall", "-Wextra",
                     "-Werror", f"-I{DEPS / 'include'}", src, "-o", self.plugin])
        check = self.tools / "check"
        if stale(check, BENCH / "plugin" / "check.S"):
            e2e.run([e2e.ARM_CC, "-march=armv8.6-a+bf16", "-static",
                     BENCH / "plugin" / "check.S", "-o", check])
        xnnpack = self.tools / "xnnpack"
        if stale(xnnpack, harness / "xnnpack.c", bench_h):
            e2e.run([e2e.ARM_CC, *e2e.STRICT, f"-I{SYSROOT / 'usr' / 'include'}",
                     harness / "xnnpack.c", f"-L{SYSROOT_LIB}",
                     f"-Wl,--disable-new-dtags,-rpath,{SYSROOT_LIB}",
                     "-lXNNPACK", "-lcpuinfo", "-lm", "-o", xnnpack])
        for variant, flags in [("baseline", ["-march=armv8-a"]),
                               ("dotprod", ["-march=armv8.2-a+dotprod",
                                            "-DGEMMLOWP_DOTPROD_KERNEL"])]:
            exe = self.tools / f"gemmlowp-{variant}"
            if stale(exe, harness / "gemmlowp.cc", bench_h):
                e2e.run([ARM_CXX, "-O2", "-static", "-pthread", "-Wall",
                         "-Wextra", "-Werror", *flags, f"-I{harness}",
                         "-isystem", SYSROOT / "usr" / "include",
                         harness / "gemmlowp.cc", "-o", exe])

    def compile_qcc(self, onnx_path, out, features):
        """Compiles a model with --name=layer and NHWC inputs and links the
        bench harness; returns the executable and the --report JSON."""
        flags, march, _ = FEATURES[features]
        out.mkdir(parents=True, exist_ok=True)
        e2e.run([self.bin / "qcc", onnx_path, "-o", out / "layer",
                 "--target=aarch64-linux-gnu", *flags, "--name=layer",
                 "--io-layout=nhwc", f"--report={out / 'layer.json'}"])
        exe = link_harness([e2e.ARM_CC, f"-march={march}", "-static"], out,
                           "qcc")
        return exe, json.loads((out / "layer.json").read_text())

    # -- running ------------------------------------------------------------

    def measure(self, argv, cpu, counts_path):
        """Runs argv under qemu with the plugin: the counts and the code that
        executed them."""
        result = e2e.run([e2e.QEMU, "-cpu", cpu, "-L", "/usr/aarch64-linux-gnu",
                          "-plugin", f"{self.plugin},out={counts_path},profile=on",
                          *map(str, argv)])
        counts, blocks = {}, []
        for line in counts_path.read_text().splitlines():
            key, *values = line.split()
            if key == "block":
                blocks.append((int(values[0], 16), int(values[1])))
            else:
                counts[key] = int(values[0])
        if counts["regions"] != 1 or counts["insns"] == 0:
            raise RuntimeError(f"{argv[0]}: {counts['regions']} regions, "
                               f"{counts['insns']} instructions")
        objects = [line.split()[1:] for line in result.stdout.splitlines()
                   if line.startswith("object ")]
        return Measurement(counts, hot_code(blocks, objects, Path(argv[0])),
                           result.stdout)


@dataclasses.dataclass
class Measurement:
    counts: dict
    hot: str            # the symbol that executed most of the instructions
    stdout: str

    def share(self, names):
        return sum(self.counts[n] for n in names) / self.counts["insns"]


_symbols = {}


def symbol_at(path, offset):
    """The function of the ELF file at `path` holding `offset`, or None."""
    if path not in _symbols:
        table = []
        for dynamic in ([], ["-D"]):  # the symbol table, else the dynamic one
            out = e2e.run([ARM_NM, "-S", "-C", "--defined-only", *dynamic,
                           path]).stdout
            for line in out.splitlines():
                fields = line.split(maxsplit=3)
                if len(fields) == 4 and fields[2] in ("t", "T", "w", "W"):
                    start, size = int(fields[0], 16), int(fields[1], 16)
                    table.append((start, start + size, fields[3]))
            if table:
                break
        table.sort()
        _symbols[path] = ([start for start, _, _ in table], table)
    starts, table = _symbols[path]
    i = bisect.bisect_right(starts, offset) - 1
    return table[i][2] if i >= 0 and offset < table[i][1] else None


def hot_code(blocks, objects, exe):
    """Names the function (or, for unexported code, the object and the
    address) holding most of the blocks' instructions, with its share."""
    per_name = {}
    for address, count in blocks:
        name = "?"
        for path, base, start, end in objects:
            if int(start, 16) <= address < int(end, 16):
                path = exe if path == "-" else Path(path)
                offset = address - int(base, 16)
                name = (symbol_at(path, offset) or
                        f"{path.name} code at 0x{offset:x} (unexported)")
                break
        per_name[name] = per_name.get(name, 0) + count
    name, count = max(per_name.items(), key=lambda item: item[1])
    if "::" in name:  # C++: without template arguments and parameters
        name = re.sub(r"<.*|\(.*", "", name)
    return f"{name} ({100 * count / sum(per_name.values()):.0f}%)"


# ---------------------------------------------------------------------------
# The plugin's self-check
# ---------------------------------------------------------------------------

# The plugin's classes by mnemonic, independent of its encodings.
MNEMONIC_CLASSES = {
    "sdot": "sdot", "udot": "udot", "usdot": "usdot", "sudot": "usdot",
    "smmla": "smmla", "ummla": "ummla", "usmmla": "usmmla",
    "smlal": "mlal", "smlal2": "mlal", "umlal": "mlal", "umlal2": "mlal",
    "sadalp": "adalp", "uadalp": "adalp",
    "smull": "mull", "smull2": "mull", "umull": "mull", "umull2": "mull"}


def check_plugin(bench):
    """Runs plugin/check.S (its samples LOOPS times between the markers) and
    compares the plugin's counts with the classes objdump's mnemonics give.
    Returns a one-line summary."""
    exe = bench.tools / "check"
    listing = e2e.run([ARM_OBJDUMP, "-d", "--no-show-raw-insn", exe]).stdout
    main = listing.split("<main>:")[1].split("\n\n")[0]
    insns = [line.split("\t")[1:3] for line in main.splitlines()
             if re.match(r"\s+[0-9a-f]+:\t", line)]
    loop = [m for m, *_ in insns[insns.index(["hint", "#0x70"]) + 1:
                                 insns.index(["hint", "#0x71"])]]
    loops = int(re.search(r"#define LOOPS (\d+)",
                          (BENCH / "plugin" / "check.S").read_text()).group(1))
    expected = {"regions": 1, "insns": loops * len(loop)}
    for name in MNEMONIC_CLASSES.values():
        expected[name] = loops * sum(MNEMONIC_CLASSES.get(m) == name for m in loop)
    runs = [bench.measure([exe], "max", bench.work / f"check-{i}.counts").counts
            for i in range(2)]
    if runs[0] != expected or runs[1] != expected:
        raise RuntimeError(f"plugin self-check: expected {expected}, got {runs}")
    counted = sum(expected[n] for n in set(MNEMONIC_CLASSES.values())) // loops
    return (f"{len(loop)} instructions ({counted} of them in counted classes, "
            f"the rest near misses) × {loops}: every count as expected, twice")


# ---------------------------------------------------------------------------
# The layer models
# ---------------------------------------------------------------------------

IN_SCALE, W_SCALE = 0.05, 0.01


def layer_model(layer):
    """The layer as PyTorch's convert() exports it: QuantizeLinear and
    DequantizeLinear on the input, DequantizeLinear on int8 weights
    (per-tensor, symmetric) and an int32 bias, Conv or Gemm, and
    QuantizeLinear + DequantizeLinear on the output; int8 activations.
    Returns the model and a float sample input (NCHW), both seeded."""
    rng = np.random.default_rng(zlib.crc32(layer.name.encode()))
    out_scale = IN_SCALE * W_SCALE * 40 * np.sqrt(layer.depth)
    if layer.fc:
        in_shape, w_shape, out_shape = [1, layer.c], [layer.k, layer.c], [1, layer.k]
    else:
        in_shape = [1, layer.c, layer.h, layer.w]
        w_shape = [layer.k, layer.c // layer.groups, layer.kernel, layer.kernel]
        out_shape = [1, layer.k, *layer.out_hw]
    weight = rng.integers(-127, 128, w_shape, dtype=np.int8)
    bias = rng.integers(-1000, 1001, [layer.k], dtype=np.int32)
    x = rng.uniform(-6, 6, in_shape).astype(np.float32)
    scalar = lambda name, value, dtype: numpy_helper.from_array(  # noqa: E731
        np.array(value, dtype=dtype), name)
    inits = [numpy_helper.from_array(weight, "weight"),
             numpy_helper.from_array(bias, "bias"),
             scalar("in_scale", IN_SCALE, np.float32),
             scalar("w_scale", W_SCALE, np.float32),
             scalar("b_scale", IN_SCALE * W_SCALE, np.float32),
             scalar("out_scale", out_scale, np.float32),
             scalar("zero", 0, np.int8), scalar("zero32", 0, np.int32)]
    if layer.fc:
        op = helper.make_node("Gemm", ["x_dq", "w_dq", "b_dq"], ["y"], transB=1)
    else:
        p = layer.pad
        op = helper.make_node("Conv", ["x_dq", "w_dq", "b_dq"], ["y"],
                              kernel_shape=[layer.kernel] * 2,
                              strides=[layer.stride] * 2, pads=[p] * 4,
                              group=layer.groups)
    nodes = [
        helper.make_node("QuantizeLinear", ["input", "in_scale", "zero"], ["x_q"]),
        helper.make_node("DequantizeLinear", ["x_q", "in_scale", "zero"], ["x_dq"]),
        helper.make_node("DequantizeLinear", ["weight", "w_scale", "zero"], ["w_dq"]),
        helper.make_node("DequantizeLinear", ["bias", "b_scale", "zero32"], ["b_dq"]),
        op,
        helper.make_node("QuantizeLinear", ["y", "out_scale", "zero"], ["y_q"]),
        helper.make_node("DequantizeLinear", ["y_q", "out_scale", "zero"], ["output"]),
    ]
    graph = helper.make_graph(
        nodes, layer.name,
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, in_shape)],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, out_shape)],
        inits)
    model = helper.make_model(graph, producer_name="qcc-bench",
                              opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(model)
    return model, x


def prepare_layer(bench, layer):
    """Writes the layer's model, its sample input (NCHW, and NHWC for the
    harness) and the reference interpreter's output (NHWC)."""
    folder = bench.work / "layers" / layer.name
    folder.mkdir(parents=True, exist_ok=True)
    model, x = layer_model(layer)
    onnx.save(model, folder / "model.onnx")
    np.save(folder / "input.npy", x)
    e2e.nhwc_copy(folder / "input.npy", folder / "input_nhwc.npy")
    e2e.run([bench.bin / "qcc-run", folder / "model.onnx", "--stage=integer",
             "--input", folder / "input.npy", "-o", folder / "reference.npy"])
    reference = np.load(folder / "reference.npy")
    if reference.ndim == 4:
        np.save(folder / "reference.npy", reference.transpose(0, 2, 3, 1))
    return folder


def run_layer(bench, layer, engine, folder, tag=""):
    """One engine on one layer: the measurement and the kernel it ran."""
    out = folder / slug(f"{engine.kind}-{engine.variant}-{engine.cpu}{tag}")
    out.mkdir(parents=True, exist_ok=True)
    if engine.kind == "qcc":
        exe, report = bench.compile_qcc(folder / "model.onnx", out, engine.variant)
        calls = report["layers"]
        if len(calls) != 1 or report["macs"] != layer.macs:
            raise RuntimeError(f"{layer.name}: expected one kernel call of "
                               f"{layer.macs} MACs, got {calls}")
        m = bench.measure([exe, folder / "input_nhwc.npy", out / "output.npy"],
                          engine.cpu, out / "counts")
        e2e.compare(np.load(out / "output.npy"),
                    np.load(folder / "reference.npy"), 0, "qcc")
        if not m.hot.startswith(calls[0]["kernel"] + " "):
            m.hot = f"{calls[0]['kernel']}; most instructions in {m.hot}"
        return m
    if engine.kind == "xnnpack":
        shape = [layer.h, layer.w, layer.c, layer.k, layer.kernel, layer.stride,
                 layer.pad, layer.groups]
        return bench.measure([bench.tools / "xnnpack", engine.variant, *shape],
                             engine.cpu, out / "counts")
    return bench.measure([bench.tools / f"gemmlowp-{engine.variant}",
                          *layer.gemm], engine.cpu, out / "counts")


def run_model(bench, folder, form, features):
    """A whole model compiled by qcc: instructions per inference."""
    base = model_folder(bench, folder)
    out = bench.work / "models" / f"{folder}-{form}" / slug(features)
    exe, report = bench.compile_qcc(base / f"{form}.onnx", out, features)
    x = e2e.nhwc_copy(base / "input_0.npy", out / "input.npy")
    m = bench.measure([exe, x, out / "output.npy"], FEATURES[features][2],
                      out / "counts")
    return m, report


def compile_time(bench):
    """Wall-clock seconds of qcc compiling COMPILE_TIME_MODEL to a static
    library, the median of three runs."""
    folder, form = COMPILE_TIME_MODEL
    model = bench.generated / folder / f"{form}.onnx"
    out = bench.work / "compile-time"
    out.mkdir(parents=True, exist_ok=True)
    seconds = []
    for _ in range(3):
        start = time.perf_counter()
        e2e.run([bench.bin / "qcc", model, "-o", out / "net"])
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds)


def host_features():
    """qcc's --mattr for this x86-64 machine: +avx2, and +avx512vnni on a
    core with AVX-512 BW, DQ, VL and VNNI."""
    flags = e2e.cpu_flags()
    features = ["+avx2"] if "avx2" in flags else []
    if {"avx512bw", "avx512dq", "avx512vl", "avx512_vnni"} <= flags:
        features.append("+avx512vnni")
    return ",".join(features)


def run_times(argv, env=None):
    """The run_ms lines of a latency program's output, and its other lines."""
    out = e2e.run(argv, env=env).stdout.splitlines()
    return ([float(line.split()[1]) for line in out if line.startswith("run_ms ")],
            [line for line in out if not line.startswith("run_ms ")])


def run_latency(bench, folder, form, features):
    """A model compiled by qcc for this machine against ONNX Runtime on its
    first sample: median milliseconds of each, and ORT's optimization level.
    qcc's output must equal the reference interpreter's."""
    base = model_folder(bench, folder)
    out = bench.work / "latency" / f"{folder}-{form}"
    out.mkdir(parents=True, exist_ok=True)
    e2e.run([bench.bin / "qcc", base / f"{form}.onnx", "-o", out / "layer",
             "--target=x86_64-linux-gnu", f"--mattr={features}",
             "--name=layer"])
    exe = link_harness(["gcc"], out, "latency")
    x = base / "input_0.npy"
    e2e.run([bench.bin / "qcc-run", base / f"{form}.onnx", "--stage=integer",
             "--input", x, "-o", out / "reference.npy"])
    env = dict(os.environ, BENCH_RUNS=str(LATENCY_RUNS))
    qcc, ort, level = [], [], None
    for _ in range(LATENCY_ROUNDS):
        qcc += run_times([exe, x, out / "output.npy"], env)[0]
        times, other = run_times(["node", BENCH / "ort-latency.js",
                                  base / f"{form}.onnx", x, str(LATENCY_RUNS)])
        ort += times
        level = other[0].split()[1]
    e2e.compare(np.load(out / "output.npy"), np.load(out / "reference.npy"), 0,
                f"{folder}/{form} on x86-64")
    return statistics.median(qcc), statistics.median(ort), level


# ---------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------


def fmt_int(n):
    return f"{n:,}"


def pct(x):
    return f"{100 * x:.0f}" if x else "–"


def layer_table(results):
    rows = ["| layer | MACs | engine | qemu -cpu | instructions | MACs/instr | "
            + " | ".join(f"{name} %" for name, _ in SHARES) + " | hot code |",
            "|---|---:|---|---|---:|---:|" + "---:|" * len(SHARES) + "---|"]
    for layer in LAYERS:
        first = True
        for engine in ENGINES:
            m = results.get((layer.name, engine))
            if m is None:
                continue
            insns = m.counts["insns"]
            cells = [layer.title if first else "", fmt_int(layer.macs) if first else "",
                     engine.name, engine.cpu, fmt_int(insns),
                     f"{layer.macs / insns:.2f}",
                     *(pct(m.share(names)) for _, names in SHARES), m.hot]
            rows.append("| " + " | ".join(cells) + " |")
            first = False
    return "\n".join(rows)


def find(results, layer, kind, variant, cpu):
    return next((m for (name, e), m in results.items()
                 if name == layer and (e.kind, e.variant, e.cpu) == (kind, variant, cpu)),
                None)


def latency_table(latency, features):
    rows = [f"| model | qcc `--mattr={features}` ms | ONNX Runtime ms "
            "(graph optimization) | qcc / ONNX Runtime |",
            "|---|---:|---:|---:|"]
    for folder, form, _ in LATENCY_MODELS:
        qcc, ort, level = latency[(folder, form)]
        rows.append(f"| {folder}/{form} | {qcc:.3f} | {ort:.3f} ({level}) | "
                    f"{qcc / ort:.3f} |")
    return "\n".join(rows)


def targets_table(results, models, seconds, latency):
    by_name = {layer.name: layer for layer in LAYERS}
    rows = ["| layer | qcc | XNNPACK qs8 MACs/instr (issue) | XNNPACK qs8 here "
            "| target | qcc here | met |",
            "|---|---|---:|---:|---:|---:|---|"]
    for name, features, issue, target in TARGETS:
        layer = by_name[name]
        cpu = FEATURES[features][2]
        qcc = find(results, name, "qcc", features, cpu)
        xnn = find(results, name, "xnnpack", "qs8", cpu)
        got = layer.macs / qcc.counts["insns"]
        here = f"{layer.macs / xnn.counts['insns']:.2f}" if xnn else "–"
        rows.append(f"| {layer.title} | {features} ({cpu}) | {issue} | {here} | "
                    f"≥ {target} | {got:.2f} | {'met' if got >= target else 'not met'} |")
    rows += ["", "| other target | measured | met |", "|---|---|---|"]
    for layer in LAYERS:
        if layer.gemm and not layer.fc:
            qcc = find(results, layer.name, "qcc", "+dotprod", "max")
            f32 = find(results, layer.name, "xnnpack", "f32", "max")
            ratio = f32.counts["insns"] / qcc.counts["insns"]
            rows.append(f"| {layer.title}: XNNPACK f32 ≥ {F32_RATIO}× qcc int8 "
                        f"(+dotprod) instructions | {ratio:.2f}× | "
                        f"{'met' if ratio >= F32_RATIO else 'not met'} |")
    if seconds is not None:
        rows.append(f"| MobileNetV2-224 (QAT export) ONNX → library ≤ {COMPILE_SECONDS} s"
                    f" | {seconds:.2f} s | {'met' if seconds <= COMPILE_SECONDS else 'not met'} |")
    worst = max((r["arena_size"] / r["live_set_lower_bound"], f"{f}/{form}")
                for (f, form, _), (_, r) in models.items()) if models else None
    if worst:
        rows.append(f"| arena ≤ {ARENA_RATIO}× the live-set lower bound (worst model) | "
                    f"{worst[0]:.3f}× ({worst[1]}) | "
                    f"{'met' if worst[0] <= ARENA_RATIO else 'not met'} |")
    for folder, form, target in LATENCY_MODELS:
        if target is not None:
            qcc, ort, _ = latency[(folder, form)]
            ratio = qcc / ort
            rows.append(f"| x86-64 latency, {folder}/{form}: qcc ≤ {target}× "
                        f"ONNX Runtime | {ratio:.3f}× | "
                        f"{'met' if ratio <= target else 'not met'} |")
    return "\n".join(rows)


def models_table(models):
    rows = ["| model | MACs | arena / live-set bound | "
            + " | ".join(f"{f} ({FEATURES[f][2]}) instructions, MACs/instr"
                         for f in FEATURES) + " |",
            "|---|---:|---:|" + "---:|" * len(FEATURES)]
    for folder, form in MODELS:
        entries = [models.get((folder, form, f)) for f in FEATURES]
        report = next(r for _, r in (e for e in entries if e))
        cells = [f"{folder}/{form}", fmt_int(report["macs"]),
                 f"{report['arena_size']:,} / {report['live_set_lower_bound']:,} = "
                 f"{report['arena_size'] / report['live_set_lower_bound']:.3f}"]
        for entry in entries:
            m = entry[0]
            cells.append(f"{fmt_int(m.counts['insns'])}, "
                         f"{report['macs'] / m.counts['insns']:.2f}")
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def cpuinfo_note(results):
    """What cpuinfo, which picks XNNPACK's microkernels, detected per -cpu."""
    parts = []
    for cpu in ("max", "cortex-a72"):
        m = next(m for (_, e), m in results.items()
                 if e.kind == "xnnpack" and e.cpu == cpu)
        dot, cores, uarch = re.search(
            r"cpuinfo dotprod (\d) cores (\d+) uarch (\S+)", m.stdout).groups()
        parts.append(f"`-cpu {cpu}`: dotprod {'yes' if dot == '1' else 'no'}, "
                     f"{cores} cores, microarchitecture {uarch}"
                     + (" (unknown)" if int(uarch, 16) == 0 else ""))
    per_sdot = [f"{16 * m.counts['sdot'] / layer.macs:.2f}" for layer in LAYERS
                if layer.gemm and not layer.fc
                for m in [find(results, layer.name, "xnnpack", "qs8", "max")]]
    return ("XNNPACK's cpuinfo detected, under " + "; under ".join(parts) +
            ". XNNPACK qs8's SDOT instructions under `-cpu max`, times 16, over "
            "the MACs of the 1x1 layers: " + ", ".join(per_sdot) + ".")


def first_line(argv):
    return e2e.run(argv).stdout.splitlines()[0].strip()


def machine_table(bench):
    rows = ["| what | version |", "|---|---|",
            f"| machine | `{' '.join(platform.uname()[i] for i in (0, 2, 4))}`, "
            f"{cpu_model()}, {os.cpu_count()} cores |",
            f"| qemu | `{first_line(['qemu-aarch64', '--version'])}` |",
            f"| plugin header | qemu-plugin.h of Debian source qemu "
            f"{(DEPS / 'include' / 'qemu-plugin.version').read_text().strip()} |",
            f"| C compiler | `{first_line([e2e.ARM_CC, '--version'])}` |",
            f"| C++ compiler | `{first_line([ARM_CXX, '--version'])}` |",
            f"| qcc | `{first_line([bench.bin / 'qcc', '--version'])}` "
            f"(`git describe`: {git_describe()}) |"]
    for deb in sorted((DEPS / "debs").glob("*.deb")):
        fields = e2e.run(["dpkg-deb", "-f", deb, "Package", "Version",
                          "Architecture"]).stdout.split("\n")
        name, version, arch = (f.split(": ", 1)[1] for f in fields[:3])
        rows.append(f"| {name} | {version} ({arch}) |")
    return "\n".join(rows)


def ort_version():
    package = ROOT / "test" / "oracles" / "node_modules" / "onnxruntime-node" / "package.json"
    return json.loads(package.read_text())["version"]


def cpu_model():
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.machine()


def git_describe():
    return subprocess.run(["git", "-C", ROOT, "describe", "--always", "--dirty"],
                          capture_output=True, text=True).stdout.strip()


def write_readme(text):
    readme = README.read_text()
    if BEGIN not in readme or END not in readme:
        raise RuntimeError(f"{README} lacks the {BEGIN} / {END} markers")
    head, rest = readme.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    README.write_text(f"{head}{BEGIN}\n{text}\n{END}{tail}")


# ---------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------


def parallel(jobs, tasks):
    """Runs the (key, function) tasks on `jobs` threads, stopping at the
    first failure; key -> result."""
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        futures = {pool.submit(fn): key for key, fn in tasks}
        results = {}
        for future in concurrent.futures.as_completed(futures):
            if future.exception():
                pool.shutdown(cancel_futures=True)
                raise future.exception()
            results[futures[future]] = future.result()
        return results


def smoke(bench, jobs):
    layer = next(layer for layer in LAYERS if layer.fc)
    engines = [e for e in ENGINES if (e.kind, e.variant) in
               [("qcc", "+dotprod"), ("xnnpack", "qs8")] and e.cpu == "max"]
    folder = prepare_layer(bench, layer)
    runs = parallel(jobs, [((e, i), lambda e=e, i=i: run_layer(
        bench, layer, e, folder, f"-{i}")) for e in engines for i in range(2)])
    for e in engines:
        first, second = runs[(e, 0)].counts, runs[(e, 1)].counts
        if first != second:
            raise RuntimeError(f"{e.name}: counts differ between runs: "
                               f"{first} vs {second}")
        m = runs[(e, 0)]
        print(f"{e.name} on {layer.title}: {m.counts['insns']:,} instructions, "
              f"{layer.macs / m.counts['insns']:.2f} MACs/instr, SDOT "
              f"{pct(m.share(['sdot']))}%, {m.hot}")
    # SDOT must do the multiply-accumulates: 16 each, the whole layer's
    # (padding aside), so none run in a slower path.
    qcc = runs[(engines[0], 0)]
    ratio = 16 * qcc.counts["sdot"] / layer.macs
    if not 1 <= ratio <= 1.25:
        raise RuntimeError(f"qcc +dotprod: SDOT instructions do {ratio:.2f}x the "
                           "layer's multiply-accumulates, expected 1 to 1.25")
    print("bench smoke: passed")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", type=Path,
                        default=ROOT / os.environ.get("QCC_BUILD_DIR", "build"))
    parser.add_argument("--work", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    started = time.time()
    bench = Bench(args.build, args.work or args.build / "bench")
    bench.snapshot_qcc(args.build)
    subprocess.run([BENCH / "setup.sh"], check=True)
    for folder in ("layers", "models"):
        shutil.rmtree(bench.work / folder, ignore_errors=True)
    bench.build_tools()
    self_check = check_plugin(bench)
    print(f"plugin self-check: {self_check}", flush=True)
    if args.smoke:
        return smoke(bench, args.jobs)

    missing = [m for m in GENERATED if not (bench.generated / m / "qat.onnx").exists()]
    if missing:
        print(f"generating {', '.join(missing)} into {bench.generated}", flush=True)
        e2e.run(["/usr/bin/python3", ROOT / "scripts" / "make_models.py",
                 "--out", bench.generated, "--models", ",".join(missing)])
    folders = {layer.name: prepare_layer(bench, layer) for layer in LAYERS}
    tasks = [((layer.name, e), lambda layer=layer, e=e: run_layer(
        bench, layer, e, folders[layer.name]))
        for layer in LAYERS for e in ENGINES
        if e.kind != "gemmlowp" or layer.gemm]
    tasks += [((f, form, feat), lambda f=f, form=form, feat=feat: run_model(
        bench, f, form, feat)) for f, form in MODELS for feat in FEATURES]
    print(f"measuring: {len(tasks)} runs on {args.jobs} jobs", file=sys.stderr,
          flush=True)
    done = parallel(args.jobs, tasks)
    results = {k: v for k, v in done.items() if len(k) == 2}
    models = {k: v for k, v in done.items() if len(k) == 3}
    seconds = compile_time(bench)
    features = host_features()
    print(f"x86-64 latency: qcc --mattr={features} against ONNX Runtime",
          file=sys.stderr, flush=True)
    latency = {(f, form): run_latency(bench, f, form, features)
               for f, form, _ in LATENCY_MODELS}
    minutes = (time.time() - started) / 60

    text = "\n\n".join([
        "### Targets", targets_table(results, models, seconds, latency),
        "### Layers", layer_table(results),
        cpuinfo_note(results),
        "### Whole models (qcc)", models_table(models),
        f"Compiling MobileNetV2-224 (QAT export) from ONNX to a library: "
        f"{seconds:.2f} s (median of 3).",
        "### x86-64 latency against ONNX Runtime",
        latency_table(latency, features),
        f"Wall-clock milliseconds per inference on this machine, one thread, "
        f"batch 1, the model's first sample: the median of "
        f"{LATENCY_ROUNDS} interleaved rounds of {LATENCY_RUNS} runs of each "
        f"(after 5 warm-up runs). qcc's library comes from `qcc "
        f"--target=x86_64-linux-gnu --mattr={features}` and its outputs equal "
        f"the reference interpreter's; ONNX Runtime (onnxruntime-node "
        f"{ort_version()}, CPU, one intra-op thread) runs the same ONNX file "
        f"at its highest graph optimization level that loads it.",
        f"Plugin self-check: {self_check}.",
        "### Machine and versions", machine_table(bench),
        f"This run took {minutes:.1f} minutes with {args.jobs} jobs."])
    print(text)
    write_readme(text)


if __name__ == "__main__":
    sys.exit(main())
