//===- QccModule.cpp - the qcc Python module's native part ----------------===//
//
// This file is `qcc._qcc`, the pybind11 extension behind `import qcc`. It
// converts between Python and the library calls the qcc and qcc-run
// commands make (qcc::compileModel, qcc::prepareRun, qcc::runPrepared), so
// Python gets the same checks, messages and bytes. What the commands print
// on stderr is collected instead: the first error becomes a qcc.Error with
// the line the command prints (without its "qcc: error: " prefix), and
// warnings become Python warnings.
//
//===----------------------------------------------------------------------===//

#include "qcc/Interpreter/Tensor.h"
#include "qcc/Tools/Compile.h"
#include "qcc/Tools/ModelLoader.h"
#include "qcc/Tools/Run.h"

#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstring>
#include <optional>
#include <stdexcept>

namespace py = pybind11;
using qcc::interp::DType;
using qcc::interp::Tensor;

namespace {

/// The exception Python sees as qcc.Error.
struct QccError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Collects what a command would print on stderr, line by line: the first
/// error, and the warnings.
class Messages : public llvm::raw_ostream {
public:
  Messages() { SetUnbuffered(); }
  ~Messages() override { flush(); }

  void error(const llvm::Twine &message) { line(message.str(), true); }
  void warning(const std::string &message) { line(message, false); }

  /// Raises the first error, or issues the warnings.
  void finish(bool ok) {
    flush();
    if (!ok)
      throw QccError(firstError.empty() ? "qcc failed" : firstError);
    py::object warn = py::module_::import("warnings").attr("warn");
    for (const std::string &message : warnings)
      warn(message);
  }

private:
  void line(const std::string &text, bool isError) {
    if (isError) {
      if (firstError.empty())
        firstError = text;
    } else {
      warnings.push_back(text);
    }
  }
  // Diagnostics printed by the tool context: "file: error: ...", or an
  // MLIR location line followed by the source line and a caret.
  void write_impl(const char *ptr, size_t size) override {
    for (size_t i = 0; i < size; ++i) {
      if (ptr[i] != '\n') {
        pending += ptr[i];
        continue;
      }
      if (pending.find(": error: ") != std::string::npos)
        line(pending, true);
      else if (pending.find(": warning: ") != std::string::npos)
        line(pending, false);
      pending.clear();
    }
    written += size;
  }
  uint64_t current_pos() const override { return written; }

  std::string pending, firstError;
  std::vector<std::string> warnings;
  uint64_t written = 0;
};

qcc::QuantizeChoices quantizeChoices(
    const std::optional<std::string> &calibrate,
    const std::string &calibrationMethod, const std::string &activations,
    const std::string &rounding,
    const std::vector<std::string> &constantInputs) {
  qcc::QuantizeChoices choices;
  choices.calibrate = calibrate.value_or("");
  choices.calibrationMethod = calibrationMethod;
  choices.activations = activations;
  choices.rounding = rounding;
  choices.constantInputs = constantInputs;
  // A value other than the default counts as given, as a flag would.
  qcc::QuantizeChoices defaults;
  choices.calibrationMethodGiven =
      calibrationMethod != defaults.calibrationMethod;
  choices.activationsGiven = activations != defaults.activations;
  return choices;
}

/// A model argument: a path (str or os.PathLike) or bytes of binary ONNX.
struct Model {
  std::string path, bytes;
  bool inMemory = false;

