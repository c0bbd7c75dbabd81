//===- Compile.cpp - what the qcc command does, as a library call ---------===//
//
// This file implements the qcc driver: option checks in the order the
// command has always made them, the pipeline for the emitted kind, and the
// rendering of every output file in memory.
//
//===----------------------------------------------------------------------===//

#include "qcc/Tools/Compile.h"

#include "qcc/Pipelines/Pipelines.h"
#include "qcc/Target/Emit.h"
#include "qcc/Target/TargetSpec.h"
#include "qcc/Tools/ModelLoader.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Path.h"

#include <cstring>

using namespace llvm;
using namespace mlir;

namespace qcc {
namespace {

bool generatesCode(StringRef emit) {
  static const char *const codegen[] = {"lib", "obj", "llvm", "c"};
  return llvm::is_contained(codegen, emit);
}

/// Checks the options that need no model; fills the emitter's options and
/// OUT (options.output without the kind's extension).
bool checkOptions(const CompileOptions &options, StringRef modelPath,
                  std::optional<TargetSpec> &targetSpec,
                  EmitOptions &emitOptions, std::string &out,
                  WarningSink warn, FailureSink fail) {
  if (std::optional<std::string> problem = options.quantize.check(warn)) {
    fail(*problem);
    return false;
  }
  StringRef emit = options.emit;
  static const char *const kinds[] = {"lib",  "obj",   "llvm",  "c",
                                      "mlir", "float", "import"};
  if (!llvm::is_contained(kinds, emit)) {
    fail("unknown --emit kind '" + emit +
         "' (expected lib, obj, llvm, c, mlir, float or import)");
    return false;
  }
  if (options.quantize.calibrating() &&
      (emit == "float" || emit == "import")) {
    fail("--calibrate does not apply to --emit=" + emit);
    return false;
  }
  std::string error;
  targetSpec =
      parseTargetSpec(options.target, options.mcpu, options.mattr, error);
  if (!targetSpec) {
    fail(error);
    return false;
  }
  bool codegen = generatesCode(emit);
  if (targetSpec->isGeneric() && codegen && emit != "c") {
    fail("--target=generic is portable C only; use --emit=c");
    return false;
  }
  if (options.ioLayout != "model" && options.ioLayout != "nhwc") {
    fail("unknown --io-layout '" + options.ioLayout +
         "' (expected model or nhwc)");
    return false;
  }
  if (!options.report.empty() && !codegen) {
    fail("--report needs code generation (--emit=lib, obj, llvm or c)");
    return false;
  }
  // --mattr chooses kernels; --mcpu tunes LLVM's code generation.
  if (!options.mattr.empty() && !codegen)
    warn(("--mattr does nothing with --emit=" + emit).str());
  if (!options.mcpu.empty() && (!codegen || emit == "c"))
    warn(("--mcpu does nothing with --emit=" + emit +
          " (it tunes the code of lib, obj and llvm)")
             .str());
  out = options.output;
  if (!codegen)
    return true;
  if (options.output == "-") {
    fail("--emit=" + emit + " writes files named after -o OUT; give one");
    return false;
  }
  static const std::pair<const char *, const char *> extensions[] = {
      {"lib", ".a"}, {"obj", ".o"}, {"llvm", ".ll"}, {"c", ".c"}};
  for (auto [kind, extension] : extensions)
    if (emit == kind && StringRef(out).ends_with(extension))
      out.resize(out.size() - strlen(extension));
  emitOptions.name = options.name.empty() ? sys::path::filename(out).str()
                                          : options.name;
  if (!isValidModelName(emitOptions.name)) {
    fail("'" + emitOptions.name + "' is not a C identifier; " +
         (options.name.empty() ? "choose one with --name"
                               : "--name needs one"));
    return false;
  }
  emitOptions.source = sys::path::filename(modelPath).str();
  emitOptions.header = sys::path::filename(out).str() + ".h";
  return true;
}

/// Runs the pipeline --emit asks for (none for import).
bool runPipeline(ModuleOp module, const CompileOptions &options,
                 const TargetSpec &targetSpec, FailureSink fail) {
  StringRef emit = options.emit;
  if (emit == "import")
    return true;
  MLIRContext &context = *module.getContext();
  // One line for the first problem: the passes report on ops.
  FirstDiagnostic problem(context);
  PassManager pm(&context);
  if (emit == "float") {
    buildQccCompilePipeline(pm);
  } else {
    QuantizePipelineOptions pipeline;
    options.quantize.apply(pipeline);
    pipeline.progress = options.progress;
    if (generatesCode(emit)) {
      pipeline.targetFeatures = targetSpec.kernelFeatures();
      pipeline.ioLayout = options.ioLayout;
      buildQccCodegenPipeline(pm, pipeline);
    } else {
      buildQccQuantizePipeline(pm, pipeline);
    }
  }
  if (succeeded(pm.run(module)))
    return true;
  fail("cannot " +
       Twine(emit == "float"  ? "compile"
             : emit == "mlir" ? "quantize"
                              : "generate code for") +
       " the model: " + problem.message());
  return false;
}

/// Renders the files --emit names into `outputs`.
bool render(ModuleOp module, const CompileOptions &options,
            const TargetSpec &targetSpec, const EmitOptions &emitOptions,
            const std::string &out, OutputFiles &outputs, FailureSink fail) {
  auto text = [&](auto emit) -> std::optional<std::string> {
    FirstDiagnostic problem(*module.getContext());
    std::string text;
    raw_string_ostream os(text);
    if (failed(emit(os))) {
      fail("cannot emit the model: " + problem.message());
      return std::nullopt;
    }
    return text;
  };
  auto header = [&] {
    return text([&](raw_ostream &os) {
      return emitHeader(module, emitOptions, os);
    });
  };
  StringRef emit = options.emit;
  if (emit == "c") {
    std::optional<std::string> h = header();
    std::optional<std::string> source = text(
        [&](raw_ostream &os) { return emitC(module, emitOptions, os); });
    if (!h || !source)
      return false;
    outputs.add(out + ".h", std::move(*h));
    outputs.add(out + ".c", std::move(*source));
    SmallString<256> runtimeDir(sys::path::parent_path(out));
    sys::path::append(runtimeDir, "qcc_runtime");
    for (auto &[path, contents] : runtimeSourcesFor(module)) {
      SmallString<256> file(runtimeDir);
      sys::path::append(file, path);
      outputs.add(file.str().str(), contents.str(), /*createParent=*/true);
    }
  } else if (generatesCode(emit)) {
    LLVMOutput kind = emit == "llvm"  ? LLVMOutput::IR
                      : emit == "obj" ? LLVMOutput::Object
                                      : LLVMOutput::Archive;
    std::optional<std::string> code = text([&](raw_ostream &os) {
      return emitLLVM(module, emitOptions, targetSpec, kind, os);
    });
    if (!code)
      return false;
    if (kind != LLVMOutput::IR) {
      std::optional<std::string> h = header();
      if (!h)
        return false;
      outputs.add(out + ".h", std::move(*h));
    }
    outputs.add(out + (kind == LLVMOutput::IR       ? ".ll"
                       : kind == LLVMOutput::Object ? ".o"
                                                    : ".a"),
                std::move(*code));
  } else {
    std::string printed;
    raw_string_ostream os(printed);
    module.print(os);
    outputs.add(options.output, std::move(printed));
  }
  if (!options.report.empty()) {
    std::optional<std::string> report =
        text([&](raw_ostream &os) { return emitReport(module, os); });
    if (!report)
      return false;
    outputs.add(options.report, std::move(*report));
  }
  return true;
}

} // namespace

bool compileModel(ToolContext &tool, const ModelSource &model,
                  const CompileOptions &options, OutputFiles &files,
                  WarningSink warn, FailureSink fail) {
  std::optional<TargetSpec> targetSpec;
  EmitOptions emitOptions;
  std::string out;
  if (!checkOptions(options, model.path, targetSpec, emitOptions, out, warn,
                    fail))
    return false;
  OwningOpRef<ModuleOp> module =
      tool.load(model, options.quantize.constantInputs, fail);
  if (!module || !runPipeline(*module, options, *targetSpec, fail))
    return false;
  OutputFiles outputs;
  if (!render(*module, options, *targetSpec, emitOptions, out, outputs, fail))
    return false;
  files = std::move(outputs);
  return true;
}

} // namespace qcc
