"""qcc from Python: compile ONNX models into integer-only code.

    import qcc
    files = qcc.compile("model.onnx", emit="c", name="net")   # {name: bytes}
    outputs = qcc.run("model.onnx", [x], stage="integer")     # [numpy arrays]

Both call the library functions behind the `qcc` and `qcc-run` commands, so
they check the same options, print nothing, and produce the same bytes.
Every problem raises qcc.Error with the line the command would print
(without its "qcc: error: " prefix). See docs/user-guide.md.
"""

import os
import tempfile

import numpy

from . import _qcc
from ._qcc import Error, __version__

__all__ = ["Error", "compile", "run", "__version__"]


def _calibration(calibrate, directory):
    """The --calibrate value for `calibrate`: a path as given, or the
    arrays (one batch per model input) saved as .npy files in `directory`."""
    if calibrate is None or isinstance(calibrate, (str, os.PathLike)):
        return None if calibrate is None else os.fspath(calibrate)
    batches = calibrate if isinstance(calibrate, (list, tuple)) else [calibrate]
    paths = []
    for i, batch in enumerate(batches):
        path = os.path.join(directory, "input_%d.npy" % i)
        numpy.save(path, numpy.ascontiguousarray(batch, dtype=numpy.float32))
        paths.append(path)
    return ",".join(paths)


def _bindings(constant_inputs):
    return ["%s=%s" % (name, os.fspath(path))
            for name, path in (constant_inputs or {}).items()]


def compile(model, target="aarch64-linux-gnu", mattr="", mcpu="", emit="lib",
            name=None, calibrate=None, calibration_method="minmax",
            activations="uint8", rounding="double", io_layout="model",
            output=None, report=None, constant_inputs=None):
    """Compiles `model` (a path, or the bytes of a binary ONNX model) as
    `qcc MODEL --emit=EMIT ...` does.

    Without `output`, returns the generated files as {file name: bytes}:
    NAME.a and NAME.h (emit="lib"), NAME.o and NAME.h ("obj"), NAME.ll
    ("llvm"), NAME.c, NAME.h and qcc_runtime/... ("c"), NAME.mlir ("mlir",
    "float", "import"); NAME is `name`, else the model's file name without
    extension ("model" for bytes). With `output` (the command's -o OUT),
    writes the files all or nothing and returns their paths.

    `calibrate` (post-training quantization of a float model) is a NumPy
    array holding a batch of samples along dimension 0, a list of such
    arrays for a model of several inputs, or a path as --calibrate takes.
    `report` names the JSON per-layer report to add (--report).
    `constant_inputs` maps graph input names to TensorProto .pb files.
    """
    with tempfile.TemporaryDirectory(prefix="qcc-calibration-") as directory:
        return _qcc.compile(
            model, target=target, mattr=mattr, mcpu=mcpu, emit=emit,
            name=name, calibrate=_calibration(calibrate, directory),
            calibration_method=calibration_method, activations=activations,
            rounding=rounding, io_layout=io_layout,
            output=None if output is None else os.fspath(output),
            report=None if report is None else os.fspath(report),
            constant_inputs=_bindings(constant_inputs))


def run(model, inputs, stage="float", calibrate=None,
        calibration_method="minmax", activations="uint8", rounding="double",
        batch=False, constant_inputs=None, output_type="real"):
    """Runs `model` with the reference interpreter, as qcc-run does, on
    `inputs` (NumPy arrays, one per model input: float32, int8, uint8, int32
    or int64) and returns its outputs as a list of NumPy arrays.

    stage="float" runs the model as imported; "integer" after qcc's
    quantization pipeline (with `calibrate` for a float model, exactly as
    qcc.compile quantizes it). With batch=True dimension 0 of every input
    is a batch of samples, run one at a time and stacked. At the integer
    stage, output_type="stored" returns the stored integers (uint8 or
    int8), the bytes compiled code writes, instead of the real values.
    """
    if isinstance(inputs, numpy.ndarray):
        inputs = [inputs]
    with tempfile.TemporaryDirectory(prefix="qcc-calibration-") as directory:
        return _qcc.run(
            model, [numpy.asarray(x) for x in inputs], stage=stage,
            calibrate=_calibration(calibrate, directory),
            calibration_method=calibration_method, activations=activations,
            rounding=rounding, batch=batch,
            constant_inputs=_bindings(constant_inputs), output_type=output_type)
