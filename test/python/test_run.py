"""qcc.run against qcc-run: the same outputs, bit for bit."""

import numpy
import pytest

import qcc
from conftest import DIGITS

QAT = DIGITS / "qat.onnx"


def same(a, b):
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


@pytest.mark.parametrize("model", ["qat.onnx", "float.onnx", "converted.onnx"])
@pytest.mark.parametrize("stage", ["float", "integer"])
def test_outputs_equal_qcc_run(tmp_path, qcc_run_cli, model, stage):
    if stage == "integer" and model == "float.onnx":
        pytest.skip("a float model needs calibration for the integer stage")
    path = DIGITS / model
    for i in range(3):
        x = numpy.load(DIGITS / ("input_%d.npy" % i))
        (y,) = qcc.run(path, [x], stage=stage)
        qcc_run_cli(path, "--input", DIGITS / ("input_%d.npy" % i),
                    "--stage=" + stage, "-o", tmp_path / "y.npy")
        assert same(y, numpy.load(tmp_path / "y.npy"))


def test_float_stage_matches_pytorch():
    x = numpy.load(DIGITS / "input_0.npy")
    (y,) = qcc.run(QAT, x)  # one array is a list of one
    numpy.testing.assert_allclose(
        y, numpy.load(DIGITS / "qat_output_0.npy"), atol=1e-4)


def test_calibrated_batch_equals_qcc_run(tmp_path, qcc_run_cli):
    images = numpy.load(DIGITS / "calibration_images.npy")
    tests = DIGITS / "test_images.npy"
    (y,) = qcc.run(DIGITS / "float.onnx", [numpy.load(tests)],
                   stage="integer", calibrate=images, batch=True)
    qcc_run_cli(DIGITS / "float.onnx", "--input", tests, "--batch",
                "--stage=integer",
                "--calibrate=" + str(DIGITS / "calibration_images.npy"),
                "-o", tmp_path / "y.npy")
    assert same(y, numpy.load(tmp_path / "y.npy"))
    assert y.shape[0] == len(numpy.load(tests))


def test_bytes_input():
    x = numpy.load(DIGITS / "input_1.npy")
    (a,) = qcc.run(QAT.read_bytes(), [x], stage="integer")
    (b,) = qcc.run(QAT, [x], stage="integer")
    assert same(a, b)


def test_threads_run_side_by_side():
    # The module releases the GIL while it works; each call has its own
    # context, so concurrent calls agree with a lone one.
    from concurrent.futures import ThreadPoolExecutor
    x = numpy.load(DIGITS / "input_2.npy")
    (alone,) = qcc.run(QAT, [x], stage="integer")
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(
            lambda _: qcc.run(QAT, [x], stage="integer")[0], range(4)))
    assert all(same(y, alone) for y in results)


def test_stored_outputs_equal_qcc_run(tmp_path, qcc_run_cli):
    x = DIGITS / "input_0.npy"
    (y,) = qcc.run(QAT, [numpy.load(x)], stage="integer", output_type="stored")
    qcc_run_cli(QAT, "--input", x, "--stage=integer", "--output-type=stored",
                "-o", tmp_path / "y.npy")
    assert y.dtype == numpy.uint8
    assert same(y, numpy.load(tmp_path / "y.npy"))
