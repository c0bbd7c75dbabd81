//===- ShapeInference.h - ONNX shape inference for the importer -*- C++ -*-===//
//
// This file declares the importer's use of ONNX's shape inference: once over
// the model, and again, as the import goes, over a copy in which the values
// folded to constants so far are initializers.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_LIB_IMPORT_ONNX_SHAPEINFERENCE_H
#define QCC_LIB_IMPORT_ONNX_SHAPEINFERENCE_H

#include "NodeImporter.h"

#include <string>

namespace qcc::onnx_import {

/// Runs ONNX shape inference (with data propagation) on `model` in place.
/// On failure, `error` holds the first line of ONNX's message. Unless
/// `strict`, a node whose inference fails is skipped (its outputs stay
/// unknown) instead.
mlir::LogicalResult inferShapes(onnx::ModelProto &model, std::string &error,
                                bool strict = true);

/// Infers shapes again when `node` has an output without a static inferred
/// shape and values were folded to constants since the last inference.
/// ONNX's data propagation stops at ops it cannot evaluate (Mul, Div, Where,
/// ...), so a Slice or Reshape whose operand is computed that way has no
/// shape; the importer folded those computations, so the rerun sees their
/// results as initializers (the nodes that made them removed) and infers
/// the shapes after them. The new types of values not imported yet replace
/// those in `state.types`.
mlir::LogicalResult refineShapes(const onnx::NodeProto &node,
                                 const onnx::ModelProto &model,
                                 GraphState &state, std::string &error);

/// The number of values known to be constants, for
/// GraphState::constantsAtInference.
size_t countConstants(const GraphState &state);

} // namespace qcc::onnx_import

#endif // QCC_LIB_IMPORT_ONNX_SHAPEINFERENCE_H
