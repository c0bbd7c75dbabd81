#!/usr/bin/env python3
"""End-to-end: compile every model for every target, run it, compare.

For each model of the set and each configuration (portable C, x86-64, and
AArch64 baseline / +dotprod / +i8mm), qcc compiles the model twice, as C
(--emit=c) and, for every target but generic, as a static library
(--emit=lib); the harness (harness.c) is built against each with the
configuration's compiler, run (under qemu-aarch64 for AArch64) on the
model's sample inputs, and its output must equal `qcc-run --stage=integer`
on the same input, every element, bit for bit.

Usage: e2e.py BIN_DIR MODEL_DIR GENERATED_DIR WORK_DIR [--configs a,b] [--models m/f,...]
"""

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
STRICT = ["-std=c99", "-O2", "-Wall", "-Wextra", "-Werror"]
ARM_CC = "aarch64-linux-gnu-gcc"
QEMU = "qemu-aarch64"

# name: (qcc flags, compilers [(argv prefix, extra flags)], runner argv prefix)
CONFIGS = {
    "generic": (["--target=generic"],
                [(["gcc"], []), (["clang-22"], [])], []),
    "x86-64": (["--target=x86_64-linux-gnu"], [(["gcc"], [])], []),
    # Camera-style NHWC inputs: the harness is fed transposed samples.
    "x86-64-nhwc": (["--target=x86_64-linux-gnu", "--io-layout=nhwc"],
                    [(["gcc"], [])], []),
    # The x86-64 vector kernels, run on the host (skipped on a CPU without
    # the features: HOST_FLAGS).
    "x86-64+avx2": (["--target=x86_64-linux-gnu", "--mattr=+avx2"],
                    [(["gcc"], ["-march=x86-64-v3"])], []),
    "x86-64+avx512vnni": (["--target=x86_64-linux-gnu",
                           "--mattr=+avx2,+avx512vnni"],
                          [(["gcc"], ["-march=x86-64-v4", "-mavx512vnni"])], []),
    "aarch64": (["--target=aarch64-linux-gnu"],
                [([ARM_CC], ["-march=armv8-a", "-static"])],
                [QEMU, "-cpu", "cortex-a72"]),
    "aarch64+dotprod": (["--target=aarch64-linux-gnu", "--mattr=+dotprod"],
                        [([ARM_CC], ["-march=armv8.2-a+dotprod", "-static"])],
                        [QEMU, "-cpu", "max"]),
    "aarch64+i8mm": (["--target=aarch64-linux-gnu", "--mattr=+i8mm"],
                     [([ARM_CC], ["-march=armv8.6-a+i8mm", "-static"])],
                     [QEMU, "-cpu", "max"]),
}

# The /proc/cpuinfo flags a config's programs need on the host.
HOST_FLAGS = {"x86-64+avx2": {"avx2"},
              "x86-64+avx512vnni": {"avx2", "avx512f", "avx512bw", "avx512dq",
                                    "avx512vl", "avx512_vnni"}}


def cpu_flags():
    """The feature flags of this machine's CPU (/proc/cpuinfo)."""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("flags"):
            return set(line.split(":", 1)[1].split())
    return set()


def host_lacks(config):
    """The flags of HOST_FLAGS[config] this machine's CPU lacks."""
    return HOST_FLAGS.get(config, set()) - cpu_flags()


# The memory plan must come within this factor of the live-set lower bound.
ARENA_BOUND = 1.1

MODELS = ["digits/qat", "digits/converted", "dscnn/qat", "dscnn/converted",
          "grouped/qat", "grouped/converted",
          "convbias/qat", "convbias/converted", "convbias/float",
          "convbias/qat_nofold", "convbias/qat_opset17",
          "convbias/float_training",
          "deconv/qat", "deconv/float", "prelu/qat", "prelu/float",
          "upsample/qat", "upsample/converted", "upsample/float",
          "mobilenetv2_96/qat", "mobilenetv2_96/converted",
          "resnet18_64/qat", "resnet18_64/converted",
          "transformer/qat", "transformer/converted", "transformer/qat_opset21",
          "mobilenetv3_small_96/qat", "mobilenetv3_small_96/converted",
          "mobilenetv3_small_96/qat_opset14", "mobilenetv3_large_96/qat",
          "mobilenetv3_small_96/float", "mobilenetv3_large_96/float",
          "shufflenet_96/qat", "shufflenet_96/float", "vit/qat", "vit/float",
          "ssdlite_160/float", "ssdlite_160/qat", "efficientnet_b0_96/float",
          "efficientnet_b0_96/qat", "efficientnet_b0_96/converted",
          "lstm_kws/float", "lstm_kws/qat", "gru_kws/float"]

