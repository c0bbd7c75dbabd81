"""qcc.compile against the qcc command: the same files, byte for byte."""

import pathlib

import numpy
import pytest

import qcc
from conftest import DIGITS, files_under

QAT = DIGITS / "qat.onnx"


@pytest.mark.parametrize("emit, options, flags", [
    ("c", {}, []),
    ("lib", {}, []),
    ("lib", {"mattr": "+dotprod,+i8mm"}, ["--mattr=+dotprod,+i8mm"]),
    ("obj", {"target": "x86_64-linux-gnu", "io_layout": "nhwc"},
     ["--target=x86_64-linux-gnu", "--io-layout=nhwc"]),
    ("llvm", {"rounding": "single"}, ["--rounding=single"]),
])
def test_files_equal_the_commands(tmp_path, qcc_cli, emit, options, flags):
    files = qcc.compile(str(QAT), emit=emit, name="digits", **options)
    out = tmp_path / "cli"
    out.mkdir()
    qcc_cli(QAT, "--emit=" + emit, "-o", out / "digits", *flags)
    assert files == files_under(out)


def test_c_files_and_header(tmp_path):
    files = qcc.compile(QAT, emit="c", name="net")
    assert {"net.c", "net.h"} <= set(files)
    runtime = [name for name in files if name.startswith("qcc_runtime/")]
    assert any(name.endswith(".c") for name in runtime)
    header = files["net.h"].decode()
    assert "int net_run(" in header
    assert "#define NET_ARENA_SIZE" in header
    assert '#include "net.h"' in files["net.c"].decode()


def test_lib_is_an_archive_named_after_the_model():
    files = qcc.compile(QAT)  # emit="lib"; NAME is the model's file name
    assert sorted(files) == ["qat.a", "qat.h"]
    assert files["qat.a"].startswith(b"!<arch>\n")
    assert "int qat_run(" in files["qat.h"].decode()


def test_output_writes_what_the_command_writes(tmp_path, qcc_cli):
    (tmp_path / "py").mkdir()
    (tmp_path / "cli").mkdir()
    written = qcc.compile(QAT, emit="c", output=tmp_path / "py" / "net.c",
                          report=tmp_path / "py" / "net.json")
    assert str(tmp_path / "py" / "net.h") in written
    qcc_cli(QAT, "--emit=c", "-o", tmp_path / "cli" / "net.c",
            "--report=" + str(tmp_path / "cli" / "net.json"))
    assert files_under(tmp_path / "py") == files_under(tmp_path / "cli")


def test_text_kinds_and_bytes_input(qcc_cli):
    for emit in ("import", "float", "mlir"):
        files = qcc.compile(QAT, emit=emit)
        assert list(files) == ["qat.mlir"]
        assert files["qat.mlir"].decode() == qcc_cli(
            QAT, "--emit=" + emit).stdout
    from_bytes = qcc.compile(QAT.read_bytes(), emit="mlir")
    assert from_bytes == {"model.mlir": qcc.compile(QAT, emit="mlir")["qat.mlir"]}


def test_calibration_from_an_array_equals_the_commands(tmp_path, qcc_cli):
    images = numpy.load(DIGITS / "calibration_images.npy")
    float_model = DIGITS / "float.onnx"
    for options, flags in [({}, []),
                           ({"calibration_method": "mse",
                             "activations": "int8"},
                            ["--calibration-method=mse", "--activations=int8"])]:
        files = qcc.compile(float_model, emit="lib", name="ptq",
                            calibrate=images, **options)
        out = tmp_path / ("cli" + str(len(flags)))
        out.mkdir()
        qcc_cli(float_model, "-o", out / "ptq",
                "--calibrate=" + str(DIGITS / "calibration_images.npy"), *flags)
        assert files == files_under(out)
    # A float64 batch and a one-element list mean the same samples.
    as_list = qcc.compile(float_model, emit="mlir",
                          calibrate=[images.astype(numpy.float64)])
    assert as_list == qcc.compile(float_model, emit="mlir", calibrate=images)
