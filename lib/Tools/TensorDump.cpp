//===- TensorDump.cpp - every intermediate tensor of a run ----------------===//

#include "qcc/Tools/TensorDump.h"

#include "qcc/Interpreter/TensorIO.h"

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/Operation.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace qcc {
namespace {

/// The ONNX node an op comes from: the first NameLoc in its location (the
/// importer's; passes fuse locations but keep them).
std::string nodeName(Location loc) {
  std::string name;
  loc->walk([&](Location inner) {
    if (auto named = dyn_cast<NameLoc>(inner)) {
      name = named.getName().str();
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return name;
}

/// `name` as a file-name part: letters, digits, '-' and '.' kept, anything
/// else (ONNX's '/' and ':') as '_', at most 80 characters, no '_' at
/// either end.
std::string fileSafe(llvm::StringRef name) {
  std::string safe;
  for (char c : name.take_front(80))
    safe += llvm::isAlnum(c) || c == '-' || c == '.' ? c : '_';
  return llvm::StringRef(safe).trim('_').str();
}

/// Scale and zero point of a quantized type, per tensor or per axis.
void describeQuantization(Type type, llvm::json::Object &entry) {
  auto element = getElementTypeOrSelf(type);
  if (auto q = dyn_cast<quant::UniformQuantizedType>(element)) {
    entry["scale"] = q.getScale();
    entry["zero_point"] = q.getZeroPoint();
  } else if (auto q = dyn_cast<quant::UniformQuantizedPerAxisType>(element)) {
    entry["scale"] = llvm::json::Array(q.getScales());
    entry["zero_point"] = llvm::json::Array(q.getZeroPoints());
    entry["axis"] = q.getQuantizedDimension();
  }
}

} // namespace

interp::Observer TensorDump::observer() {
  return [this](Operation *op, llvm::ArrayRef<interp::Tensor> results) {
    if (!results.empty())
      record(op, results.front());
  };
}

void TensorDump::record(Operation *op, const interp::Tensor &tensor) {
  std::string opName = op->getName().stripDialect().str();
  std::string node = nodeName(op->getLoc());
  std::string file = llvm::formatv("{0:4}_{1}", step_++, opName).str();
  if (!node.empty())
    file += "_" + fileSafe(node);
  file += ".npy";
  llvm::SmallString<256> path(directory_);
  llvm::sys::path::append(path, file);
  std::string message;
  if (!interp::writeNpy(std::string(path), tensor, message) && error_.empty())
    error_ = message;
  llvm::json::Object entry{{"file", file},
                           {"op", opName},
                           {"node", node},
                           {"dtype", interp::dtypeName(tensor.dtype)},
                           {"shape", llvm::json::Array(tensor.shape)}};
  if (op->getNumResults() > 0)
    describeQuantization(op->getResult(0).getType(), entry);
  index_.push_back(std::move(entry));
}

bool TensorDump::finish(std::string &error) {
  if (!error_.empty()) {
    error = error_;
    return false;
  }
  llvm::SmallString<256> path(directory_);
  llvm::sys::path::append(path, "index.json");
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  if (ec) {
    error = "cannot write '" + std::string(path) + "': " + ec.message();
    return false;
  }
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(index_))) << "\n";
  return true;
}

} // namespace qcc
