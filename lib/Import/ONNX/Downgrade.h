//===- Downgrade.h - opsets 18 to 21 read as opset 17 -----------*- C++ -*-===//
//
// This file declares the importer's reading of newer opsets. The ONNX
// library qcc links (1.12) knows operator schemas up to opset 17, and its
// shape inference needs them; a model of opset 18 to 21 is rewritten, node
// by node, into the opset-17 form with the same meaning before anything
// else looks at it. Ops that changed only by gaining element types qcc does
// not support stay as they are (the converters reject those types).
//
//===----------------------------------------------------------------------===//

#ifndef QCC_LIB_IMPORT_ONNX_DOWNGRADE_H
#define QCC_LIB_IMPORT_ONNX_DOWNGRADE_H

#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/LLVM.h"

#include "onnx/onnx_pb.h"

#include <string>

namespace qcc::onnx_import {

/// The newest opset whose schemas the linked ONNX library knows.
constexpr int64_t kSchemaOpset = 17;

/// Rewrites the nodes of `model`, whose default-domain opset `opset` is
/// above kSchemaOpset, into their opset-17 forms and sets the model's opset
/// to 17. Inputs that a rewrite needs at compile time (Reduce axes, Pad
/// pads) are read from initializers and Constant nodes; tensors stored
/// outside the model are looked up in `baseDir`. On failure, `error` holds a
/// one-line message naming the node.
mlir::LogicalResult downgradeToSchemaOpset(onnx::ModelProto &model,
                                           int64_t opset,
                                           llvm::StringRef baseDir,
                                           mlir::MLIRContext *context,
                                           std::string &error);

} // namespace qcc::onnx_import

#endif // QCC_LIB_IMPORT_ONNX_DOWNGRADE_H
