//===- KernelLowering.cpp - one integer op to one kernel call -------------===//
//
// This file holds the frame of the kernel lowering: emitting `qcc.kernel`
// calls of the kernel the target's features select, the model boundary
// (uint8 flips, copies, transposes), operands, and the dispatch to the
// per-op lowerings of LowerComputeOps.cpp and LowerDataOps.cpp.
//
//===----------------------------------------------------------------------===//

#include "KernelDescriptors.h"
#include "KernelLowering.h"

#include "qcc/Dialect/QCC/IR/KernelCatalog.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "llvm/ADT/TypeSwitch.h"

namespace qcc::kernels {

RankedTensorType int8Like(Type type) {
  return RankedTensorType::get(cast<ShapedType>(type).getShape(),
                               IntegerType::get(type.getContext(), 8));
}

LogicalResult checkBoundaryType(Operation *op, Type type) {
  auto uniform = dyn_cast_or_null<quant::UniformQuantizedType>(quantizedOf(type));
  if (uniform && uniform.getStorageTypeIntegralWidth() == 8)
    return success();
  return op->emitError("has a boundary tensor of type ")
         << type << "; compiled models take and return per-tensor 8-bit "
         << "quantized tensors";
}

//===----------------------------------------------------------------------===//
// Lowering
//===----------------------------------------------------------------------===//

Value Lowering::emit(Location loc, StringRef symbol,
                     ArrayRef<int32_t> descriptor,
                     ArrayRef<Attribute> constants, ValueRange inputs,
                     Type resultType, bool inPlace, Value tied, int64_t macs,
                     int64_t scratch) {
  SmallVector<Value> operands(inputs.begin(), inputs.end());
  if (tied)
    operands.push_back(tied);
  NamedAttrList attrs;
  attrs.set("callee", builder.getStringAttr(symbol));
  attrs.set("descriptor", builder.getDenseI32ArrayAttr(descriptor));
  if (!constants.empty())
    attrs.set("constants", builder.getArrayAttr(constants));
  if (tied)
    attrs.set("tied", builder.getUnitAttr());
  if (inPlace)
    attrs.set("in_place", builder.getUnitAttr());
  if (macs)
    attrs.set("qcc.macs", builder.getI64IntegerAttr(macs));
  if (scratch)
    attrs.set("scratch", builder.getI64IntegerAttr(scratch));
  auto kernel = KernelOp::create(builder, loc, TypeRange{int8Like(resultType)},
                                 operands, attrs.getAttrs());
  created.insert(kernel);
  return kernel.getResult();
}

const KernelInfo *Lowering::select(Operation *op, StringRef operation,
                                   ArrayRef<int8_t> weights, int64_t channels) {
  const KernelInfo *kernel = selectKernel(
      operation, features, !channels || weightPairsFit(weights, channels));
  if (!kernel)
    op->emitError("no runtime kernel computes '")
        << operation << "' for the enabled target features";
  return kernel;
}

FailureOr<Value> Lowering::call(Operation *op, StringRef operation,
                                ArrayRef<int32_t> descriptor,
                                ArrayRef<Attribute> constants,
                                ValueRange inputs, Type resultType,
                                bool inPlace, Value tied, int64_t macs) {
  const KernelInfo *kernel = select(op, operation);
  if (!kernel)
    return failure();
  return emit(op->getLoc(), kernel->symbol, descriptor, constants, inputs,
              resultType, inPlace, tied, macs);
}

Value Lowering::callPortable(Location loc, StringRef operation,
                             ArrayRef<int32_t> descriptor, Value input,
                             Type resultType, bool inPlace) {
  // Every operation has a portable kernel, which needs no feature.
  const KernelInfo *kernel = selectKernel(operation, features);
  assert(kernel && "every operation has a portable kernel");
  return emit(loc, kernel->symbol, descriptor, {}, input, resultType, inPlace);
}

Value Lowering::fromStorage(Location loc, Value input, Type quantizedType) {
  if (!storageOffset(quantizedType))
    return input;
  int32_t count = i32(cast<ShapedType>(input.getType()).getNumElements());
  return callPortable(loc, "flip_sign", {count}, input, input.getType(),
                      /*inPlace=*/true);
}

Value Lowering::toStorage(Location loc, Value value, Type quantizedType) {
  return fromStorage(loc, value, quantizedType); // the flip is an involution
}

Value Lowering::copy(Location loc, Value value) {
  // A gather with stride 1.
  int64_t count = cast<ShapedType>(value.getType()).getNumElements();
  return callPortable(loc, "gather",
                      gatherFields(Walk({count}, {SmallVector<int64_t>{1}}), 0),
                      value, value.getType());
}

Value Lowering::input(Value old) {
  if (Value value = mapping.lookupOrNull(old))
    return value;
  // A quantized constant operand (a factor of qcc.qmul): its int8 form as a
  // constant tensor, which the emitters place in read-only data.
  auto constant = old.getDefiningOp<QConstantOp>();
  assert(constant && "operands are lowered before their users");
  FailureOr<Weights> values = int8Weights(constant, old);
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPoint(constant);
  auto type = int8Like(old.getType());
  Value value = arith::ConstantOp::create(
      builder, constant.getLoc(), type,
      DenseIntElementsAttr::get(type, ArrayRef(values->values)));
  created.insert(value.getDefiningOp());
  mapping.map(old, value);
  return value;
}

LogicalResult Lowering::lower(Operation *op) {
  builder.setInsertionPoint(op);
  FailureOr<Value> value = lowerOp(op);
  if (failed(value))
    return failure();
  map(op, *value);
  return success();
}

FailureOr<Value> Lowering::lowerOp(Operation *op) {
  return llvm::TypeSwitch<Operation *, FailureOr<Value>>(op)
      .Case([&](QConv2DOp o) { return lowerConv(o); })
      .Case([&](QFullyConnectedOp o) { return lowerFullyConnected(o); })
      .Case([&](QMatMulOp o) { return lowerMatMul(o); })
      .Case([&](QAddOp o) { return lowerAdd(o); })
      .Case([&](QMulOp o) { return lowerMul(o); })
      .Case([&](RequantizeOp o) { return lowerRequantize(o); })
      .Case([&](QLookupOp o) { return lowerLookup(o); })
      .Case([&](QSoftmaxOp o) { return lowerSoftmax(o); })
      .Case([&](QLayerNormOp o) { return lowerLayerNorm(o); })
      .Case<QMaxPoolOp, QAvgPoolOp>([&](Operation *o) { return lowerPool(o); })
      .Case([&](QGlobalAvgPoolOp o) { return lowerGlobalAvgPool(o); })
      .Case([&](QConcatOp o) { return lowerConcat(o); })
      .Case([&](QPadOp o) { return lowerPad(o); })
      .Case([&](TransposeOp o) { return lowerTranspose(o); })
      .Case([&](SliceOp o) { return lowerSlice(o); })
      .Case([&](ReshapeOp o) { return lowerReshape(o); })
      .Default([&](Operation *o) -> FailureOr<Value> {
        return o->emitError("'")
               << o->getName() << "' has no runtime kernel";
      });
}


} // namespace qcc::kernels
