"""Fixtures of the qcc Python module's tests: the commands the module must
agree with, and the digits model. ctest sets PYTHONPATH to build/python and
QCC_TOOLS_DIR to build/bin."""

import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
DIGITS = ROOT / "test" / "models" / "digits"
UNSUPPORTED_OP = ROOT / "test" / "Import" / "ONNX" / "Inputs" / "unsupported-op.onnxtext"


class Command:
    """One of qcc's commands, run as the user would."""

    def __init__(self, name):
        tools = os.environ.get("QCC_TOOLS_DIR", str(ROOT / "build" / "bin"))
        self.path = os.path.join(tools, name)
        self.prefix = name + ": error: "

    def __call__(self, *args):
        return subprocess.run([self.path, *map(str, args)],
                              capture_output=True, text=True, check=True)

    def error(self, *args):
        """The message the command fails with, as qcc.Error says it: its
        first line without the "tool: error: " prefix."""
        done = subprocess.run([self.path, *map(str, args)],
                              capture_output=True, text=True)
        assert done.returncode != 0, done
        line = done.stderr.splitlines()[0]
        return line[len(self.prefix):] if line.startswith(self.prefix) else line


@pytest.fixture(scope="session")
def qcc_cli():
    return Command("qcc")


@pytest.fixture(scope="session")
def qcc_run_cli():
    return Command("qcc-run")


def files_under(directory):
    """{path relative to `directory`: bytes} of every file below it."""
    directory = pathlib.Path(directory)
    return {str(p.relative_to(directory)): p.read_bytes()
            for p in sorted(directory.rglob("*")) if p.is_file()}
