//===- Glue.h - the run function in the LLVM dialect ------------*- C++ -*-===//

#ifndef QCC_LIB_TARGET_LLVM_GLUE_H
#define QCC_LIB_TARGET_LLVM_GLUE_H

#include "qcc/Target/KernelProgram.h"

#include "mlir/IR/OwningOpRef.h"

namespace qcc {

/// The LLVM-dialect module of `program`: NAME_run calling external kernel
/// declarations with constant global descriptors and weights.
mlir::OwningOpRef<mlir::ModuleOp> buildGlue(KernelProgram &program,
                                            llvm::StringRef name);

} // namespace qcc

#endif // QCC_LIB_TARGET_LLVM_GLUE_H