# Models whose QAT covers only some layers (the transformer quantizes its
# linear layers): the rest is calibrated on the sample inputs first, and the
# integer-level IR that results is what gets compiled and run. Float forms
# (float*.onnx) are calibrated the same way.
PARTIALLY_QUANTIZED = {"transformer", "vit"}

# Models that add no kernel the rest of the matrix does not already run on
# every configuration -- export variants that differ from their form only in
# how the exporter spelled the graph, a larger model of the same layers --
# run on fewer configurations: portable C and one vector target.
FEW_CONFIGS = ["generic", "aarch64+dotprod"]
VARIANTS = {"convbias/qat_nofold", "convbias/qat_opset17", "convbias/float",
            "convbias/float_training", "mobilenetv3_small_96/qat_opset14",
            "mobilenetv3_small_96/converted", "mobilenetv3_large_96/qat",
            "vit/float", "ssdlite_160/float", "efficientnet_b0_96/float",
            "gru_kws/float", "deconv/float", "prelu/float", "upsample/float",
            "upsample/converted", "transformer/qat_opset21",
            "mobilenetv3_small_96/float", "mobilenetv3_large_96/float",
            "shufflenet_96/float", "ssdlite_160/qat", "efficientnet_b0_96/qat",
            "efficientnet_b0_96/converted", "lstm_kws/qat"}


def compare(got, want, index, emit):
    if got.shape != want.shape or not np.array_equal(got, want):
        diff = int(np.sum(got != want)) if got.shape == want.shape else -1
        raise RuntimeError(f"{emit}, input {index}: {diff} of {want.size} "
                           f"elements differ (shape {got.shape} vs {want.shape})")


def calibrate(bin_dir, onnx, folder, work):
    """The integer level of `onnx` calibrated on all of its sample inputs."""
    work.mkdir(parents=True, exist_ok=True)
    samples = np.concatenate([np.load(p) for p in sorted(folder.glob("input_*.npy"))])
    np.save(work / "calibration.npy", samples)
    run([bin_dir / "qcc", onnx, "--emit=mlir",
         f"--calibrate={work / 'calibration.npy'}", "-o", work / "model.mlir"])
    return work / "model.mlir"


def check_arena(report_path):
    report = json.loads(report_path.read_text())
    arena, bound = report["arena_size"], report["live_set_lower_bound"]
    if arena > ARENA_BOUND * bound:
        raise RuntimeError(f"arena {arena} bytes exceeds {ARENA_BOUND} x the "
                           f"live-set lower bound {bound}")
    return arena, bound


def nhwc_copy(path, dest):
    """The sample at `path`, transposed to NHWC if it is 4-D."""
    x = np.load(path)
    np.save(dest, np.ascontiguousarray(x.transpose(0, 2, 3, 1)) if x.ndim == 4 else x)
    return dest


def runtime_objects(cc, flags, runtime, cache):
    """The shipped runtime sources compiled once per compiler, flags and
    content (they do not depend on the model, and compiling them again for
    every model took most of the matrix's time)."""
    headers = hashlib.sha1(b"".join(
        p.read_bytes() for p in sorted(runtime.rglob("*.h")))).hexdigest()
    objects = []
    for source in sorted(runtime.glob("*.c")):
        key = hashlib.sha1(" ".join(map(str, [*cc, *flags, headers])).encode()
                           + source.read_bytes()).hexdigest()
        obj = cache / f"{source.stem}-{key[:16]}.o"
        if not obj.exists():
            cache.mkdir(parents=True, exist_ok=True)
            run([*cc, *flags, f"-I{runtime}", "-c", source, "-o", obj])
        objects.append(obj)
    return objects


def run(argv, check_dir=None, env=None):
    if check_dir is not None:
        check_dir.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(argv, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, argv))}\n{result.stderr.strip()}")
    return result