  qcc::ModelSource source() const {
    if (!inMemory)
      return {path, std::nullopt};
    return {path, llvm::StringRef(bytes)};
  }
};

Model modelFrom(const py::object &model) {
  Model m;
  if (py::isinstance<py::bytes>(model) ||
      py::isinstance<py::bytearray>(model)) {
    m.bytes = py::bytes(model).cast<std::string>();
    m.path = "<bytes>";
    m.inMemory = true;
    return m;
  }
  m.path = py::module_::import("os").attr("fspath")(model).cast<std::string>();
  return m;
}

/// Calls `f` with a value of the C type that holds elements of `type`.
template <typename F> void withElementType(DType type, F f) {
  switch (type) {
  case DType::F32:
    return f(float());
  case DType::I8:
    return f(int8_t());
  case DType::U8:
    return f(uint8_t());
  case DType::I32:
    return f(int32_t());
  case DType::I64:
    return f(int64_t());
  }
}

Tensor tensorFrom(const py::array &array, size_t index) {
  std::string name = py::str(array.dtype()).cast<std::string>();
  Tensor t;
  bool known = false;
  for (DType type : {DType::F32, DType::I8, DType::U8, DType::I32, DType::I64})
    if (name == qcc::interp::dtypeName(type)) {
      t.dtype = type;
      known = true;
    }
  if (!known)
    throw QccError("input " + std::to_string(index) + " holds " + name +
                   "; supported: float32, int8, uint8, int32, int64");
  t.shape.assign(array.shape(), array.shape() + array.ndim());
  py::array c = py::array::ensure(array, py::array::c_style);
  int64_t n = t.numElements();
  const char *data = static_cast<const char *>(c.data());
  auto fill = [&](auto element) {
    using T = decltype(element);
    for (int64_t i = 0; i < n; ++i) {
      T value;
      std::memcpy(&value, data + i * sizeof(T), sizeof(T));
      if constexpr (std::is_same_v<T, float>)
        t.floats.push_back(value);
      else
        t.ints.push_back(value);
    }
  };
  withElementType(t.dtype, fill);
  return t;
}

py::array arrayFrom(const Tensor &t) {
  py::array array(py::dtype(qcc::interp::dtypeName(t.dtype)), t.shape);
  char *data = static_cast<char *>(array.mutable_data());
  auto store = [&](auto element) {
    using T = decltype(element);
    for (int64_t i = 0, n = t.numElements(); i < n; ++i) {
      T value = static_cast<T>(t.isFloat() ? 0 : t.ints[i]);
      if constexpr (std::is_same_v<T, float>)
        value = t.floats[i];
      std::memcpy(data + i * sizeof(T), &value, sizeof(T));
    }
  };
  withElementType(t.dtype, store);
  return array;
}

py::object compile(const py::object &model, const std::string &target,
                   const std::string &mattr, const std::string &mcpu,
                   const std::string &emit,
                   const std::optional<std::string> &name,
                   const std::optional<std::string> &calibrate,
                   const std::string &calibrationMethod,
                   const std::string &activations, const std::string &rounding,
                   const std::string &ioLayout,
                   const std::optional<std::string> &output,
                   const std::optional<std::string> &report,
                   const std::vector<std::string> &constantInputs) {
  Model held = modelFrom(model);
  qcc::ModelSource source = held.source();
  qcc::CompileOptions options;
  options.emit = emit;
  options.target = target;
  options.mattr = mattr;
  options.mcpu = mcpu;
  options.name = name.value_or("");
  options.ioLayout = ioLayout;
  options.report = report.value_or("");
  options.quantize = quantizeChoices(calibrate, calibrationMethod, activations,
                                     rounding, constantInputs);
  if (output) {
    options.output = *output;
  } else {
    // In memory the files are named after the model: NAME.a, NAME.h,
    // qcc_runtime/..., or NAME.mlir for the IR.
    std::string stem = source.bytes ? std::string("model")
                                    : llvm::sys::path::stem(source.path).str();
    options.output = name.value_or(stem);
    static const char *const text[] = {"mlir", "float", "import"};
    if (llvm::is_contained(text, llvm::StringRef(emit)))
      options.output += ".mlir";
  }
  Messages messages;
  qcc::OutputFiles files;
  bool ok;
  {
    // Compiling touches no Python object: let other threads run.
    py::gil_scoped_release release;
    qcc::ToolContext tool(messages);
    ok = qcc::compileModel(
        tool, source, options, files,
        [&](const std::string &w) { messages.warning(w); },
        [&](const llvm::Twine &e) { messages.error(e); });
  }
  std::string error;
  if (ok && output && !files.commit(error)) {
    messages.error(error);
    ok = false;
  }
  messages.finish(ok);
  if (output) {
    py::list written;
    for (const qcc::OutputFiles::File &file : files.list())
      written.append(file.path);
    return std::move(written);
  }
  py::dict result;
  for (const qcc::OutputFiles::File &file : files.list())
    result[py::str(file.path)] = py::bytes(file.contents);
  return std::move(result);
}

py::list run(const py::object &model, const std::vector<py::array> &inputs,
             const std::string &stage,
             const std::optional<std::string> &calibrate,
             const std::string &calibrationMethod,
             const std::string &activations, const std::string &rounding,
             bool batch, const std::vector<std::string> &constantInputs,
             const std::string &outputType) {
  if (stage != "float" && stage != "integer")
    throw QccError("unknown stage '" + stage + "' (expected float or integer)");
  if (outputType != "real" && outputType != "stored")
    throw QccError("unknown output_type '" + outputType +
                   "' (expected real or stored)");
  Model held = modelFrom(model);
  qcc::ModelSource source = held.source();
  std::vector<Tensor> tensors;
  for (size_t i = 0; i < inputs.size(); ++i)
    tensors.push_back(tensorFrom(inputs[i], i));
  qcc::RunOptions options;
  options.integer = stage == "integer";
  options.batch = batch;
  options.stored = outputType == "stored";
  options.quantize = quantizeChoices(calibrate, calibrationMethod, activations,
                                     rounding, constantInputs);
  Messages messages;
  auto fail = [&](const llvm::Twine &e) { messages.error(e); };
  mlir::FailureOr<std::vector<Tensor>> results = mlir::failure();
  if (std::optional<std::string> problem = options.check(
          [&](const std::string &w) { messages.warning(w); })) {
    fail(*problem);
  } else {
    py::gil_scoped_release release;
    qcc::ToolContext tool(messages);
    mlir::OwningOpRef<mlir::ModuleOp> module =
        tool.load(source, constantInputs, fail);
    if (module) {
      mlir::FailureOr<mlir::func::FuncOp> func =
          qcc::prepareRun(*module, options, fail);
      if (succeeded(func))
        results = qcc::runPrepared(*func, tensors, options, {}, fail);
    }
  }
  messages.finish(succeeded(results));
  py::list arrays;
  for (const Tensor &t : *results)
    arrays.append(arrayFrom(t));
  return arrays;
}

} // namespace

PYBIND11_MODULE(_qcc, m) {
  m.doc() = "The native part of the qcc module; use `import qcc`.";
  m.attr("__version__") = QCC_VERSION;
  py::register_exception<QccError>(m, "Error");
  m.def("compile", &compile, py::arg("model"), py::arg("target"),
        py::arg("mattr"), py::arg("mcpu"), py::arg("emit"), py::arg("name"),
        py::arg("calibrate"), py::arg("calibration_method"),
        py::arg("activations"), py::arg("rounding"), py::arg("io_layout"),
        py::arg("output"), py::arg("report"), py::arg("constant_inputs"));
  m.def("run", &run, py::arg("model"), py::arg("inputs"), py::arg("stage"),
        py::arg("calibrate"), py::arg("calibration_method"),
        py::arg("activations"), py::arg("rounding"), py::arg("batch"),
        py::arg("constant_inputs"), py::arg("output_type"));
}
