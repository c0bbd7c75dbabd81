//===- KernelProgram.cpp - reading a planned kernel-level function --------===//
//
// This file reads what qcc-plan-memory left on the function (places, arena
// size, live-set bound) and what qcc-lower-to-kernels left on its boundary
// (the quantized types), for the emitters and the report.
//
//===----------------------------------------------------------------------===//

#include "qcc/Target/KernelProgram.h"

#include "qcc/Dialect/QCC/IR/QCCOps.h"

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;

namespace qcc {

Place placeOf(Value value) {
  if (auto arg = dyn_cast<BlockArgument>(value))
    return {Place::Input, arg.getArgNumber()};
  Operation *op = value.getDefiningOp();
  if (op->hasTrait<OpTrait::ConstantLike>())
    return {Place::Constant, 0};
  if (auto index = op->getAttrOfType<IntegerAttr>("qcc.input"))
    return {Place::Input, index.getInt()};
  if (auto index = op->getAttrOfType<IntegerAttr>("qcc.output"))
    return {Place::Output, index.getInt()};
  return {Place::Arena, op->getAttrOfType<IntegerAttr>("qcc.offset").getInt()};
}

/// The header's view of a boundary tensor of int8 type `type` whose
/// quantized type is in `attrs`.
static FailureOr<BoundaryTensor> boundaryTensor(func::FuncOp func, Type type,
                                                DictionaryAttr attrs) {
  auto boundary = attrs ? attrs.getAs<TypeAttr>("qcc.boundary") : nullptr;
  auto quantized =
      boundary ? dyn_cast<quant::UniformQuantizedType>(
                     getElementTypeOrSelf(boundary.getValue()))
               : nullptr;
  if (!quantized)
    return func.emitError("boundary tensor without a per-tensor qcc.boundary "
                          "type; run qcc-lower-to-kernels first");
  BoundaryTensor tensor;
  if (auto name = attrs.getAs<StringAttr>("qcc.name"))
    tensor.name = name.str();
  auto shaped = cast<ShapedType>(type);
  tensor.shape.assign(shaped.getShape().begin(), shaped.getShape().end());
  tensor.size = shaped.getNumElements();
  tensor.scale = quantized.getScale();
  tensor.zeroPoint = quantized.getZeroPoint();
  tensor.isSigned = quantized.isSigned();
  return tensor;
}

/// Read-only data flattened to rank 1, named `name` unless equal data
/// already has a name in `names`.
static CallArgument
constantArgument(DenseIntElementsAttr data, std::string name,
                 llvm::DenseMap<Attribute, std::string> &names) {
  auto flat = RankedTensorType::get({data.getNumElements()},
                                    data.getElementType());
  auto flatData = cast<DenseIntElementsAttr>(data.reshape(flat));
  auto [it, first] = names.try_emplace(flatData, std::move(name));
  return {{Place::Constant, 0}, flatData, it->second, first};
}

/// The kernel calls of the planned function, their arguments resolved.
static LogicalResult readCalls(KernelProgram &program) {
  llvm::DenseMap<Attribute, std::string> names;
  for (Operation &op : program.func.getBody().front()) {
    auto kernel = dyn_cast<KernelOp>(op);
    if (!kernel)
      continue;
    KernelCall call{kernel, "k" + std::to_string(program.calls.size()), {}};
    for (auto [c, attr] : llvm::enumerate(kernel.getConstants()))
      call.arguments.push_back(
          constantArgument(cast<DenseIntElementsAttr>(attr),
                           call.prefix + "_c" + std::to_string(c), names));
    for (auto [i, input] : llvm::enumerate(kernel.getReadInputs())) {
      DenseIntElementsAttr data;
      if (placeOf(input).kind == Place::Constant &&
          matchPattern(input, m_Constant(&data)))
        call.arguments.push_back(constantArgument(
            data, call.prefix + "_in" + std::to_string(i), names));
      else
        call.arguments.push_back({placeOf(input), {}, {}});
    }
    Place out = placeOf(kernel.getResult());
    if (out.kind == Place::Input)
      return kernel.emitError("writes into a model input");
    call.arguments.push_back({out, {}, {}});
    if (auto scratch = kernel->getAttrOfType<IntegerAttr>("qcc.scratch_offset"))
      call.arguments.push_back({{Place::Arena, scratch.getInt()}, {}, {}});
    program.calls.push_back(std::move(call));
  }
  return success();
}

FailureOr<KernelProgram> readKernelProgram(ModuleOp module) {
  auto funcs = llvm::to_vector(module.getOps<func::FuncOp>());
  if (funcs.size() != 1)
    return module.emitError("expects one function to compile but got ")
           << funcs.size();
  KernelProgram program;
  program.func = funcs.front();
  auto arena = program.func->getAttrOfType<IntegerAttr>("qcc.arena_size");
  auto bound = program.func->getAttrOfType<IntegerAttr>("qcc.live_bound");
  if (!arena || !bound)
    return program.func.emitError(
        "has no memory plan; run qcc-plan-memory first");
  program.arenaSize = arena.getInt();
  program.liveBound = bound.getInt();
  FunctionType type = program.func.getFunctionType();
  for (unsigned i = 0; i < type.getNumInputs(); ++i) {
    FailureOr<BoundaryTensor> tensor = boundaryTensor(
        program.func, type.getInput(i), program.func.getArgAttrDict(i));
    if (failed(tensor))
      return failure();
    program.inputs.push_back(*tensor);
  }
  for (unsigned i = 0; i < type.getNumResults(); ++i) {
    FailureOr<BoundaryTensor> tensor = boundaryTensor(
        program.func, type.getResult(i), program.func.getResultAttrDict(i));
    if (failed(tensor))
      return failure();
    program.outputs.push_back(*tensor);
  }
  if (failed(readCalls(program)))
    return failure();
  return program;
}

} // namespace qcc
