//===- qcc.cpp - the qcc compiler driver ----------------------------------===//
//
// This file is the `qcc` command: it parses flags and calls
// qcc::compileModel (lib/Tools/Compile.cpp), which the Python module calls
// too. The output files are written only when every step succeeded, so a
// failed run leaves no partial file behind.
//
//===----------------------------------------------------------------------===//

#include "qcc/Support/OutputFiles.h"
#include "qcc/Tools/Compile.h"
#include "qcc/Tools/ModelLoader.h"
#include "qcc/Tools/QuantizeOptions.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/WithColor.h"

using namespace llvm;
using namespace mlir;

static cl::OptionCategory qccCategory("qcc options");

static cl::opt<std::string> inputFilename(cl::Positional, cl::Required,
                                          cl::desc("<model.onnx|.onnxtext|.mlir>"),
                                          cl::cat(qccCategory));

static cl::opt<std::string>
    outputFilename("o", cl::value_desc("file"), cl::init("-"),
                   cl::desc("Output: for lib, obj, llvm and c the path OUT\n"
                            "the files are named after (OUT.a, OUT.h, ...;\n"
                            "an extension of the kind is dropped), else the\n"
                            "file ('-', stdout, is the default for mlir,\n"
                            "float and import).\n"
                            "Example: -o build/net"),
                   cl::cat(qccCategory));

static cl::opt<std::string> emitKind(
    "emit", cl::value_desc("kind"), cl::init("lib"),
    cl::desc("What to write (OUT is -o without the kind's extension):\n"
             "  lib    OUT.a and OUT.h: a static library exporting NAME_run\n"
             "         (the default)\n"
             "  obj    OUT.o and OUT.h\n"
             "  llvm   OUT.ll, the optimized LLVM IR of the library\n"
             "  c      OUT.c and OUT.h, plus the runtime sources they need\n"
             "         in qcc_runtime/ beside them (build with\n"
             "         cc OUT.c qcc_runtime/*.c -Iqcc_runtime)\n"
             "  mlir   the integer-level IR after qcc's quantization pipeline\n"
             "         (to stdout without -o)\n"
             "  float  the float level after batch-norm folding, activation\n"
             "         fusion and canonicalization\n"
             "  import the IR as imported\n"
             "Example: qcc model.onnx -o build/net --mattr=+dotprod"),
    cl::cat(qccCategory));

static cl::opt<std::string> target(
    "target", cl::value_desc("triple"), cl::init("aarch64-linux-gnu"),
    cl::desc("What the generated code runs on: aarch64-linux-gnu (the\n"
             "default), aarch64-none-elf, x86_64-linux-gnu, or generic\n"
             "(portable C only).\n"
             "Example: --target=x86_64-linux-gnu"),
    cl::cat(qccCategory));

static cl::opt<std::string> mcpu(
    "mcpu", cl::value_desc("cpu"),
    cl::desc("The CPU to tune the generated code of lib, obj and llvm\n"
             "for (LLVM's names; checked before any work).\n"
             "Example: --mcpu=cortex-a55"),
    cl::cat(qccCategory));

static cl::opt<std::string> mattr(
    "mattr", cl::value_desc("features"),
    cl::desc("Target features the kernels may use, comma separated:\n"
             "+dotprod,+i8mm for AArch64, +avx2,+avx512vnni for x86-64.\n"
             "Example: --mattr=+dotprod"),
    cl::cat(qccCategory));

static cl::opt<std::string> modelName(
    "name", cl::value_desc("prefix"),
    cl::desc("Prefix of the generated symbols and macros (NAME_run,\n"
             "NAME_ARENA_SIZE, ...); a C identifier. Default: the file name\n"
             "of -o without its directory.\n"
             "Example: --name=kws"),
    cl::cat(qccCategory));

static cl::opt<std::string> ioLayout(
    "io-layout", cl::value_desc("layout"), cl::init("model"),
    cl::desc("Layout of the 4-D inputs and outputs of the generated code:\n"
             "model (as the model declares them: NCHW for ONNX; the default)\n"
             "or nhwc (as cameras and HWC buffers deliver them; the\n"
             "transposes to and from the kernels' NHWC are left out).\n"
             "Example: --io-layout=nhwc"),
    cl::cat(qccCategory));

static cl::opt<std::string> reportPath(
    "report", cl::value_desc("file.json"),
    cl::desc("Also write a JSON report of the compiled model: per layer the\n"
             "ONNX node, kernel, MACs, weight bytes and output place, and\n"
             "the arena size next to the live-set lower bound.\n"
             "Example: --report=net.json"),
    cl::cat(qccCategory));

static qcc::QuantizeCommandLine quantizeOptions(qccCategory);

static int fail(const Twine &message) {
  WithColor::error(errs(), "qcc") << message << "\n";
  return 1;
}

int main(int argc, char **argv) {
  InitLLVM initLLVM(argc, argv);
  cl::SetVersionPrinter([](raw_ostream &os) {
    os << "qcc " << QCC_VERSION << " (LLVM/MLIR " << LLVM_VERSION_STRING
       << ")\n";
  });
  cl::HideUnrelatedOptions(qccCategory);
  cl::ParseCommandLineOptions(
      argc, argv,
      "qcc: compile a neural network into integer-only code\n\n"
      "  Reads an ONNX model (binary .onnx, or ONNX's text format in\n"
      "  .onnxtext) or a model in the qcc dialect (.mlir), runs qcc's\n"
      "  pipeline (batch-norm folding, activation fusion, calibration of\n"
      "  float models, quantization to integer ops, lowering to runtime\n"
      "  kernel calls and a static memory plan) and writes the result.\n\n"
      "  Example: qcc model.onnx --emit=c -o build/net\n");

  qcc::CompileOptions options;
  options.emit = emitKind;
  options.target = target;
  options.mcpu = mcpu;
  options.mattr = mattr;
  options.name = modelName;
  options.ioLayout = ioLayout;
  options.report = reportPath;
  options.output = outputFilename;
  options.quantize = quantizeOptions.choices();
  options.progress = sys::Process::StandardErrIsDisplayed();

  qcc::ToolContext tool;
  qcc::OutputFiles outputs;
  auto warn = [](const std::string &message) {
    WithColor::warning(errs(), "qcc") << message << "\n";
  };
  if (!qcc::compileModel(tool, {inputFilename, std::nullopt}, options,
                         outputs, warn, [](const Twine &m) { fail(m); }))
    return 1;
  std::string error;
  if (!outputs.commit(error))
    return fail(error);
  return 0;
}
