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

namespace qcc {

/// Imports a binary `.onnx` file. Tensors stored as external data are read
/// from files beside it.
mlir::FailureOr<mlir::OwningOpRef<mlir::ModuleOp>>
importONNXFile(llvm::StringRef path, mlir::MLIRContext &context);

/// Imports a model written in ONNX's text format (`onnx::OnnxParser`);
/// `bufferName` names it in diagnostics.
mlir::FailureOr<mlir::OwningOpRef<mlir::ModuleOp>>
importONNXText(llvm::StringRef text, llvm::StringRef bufferName,
               mlir::MLIRContext &context);

} // namespace qcc

#endif // QCC_IMPORT_ONNX_IMPORTONNX_H
