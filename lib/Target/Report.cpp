//===- Report.cpp - per-layer cost and memory of a compiled model ---------===//
//
// This file writes the --report JSON: for each kernel call its ONNX node,
// kernel, multiply-accumulates, constant bytes and the place of its output,
// and for the whole model the arena size next to the live-set lower bound.
//
//===----------------------------------------------------------------------===//

#include "qcc/Target/Emit.h"
#include "qcc/Target/KernelProgram.h"

#include "qcc/Dialect/QCC/IR/QCCOps.h"

#include "llvm/Support/JSON.h"

using namespace mlir;

namespace qcc {

static std::string nodeOf(Operation *op) {
  if (auto name = dyn_cast<NameLoc>(op->getLoc()))
    return name.getName().str();
  return "";
}

LogicalResult emitReport(ModuleOp module, llvm::raw_ostream &os) {
  FailureOr<KernelProgram> program = readKernelProgram(module);
  if (failed(program))
    return failure();
  llvm::json::Array layers;
  int64_t totalMacs = 0, totalWeights = 0;
  for (KernelCall &call : program->calls) {
    KernelOp kernel = call.op;
    int64_t macs = 0, weights = 0;
    if (auto attr = kernel->getAttrOfType<IntegerAttr>("qcc.macs"))
      macs = attr.getInt();
    // Data shared with an earlier call counts there.
    for (const CallArgument &argument : call.arguments)
      if (argument.place.kind == Place::Constant && argument.defines)
        weights += argument.data.getNumElements() *
                   argument.data.getElementType().getIntOrFloatBitWidth() / 8;
    Place place = placeOf(kernel.getResult());
    static const char *const kinds[] = {"input", "output", "arena"};
    llvm::json::Object output{
        {"place", kinds[place.kind]},
        {place.kind == Place::Arena ? "offset" : "index", place.index},
        {"size", cast<ShapedType>(kernel.getType()).getNumElements()}};
    layers.push_back(llvm::json::Object{{"node", nodeOf(kernel)},
                                        {"kernel", kernel.getCallee()},
                                        {"macs", macs},
                                        {"weight_bytes", weights},
                                        {"output", std::move(output)}});
    totalMacs += macs;
    totalWeights += weights;
  }
  llvm::json::Object report{{"arena_size", program->arenaSize},
                            {"live_set_lower_bound", program->liveBound},
                            {"macs", totalMacs},
                            {"weight_bytes", totalWeights},
                            {"layers", std::move(layers)}};
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(report))) << "\n";
  return success();
}

} // namespace qcc
