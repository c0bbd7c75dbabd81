//===- Emit.h - writing a compiled model as C, header, LLVM IR --*- C++ -*-===//
//
// This file declares qcc's emitters. Each takes the output of the
// code-generation pipeline (a planned kernel-level module) and writes one
// artifact; the outputs are deterministic functions of the module and the
// options.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_TARGET_EMIT_H
#define QCC_TARGET_EMIT_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <utility>
#include <vector>

namespace qcc {

struct TargetSpec;

struct EmitOptions {
  /// Prefix of every public symbol and macro (`net` gives `net_run` and
  /// `NET_ARENA_SIZE`); a C identifier.
  std::string name = "net";
  /// Where the model came from, for the banner comment.
  std::string source;
  /// The file name the C source includes the header by (default NAME.h).
  std::string header;
};

/// Whether `name` can prefix C identifiers and macros.
bool isValidModelName(llvm::StringRef name);

/// The C header: sizes, quantization and shapes of the boundary tensors,
/// the arena size, and the run function (docs/HeaderContract.md).
mlir::LogicalResult emitHeader(mlir::ModuleOp module,
                               const EmitOptions &options,
                               llvm::raw_ostream &os);

/// The C source of the run function and its constant data; it includes the
/// header as "NAME.h" and the runtime's qcc/kernels.h.
mlir::LogicalResult emitC(mlir::ModuleOp module, const EmitOptions &options,
                          llvm::raw_ostream &os);

/// What emitLLVM writes.
enum class LLVMOutput { IR, Object, Archive };

/// The compiled model for an LLVM target: the run function linked with the
/// kernels' bitcode for the target's features, optimized, as textual LLVM
/// IR, an object file, or a static archive holding that object. Only
/// NAME_run is exported.
mlir::LogicalResult emitLLVM(mlir::ModuleOp module, const EmitOptions &options,
                             const TargetSpec &target, LLVMOutput output,
                             llvm::raw_ostream &os);

/// The --report JSON: per kernel call its node, kernel, MACs, constant bytes
/// and output place; the arena size and the live-set lower bound.
mlir::LogicalResult emitReport(mlir::ModuleOp module, llvm::raw_ostream &os);

/// The runtime files a C build of `module` needs, as (path relative to the
/// runtime directory, contents): the kernel sources it calls and their
/// headers. Kernel sources are `*.c`; include the directory itself.
std::vector<std::pair<std::string, llvm::StringRef>>
runtimeSourcesFor(mlir::ModuleOp module);

} // namespace qcc

#endif // QCC_TARGET_EMIT_H
