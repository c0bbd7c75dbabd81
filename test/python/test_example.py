"""The guide's PyTorch-to-firmware script runs, and the guide shows it as
it is."""

import re
import subprocess
import sys

import pytest

from conftest import ROOT

SCRIPT = ROOT / "examples" / "python" / "digits_to_firmware.py"


def test_guide_shows_the_script():
    code = SCRIPT.read_text()
    code = code[code.index('"""\n', 10) + 4:]
    guide = (ROOT / "docs" / "user-guide.md").read_text()
    assert "```python\n" + code + "```\n" in guide


def test_digits_to_firmware(tmp_path):
    pytest.importorskip("torch")
    pytest.importorskip("sklearn")
    done = subprocess.run([sys.executable, SCRIPT, tmp_path],
                          capture_output=True, text=True, check=True)
    accuracy = dict(re.findall(r"(float|integer) accuracy ([0-9.]+)",
                               done.stdout))
    assert float(accuracy["integer"]) > 0.85
    assert abs(float(accuracy["integer"]) - float(accuracy["float"])) < 0.03
    assert (tmp_path / "digits.a").read_bytes().startswith(b"!<arch>\n")
    assert "int digits_run(" in (tmp_path / "digits.h").read_text()
