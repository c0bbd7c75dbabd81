"""Every problem is a qcc.Error carrying the command's one-line message;
nothing is printed and no file is left behind."""

import numpy
import pytest

import qcc
from conftest import DIGITS, UNSUPPORTED_OP

QAT = DIGITS / "qat.onnx"


def message(call):
    with pytest.raises(qcc.Error) as error:
        call()
    assert "\n" not in str(error.value)
    return str(error.value)


@pytest.mark.parametrize("options, flags", [
    ({"rounding": "triple"}, ["--rounding=triple"]),
    ({"activations": "int16"}, ["--activations=int16"]),
    ({"emit": "exe"}, ["--emit=exe"]),
    ({"target": "riscv64"}, ["--target=riscv64"]),
    ({"mattr": "+sve9"}, ["--mattr=+sve9"]),
    ({"io_layout": "nchw"}, ["--io-layout=nchw"]),
    ({"name": "9lives"}, ["--name=9lives"]),
    ({"emit": "float", "calibrate": "x.npy"}, ["--emit=float", "--calibrate=x.npy"]),
])
def test_bad_options(tmp_path, qcc_cli, capfd, options, flags):
    got = message(lambda: qcc.compile(QAT, output=tmp_path / "net", **options))
    assert got == qcc_cli.error(QAT, "-o", tmp_path / "net", *flags)
    assert list(tmp_path.iterdir()) == []
    assert capfd.readouterr().err == ""


def test_missing_file(tmp_path, qcc_cli, qcc_run_cli, capfd):
    missing = tmp_path / "missing.onnx"
    got = message(lambda: qcc.compile(missing, emit="mlir"))
    assert got == qcc_cli.error(missing, "--emit=mlir")
    assert "missing.onnx" in got
    x = numpy.zeros((1, 1, 8, 8), numpy.float32)
    assert message(lambda: qcc.run(missing, [x])) == qcc_run_cli.error(
        missing, "--input", DIGITS / "input_0.npy", "-o", tmp_path / "y.npy")
    assert capfd.readouterr().err == ""


def test_unsupported_op(tmp_path, qcc_cli, capfd):
    got = message(lambda: qcc.compile(UNSUPPORTED_OP, emit="c",
                                      output=tmp_path / "net"))
    assert got == qcc_cli.error(UNSUPPORTED_OP, "--emit=c", "-o", tmp_path / "net")
    assert "node 'y' (Hardmax, opset 13): unsupported op" in got
    assert list(tmp_path.iterdir()) == []
    # The same model as bytes names the bytes instead of a file.
    parser = pytest.importorskip("onnx.parser")
    model = parser.parse_model(UNSUPPORTED_OP.read_text())
    got = message(lambda: qcc.compile(model.SerializeToString()))
    assert got == "<bytes>: error: node 'y' (Hardmax, opset 13): unsupported op"
    assert capfd.readouterr().err == ""


def test_not_an_onnx_model():
    assert message(lambda: qcc.compile(b"not a model")) == (
        "<bytes>: error: not a valid ONNX model (protobuf parsing failed)")


def test_failed_write_leaves_nothing(tmp_path, qcc_cli):
    out = tmp_path / "no-such-dir" / "net"
    got = message(lambda: qcc.compile(QAT, output=out))
    assert got == qcc_cli.error(QAT, "-o", out)
    assert list(tmp_path.iterdir()) == []


def test_run_errors(qcc_run_cli, tmp_path):
    x = numpy.load(DIGITS / "input_0.npy")
    assert message(lambda: qcc.run(QAT, [x], stage="float", calibrate=x)) == (
        "--calibrate applies to --stage=integer only")
    assert message(lambda: qcc.run(QAT, [x], stage="fixed")) == (
        "unknown stage 'fixed' (expected float or integer)")
    assert message(lambda: qcc.run(QAT, [x.astype(numpy.float64)])) == (
        "input 0 holds float64; supported: float32, int8, uint8, int32, int64")
    # A float model without calibration cannot be lowered: qcc-run's words.
    float_model = DIGITS / "float.onnx"
    assert message(lambda: qcc.run(float_model, [x], stage="integer")) == (
        qcc_run_cli.error(float_model, "--input", DIGITS / "input_0.npy",
                          "--stage=integer", "-o", tmp_path / "y.npy"))
    # A wrong input shape is the interpreter's diagnostic.
    bad = message(lambda: qcc.run(QAT, [numpy.zeros((2, 2), numpy.float32)]))
    assert "error" in bad


def test_useless_options_warn(qcc_cli):
    expected = qcc_cli(QAT, "--emit=mlir", "--calibration-method=mse").stderr
    with pytest.warns(UserWarning) as warnings:
        qcc.compile(QAT, emit="mlir", calibration_method="mse")
    assert [str(w.message) for w in warnings] == [
        expected.strip().split("qcc: warning: ", 1)[1]]
