//===- WeightGrids.h - grids for constant weights ---------------*- C++ -*-===//
//
// This file declares how qcc quantizes constant weights that no fake_quant
// quantizes: per output channel, symmetric int8 from their values. A float
// model gets them at calibration; a QAT export can leave weights float too
// (PyTorch's quantizable LSTM quantizes its linear layers' weights only at
// convert()), and qcc-propagate-ranges gives them the same grids.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_LIB_DIALECT_QCC_TRANSFORMS_WEIGHTGRIDS_H
#define QCC_LIB_DIALECT_QCC_TRANSFORMS_WEIGHTGRIDS_H

#include "mlir/IR/Operation.h"

namespace qcc {

/// Puts a fake_quant on the per-output-channel symmetric int8 grid
/// ([-127, 127]) of its values before every constant float weight of a
/// conv2d or fully_connected under `root` that none quantizes.
void quantizeConstantWeights(mlir::Operation *root);

} // namespace qcc

#endif // QCC_LIB_DIALECT_QCC_TRANSFORMS_WEIGHTGRIDS_H
