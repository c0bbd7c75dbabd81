//===- TensorDump.h - every intermediate tensor of a run --------*- C++ -*-===//
//
// This file declares qcc-run's --dump: each tensor the reference
// interpreter computes, written as .npy and named after the op and the ONNX
// node it comes from, with an index.json that gives each file's node, type,
// shape and, for quantized tensors, the scale and zero point that turn its
// stored integers into real values (so that they can be set beside
// PyTorch's or ONNX Runtime's tensors).
//
//===----------------------------------------------------------------------===//

#ifndef QCC_TOOLS_TENSORDUMP_H
#define QCC_TOOLS_TENSORDUMP_H

#include "qcc/Interpreter/Interpreter.h"

#include "llvm/Support/JSON.h"

#include <string>

namespace qcc {

class TensorDump {
public:
  /// Dumps into `directory`, which must exist.
  explicit TensorDump(std::string directory) : directory_(std::move(directory)) {}

  /// The observer to run the interpreter with: writes NNNN_<op>[_<node>].npy
  /// for each op's first result, NNNN counting in execution order.
  interp::Observer observer();

  /// Writes index.json. Fails with the first error of the run's writes, if
  /// any, or of this one.
  bool finish(std::string &error);

private:
  void record(mlir::Operation *op, const interp::Tensor &tensor);

  std::string directory_;
  unsigned step_ = 0;
  std::string error_;
  llvm::json::Array index_;
};

} // namespace qcc

#endif // QCC_TOOLS_TENSORDUMP_H
