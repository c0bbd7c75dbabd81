# lit configuration for qcc's regression tests.
import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "qcc"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".onnxtext", ".test"]
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "unit",
                   "oracles", "backend"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.qcc_obj_root, "test")

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.add_tool_substitutions(
    [ToolSubst(t, unresolved="fatal") for t in ["qcc", "qcc-opt", "qcc-run"]],
    [config.qcc_tools_dir])
config.substitutions.append(("%qcc_src_root", config.qcc_src_root))
# Debian's Python, which has numpy and onnx (the first python3 on PATH may not).
config.substitutions.append(("%python", "/usr/bin/python3"))
# ONNX's backend node tests (Debian's libonnx-testdata).
config.substitutions.append(("%onnx_node", "/usr/share/libonnx-testdata/data/node"))