def model_path(name, model_dir, generated_dir):
    model, form = name.split("/")
    base = model_dir if (model_dir / model).is_dir() else generated_dir
    return base / model / f"{form}.onnx", base / model


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("bin_dir", type=Path)
    parser.add_argument("model_dir", type=Path)
    parser.add_argument("generated_dir", type=Path)
    parser.add_argument("work_dir", type=Path)
    parser.add_argument("--configs", default=",".join(CONFIGS))
    parser.add_argument("--models", default=",".join(MODELS))
    args = parser.parse_args()
    runtime = None
    failures, passed = [], 0
    shutil.rmtree(args.work_dir, ignore_errors=True)
    # The memory plan of the largest model, which is too slow to run here.
    for name in ["mobilenetv2_224/qat", "mobilenetv2_224/converted"]:
        onnx, _ = model_path(name, args.model_dir, args.generated_dir)
        out = args.work_dir / name.replace("/", "-")
        try:
            run([args.bin_dir / "qcc", onnx, "-o", out / "net",
                 f"--report={out / 'net.json'}"], check_dir=out)
            arena, bound = check_arena(out / "net.json")
            passed += 1
            print(f"PASS {name} plan: arena {arena} bytes, live-set bound "
                  f"{bound} ({arena / bound:.3f}x)", flush=True)
        except RuntimeError as error:
            failures.append(f"{name} plan")
            print(f"FAIL {name} plan: {error}", flush=True)
    for name in args.models.split(","):
        onnx, folder = model_path(name, args.model_dir, args.generated_dir)
        inputs = sorted(folder.glob("input_*.npy"))[:2]
        tag = name.replace("/", "-")
        # Per input, the list of the model's outputs. A model that cannot
        # be calibrated or run fails alone; the others still run.
        references = []
        try:
            if folder.name in PARTIALLY_QUANTIZED or onnx.stem.startswith("float"):
                onnx = calibrate(args.bin_dir, onnx, folder, args.work_dir / tag)
            for i, x in enumerate(inputs):
                ref = args.work_dir / tag / f"reference_{i}"
                ref.mkdir(parents=True, exist_ok=True)
                run([args.bin_dir / "qcc-run", onnx, "--stage=integer",
                     "--input", x, "-o", ref])
                references.append([np.load(p) for p in
                                   sorted(ref.glob("output_*.npy"),
                                          key=lambda p: int(p.stem.split("_")[1]))])
        except RuntimeError as error:
            failures.append(f"{name} reference")
            print(f"FAIL {name} reference: {error}", flush=True)
            continue
        for config in args.configs.split(","):
            if name in VARIANTS and config not in FEW_CONFIGS:
                continue
            flags, compilers, runner = CONFIGS[config]
            if host_lacks(config):
                print(f"SKIP {name} {config}: this CPU lacks "
                      f"{' '.join(sorted(host_lacks(config)))}", flush=True)
                continue
            out = args.work_dir / tag / config
            out.mkdir(parents=True, exist_ok=True)
            builds = [("c", compilers)]
            if "--target=generic" not in flags:
                builds.append(("lib", compilers[:1]))
            try:
                for emit, ccs in builds:
                    run([args.bin_dir / "qcc", onnx, f"--emit={emit}", "-o",
                         out / emit / "net", f"--report={out / emit / 'net.json'}",
                         *flags], check_dir=out / emit)
                    check_arena(out / emit / "net.json")
                    # C: the shipped runtime; lib: only qcc/boundary.h.
                    runtime = (out / "c" / "qcc_runtime" if emit == "c"
                               else HERE.parent.parent / "runtime" / "include")
                    for cc, extra in ccs:
                        code = ([out / "c" / "net.c",
                                 *runtime_objects(cc, [*STRICT, *extra], runtime,
                                                  args.work_dir / "runtime-objects")]
                                if emit == "c" else [out / "lib" / "net.a"])
                        exe = out / emit / f"harness-{Path(cc[0]).name}"
                        run([*cc, *STRICT, *extra, f"-I{out / emit}",
                             f"-I{runtime}", f"-I{HERE.parent.parent / 'examples'}",
                             '-DMODEL_HEADER="net.h"', "-DNAME=net", "-DUNAME=NET",
                             HERE / "harness.c", *code, "-o", exe])
                        for i, x in enumerate(inputs):
                            if "--io-layout=nhwc" in flags:
                                x = nhwc_copy(x, out / f"input_{i}_nhwc.npy")
                            got = [out / emit / f"output_{i}_{k}.npy"
                                   for k in range(len(references[i]))]
                            run([*runner, exe, x, *got])
                            for k, (path, want) in enumerate(zip(got, references[i])):
                                if "--io-layout=nhwc" in flags and want.ndim == 4:
                                    # A decoder's 4-D output comes out NHWC too.
                                    want = want.transpose(0, 2, 3, 1)
                                compare(np.load(path), want, i, f"{emit} output {k}")
                passed += 1
                print(f"PASS {name} {config}", flush=True)
            except RuntimeError as error:
                failures.append(f"{name} {config}")
                print(f"FAIL {name} {config}: {error}", flush=True)
    print(f"end to end: {passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
