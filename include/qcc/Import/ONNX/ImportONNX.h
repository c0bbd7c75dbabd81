//===- ImportONNX.h - ONNX models to the qcc dialect ------------*- C++ -*-===//
//
// This file declares the ONNX importer: it reads a model (binary protobuf or
// ONNX's text format), runs ONNX shape inference and builds a module with one
// function of qcc float-level ops. Failures are reported through the
// context's diagnostics, naming the file, node, op type and opset.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_IMPORT_ONNX_IMPORTONNX_H
#define QCC_IMPORT_ONNX_IMPORTONNX_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringRef.h"

#include "llvm/ADT/StringMap.h"

#include <string>

namespace qcc {

struct ImportOptions {
  /// Graph inputs to treat as constants, each with the file holding its
  /// value as a serialized ONNX TensorProto (the form ONNX's backend tests
  /// store data in). For models that take shapes or quantization
  /// parameters as inputs.
  llvm::StringMap<std::string> constantInputs;
};

/// Imports a binary `.onnx` file. Tensors stored as external data are read
/// from files beside it.
mlir::FailureOr<mlir::OwningOpRef<mlir::ModuleOp>>
importONNXFile(llvm::StringRef path, mlir::MLIRContext &context,
               const ImportOptions &options = {});

/// Imports a binary model held in memory; `bufferName` names it in
/// diagnostics. Such a model cannot keep tensors in external files.
mlir::FailureOr<mlir::OwningOpRef<mlir::ModuleOp>>
importONNXBuffer(llvm::StringRef bytes, llvm::StringRef bufferName,
                 mlir::MLIRContext &context, const ImportOptions &options = {});

/// Imports a model written in ONNX's text format (`onnx::OnnxParser`);
/// `bufferName` names it in diagnostics.
mlir::FailureOr<mlir::OwningOpRef<mlir::ModuleOp>>
importONNXText(llvm::StringRef text, llvm::StringRef bufferName,
               mlir::MLIRContext &context, const ImportOptions &options = {});

} // namespace qcc

#endif // QCC_IMPORT_ONNX_IMPORTONNX_H
