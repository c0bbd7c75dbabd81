//===- EmitLLVM.cpp - a compiled model as LLVM IR, object or archive ------===//
//
// This file turns the LLVM-dialect glue (Glue.cpp) into the product: it is
// translated to LLVM IR, linked with the kernel bitcode of the target and
// feature set, every symbol but NAME_run is made internal (so that several
// models link into one program and unused kernels vanish), and LLVM's O2
// pipeline inlines and specializes the calls on their constant descriptors.
// The result is written as textual IR, an ELF object through the target's
// code generator, or a static archive, in-process and deterministically.
//
//===----------------------------------------------------------------------===//

#include "qcc/Target/Emit.h"
#include "qcc/Target/TargetSpec.h"

#include "Glue.h"
#include "KernelBitcode.h"

#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/Linker/Linker.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Object/ArchiveWriter.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/MC/MCSubtargetInfo.h"

using namespace mlir;

namespace qcc {

namespace {

/// The bitcode variant of a target: its architecture and features.
std::string bitcodeVariant(const TargetSpec &target) {
  std::string variant =
      llvm::StringRef(target.triple).starts_with("aarch64") ? "aarch64"
                                                            : "x86_64";
  for (const std::string &feature : target.features)
    variant += feature;
  return variant;
}

/// Creates the target machine (parseTargetSpec checked --mcpu); reports on
/// `loc`.
FailureOr<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(Location loc, const TargetSpec &target) {
  initializeLLVMTargets();
  std::string error;
  llvm::Triple triple(target.triple);
  const llvm::Target *llvmTarget =
      llvm::TargetRegistry::lookupTarget(triple, error);
  if (!llvmTarget)
    return emitError(loc, "cannot generate code for ") << target.triple
                                                       << ": " << error;
  std::string features = llvm::join(target.llvmFeatures(), ",");
  llvm::TargetOptions options;
  std::optional<llvm::Reloc::Model> reloc =
      triple.isOSLinux() ? llvm::Reloc::PIC_ : llvm::Reloc::Static;
  std::unique_ptr<llvm::TargetMachine> machine(llvmTarget->createTargetMachine(
      triple, target.cpu.empty() ? "generic" : target.cpu, features, options,
      reloc, std::nullopt, llvm::CodeGenOptLevel::Aggressive));
  if (!machine)
    return emitError(loc, "cannot create a target machine for ")
           << target.triple;
  return machine;
}

/// Makes every definition but `keep` internal.
void internalize(llvm::Module &module, llvm::StringRef keep) {
  for (llvm::Function &function : module)
    if (!function.isDeclaration() && function.getName() != keep)
      function.setLinkage(llvm::GlobalValue::InternalLinkage);
  for (llvm::GlobalVariable &global : module.globals())
    if (!global.isDeclaration())
      global.setLinkage(llvm::GlobalValue::InternalLinkage);
}

/// Gives every definition the target's CPU and features, so that the run
/// function may inline the kernels (whose features clang recorded).
void setFunctionTarget(llvm::Module &module, llvm::TargetMachine &machine) {
  std::string features = machine.getTargetFeatureString().str();
  for (llvm::Function &function : module) {
    if (function.isDeclaration())
      continue;
    function.addFnAttr("target-cpu", machine.getTargetCPU());
    llvm::Attribute existing = function.getFnAttribute("target-features");
    std::string all = existing.isValid() ? existing.getValueAsString().str()
                                         : std::string();
    if (!features.empty())
      all = all.empty() ? features : all + "," + features;
    if (!all.empty())
      function.addFnAttr("target-features", all);
  }
}

void optimize(llvm::Module &module, llvm::TargetMachine &machine) {
  llvm::LoopAnalysisManager loops;
  llvm::FunctionAnalysisManager functions;
  llvm::CGSCCAnalysisManager cgscc;
  llvm::ModuleAnalysisManager modules;
  llvm::PassBuilder builder(&machine);
  builder.registerModuleAnalyses(modules);
  builder.registerCGSCCAnalyses(cgscc);
  builder.registerFunctionAnalyses(functions);
  builder.registerLoopAnalyses(loops);
  builder.crossRegisterProxies(loops, functions, cgscc, modules);
  llvm::ModulePassManager pipeline =
      builder.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O2);
  pipeline.run(module, modules);
}

} // namespace

LogicalResult emitLLVM(ModuleOp module, const EmitOptions &options,
                       const TargetSpec &target, LLVMOutput output,
                       llvm::raw_ostream &os) {
  FailureOr<KernelProgram> program = readKernelProgram(module);
  if (failed(program))
    return failure();
  Location loc = program->func.getLoc();
  if (target.isGeneric())
    return emitError(loc, "--target=generic is portable C only; use --emit=c");
  FailureOr<std::unique_ptr<llvm::TargetMachine>> machine =
      createTargetMachine(loc, target);
  if (failed(machine))
    return failure();

  OwningOpRef<ModuleOp> glue = buildGlue(*program, options.name);
  DialectRegistry registry;
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  module.getContext()->appendDialectRegistry(registry);
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(*glue, context, options.name);
  if (!llvmModule)
    return emitError(loc, "cannot translate the glue to LLVM IR");

  std::string variant = bitcodeVariant(target);
  std::optional<llvm::StringRef> bitcode = kernelBitcode(variant);
  if (!bitcode)
    return emitError(loc, "no kernel bitcode for ") << variant;
  llvm::Expected<std::unique_ptr<llvm::Module>> kernels =
      llvm::parseBitcodeFile(llvm::MemoryBufferRef(*bitcode, variant), context);
  if (!kernels)
    return emitError(loc, "cannot read the kernel bitcode: ")
           << llvm::toString(kernels.takeError());
  llvm::DataLayout layout = (*machine)->createDataLayout();
  for (llvm::Module *m : {llvmModule.get(), kernels->get()}) {
    m->setTargetTriple((*machine)->getTargetTriple());
    m->setDataLayout(layout);
  }
  llvmModule->setSourceFileName(options.source);
  if (llvm::Linker::linkModules(*llvmModule, std::move(*kernels),
                                llvm::Linker::Flags::LinkOnlyNeeded))
    return emitError(loc, "cannot link the kernel bitcode");
  std::string run = options.name + "_run";
  internalize(*llvmModule, run);
  setFunctionTarget(*llvmModule, **machine);
  optimize(*llvmModule, **machine);

  if (output == LLVMOutput::IR) {
    llvmModule->print(os, nullptr);
    return success();
  }
  llvm::SmallVector<char, 0> object;
  {
    llvm::raw_svector_ostream objectOs(object);
    llvm::legacy::PassManager codegen;
    if ((*machine)->addPassesToEmitFile(codegen, objectOs, nullptr,
                                        llvm::CodeGenFileType::ObjectFile))
      return emitError(loc, "the target cannot emit object files");
    codegen.run(*llvmModule);
  }
  llvm::StringRef objectBytes(object.data(), object.size());
  if (output == LLVMOutput::Object) {
    os << objectBytes;
    return success();
  }
  std::string memberName = options.name + ".o";
  llvm::NewArchiveMember member(
      llvm::MemoryBufferRef(objectBytes, memberName));
  llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> archive =
      llvm::writeArchiveToBuffer({std::move(member)},
                                 llvm::SymtabWritingMode::NormalSymtab,
                                 llvm::object::Archive::K_GNU,
                                 /*Deterministic=*/true, /*Thin=*/false);
  if (!archive)
    return emitError(loc, "cannot write the archive: ")
           << llvm::toString(archive.takeError());
  os << (*archive)->getBuffer();
  return success();
}

} // namespace qcc
