//===- qcc.cpp - the qcc compiler driver ----------------------------------===//
//
// This file is the `qcc` command: it reads a model, runs qcc's compilation
// pipeline and writes the requested output. It only parses flags and calls
// library functions; the output file is written only when every step
// succeeded, so a failed run leaves no partial file behind.
//
//===----------------------------------------------------------------------===//

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "qcc/Dialect/QCC/IR/QCCDialect.h"
#include "qcc/InitAll.h"
#include "qcc/Tools/ModelLoader.h"
#include "qcc/Tools/QuantizeOptions.h"
#include "qcc/Pipelines/Pipelines.h"
#include "qcc/Target/Emit.h"
#include "qcc/Target/TargetSpec.h"
#include "qcc/Support/OutputFiles.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
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
    cl::desc("The CPU to tune the generated code for (LLVM's names).\n"
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

  static const char *const codegen[] = {"lib", "obj", "llvm", "c"};
  bool generatesCode = llvm::is_contained(codegen, StringRef(emitKind));
  if (std::optional<std::string> problem = quantizeOptions.check("qcc"))
    return fail(*problem);
  static const char *const kinds[] = {"lib",  "obj",   "llvm",  "c",
                                      "mlir", "float", "import"};
  if (!llvm::is_contained(kinds, StringRef(emitKind)))
    return fail("unknown --emit kind '" + emitKind +
                "' (expected lib, obj, llvm, c, mlir, float or import)");
  if (quantizeOptions.calibrating() &&
      (emitKind == "float" || emitKind == "import"))
    return fail("--calibrate does not apply to --emit=" + emitKind);
  std::string error;
  std::optional<qcc::TargetSpec> targetSpec =
      qcc::parseTargetSpec(target, mcpu, mattr, error);
  if (!targetSpec)
    return fail(error);
  if (ioLayout != "model" && ioLayout != "nhwc")
    return fail("unknown --io-layout '" + ioLayout +
                "' (expected model or nhwc)");
  if (!reportPath.empty() && !generatesCode)
    return fail("--report needs code generation (--emit=lib, obj, llvm or c)");
  qcc::EmitOptions emitOptions;
  // OUT: -o without the extension of the kind, which qcc adds itself.
  std::string out = outputFilename;
  if (generatesCode) {
    if (outputFilename == "-")
      return fail("--emit=" + emitKind + " writes files named after -o OUT; "
                  "give one");
    static const std::pair<const char *, const char *> extensions[] = {
        {"lib", ".a"}, {"obj", ".o"}, {"llvm", ".ll"}, {"c", ".c"}};
    for (auto [kind, extension] : extensions)
      if (emitKind == kind && StringRef(out).ends_with(extension))
        out.resize(out.size() - strlen(extension));
    emitOptions.name = modelName.empty() ? sys::path::filename(out).str()
                                         : modelName.getValue();
    if (!qcc::isValidModelName(emitOptions.name))
      return fail("'" + emitOptions.name + "' is not a C identifier; " +
                  (modelName.empty() ? "choose one with --name"
                                     : "--name needs one"));
    emitOptions.source = sys::path::filename(inputFilename).str();
    emitOptions.header = sys::path::filename(out).str() + ".h";
  }

  qcc::ToolContext tool;
  MLIRContext &context = tool.context();
  OwningOpRef<ModuleOp> module = tool.load(
      inputFilename, quantizeOptions.constantInputBindings(),
      [](const Twine &message) { fail(message); });
  if (!module)
    return 1;

  if (emitKind != "import") {
    // One line for the first problem: the passes report on ops.
    qcc::FirstDiagnostic problem(context);
    PassManager pm(&context);
    if (emitKind == "float") {
      qcc::buildQccCompilePipeline(pm);
    } else {
      qcc::QuantizePipelineOptions options;
      quantizeOptions.apply(options);
      options.progress = sys::Process::StandardErrIsDisplayed();
      if (generatesCode) {
        options.targetFeatures = targetSpec->kernelFeatures();
        options.ioLayout = ioLayout;
        qcc::buildQccCodegenPipeline(pm, options);
      } else {
        qcc::buildQccQuantizePipeline(pm, options);
      }
    }
    if (failed(pm.run(*module)))
      return fail("cannot " +
                  Twine(emitKind == "float"   ? "compile"
                        : emitKind == "mlir" ? "quantize"
                                             : "generate code for") +
                  " the model: " + problem.message());
  }

  qcc::OutputFiles outputs;
  auto render = [&](auto emit) -> std::optional<std::string> {
    qcc::FirstDiagnostic problem(context);
    std::string text;
    llvm::raw_string_ostream os(text);
    if (failed(emit(os))) {
      fail("cannot emit the model: " + problem.message());
      return std::nullopt;
    }
    return text;
  };
  if (emitKind == "c") {
    std::optional<std::string> header = render([&](raw_ostream &os) {
      return qcc::emitHeader(*module, emitOptions, os);
    });
    std::optional<std::string> source = render([&](raw_ostream &os) {
      return qcc::emitC(*module, emitOptions, os);
    });
    if (!header || !source)
      return 1;
    outputs.add(out + ".h", std::move(*header));
    outputs.add(out + ".c", std::move(*source));
    SmallString<256> runtimeDir(sys::path::parent_path(out));
    sys::path::append(runtimeDir, "qcc_runtime");
    for (auto &[path, contents] : qcc::runtimeSourcesFor(*module)) {
      SmallString<256> file(runtimeDir);
      sys::path::append(file, path);
      outputs.add(file.str().str(), contents.str(), /*createParent=*/true);
    }
  } else if (generatesCode) {
    qcc::LLVMOutput kind = emitKind == "llvm"  ? qcc::LLVMOutput::IR
                           : emitKind == "obj" ? qcc::LLVMOutput::Object
                                               : qcc::LLVMOutput::Archive;
    std::optional<std::string> code = render([&](raw_ostream &os) {
      return qcc::emitLLVM(*module, emitOptions, *targetSpec, kind, os);
    });
    if (!code)
      return 1;
    if (kind != qcc::LLVMOutput::IR) {
      std::optional<std::string> header = render([&](raw_ostream &os) {
        return qcc::emitHeader(*module, emitOptions, os);
      });
      if (!header)
        return 1;
      outputs.add(out + ".h", std::move(*header));
    }
    outputs.add(out + (kind == qcc::LLVMOutput::IR       ? ".ll"
                       : kind == qcc::LLVMOutput::Object ? ".o"
                                                         : ".a"),
                std::move(*code));
  } else {
    std::string text;
    llvm::raw_string_ostream os(text);
    module->print(os);
    outputs.add(outputFilename, std::move(text));
  }
  if (!reportPath.empty()) {
    std::optional<std::string> report = render(
        [&](raw_ostream &os) { return qcc::emitReport(*module, os); });
    if (!report)
      return 1;
    outputs.add(reportPath, std::move(*report));
  }
  if (!outputs.commit(error))
    return fail(error);
  return 0;
}
