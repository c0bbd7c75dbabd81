//===- LowerToKernels.cpp - integer ops to runtime kernel calls -----------===//
//
// This file implements qcc-lower-to-kernels. It walks the integer level in
// order and emits, for each op, the `qcc.kernel` call of the runtime kernel
// that computes it (KernelLowering.h), keeping a
// map from old values to new int8 ones; the boundary (quantize, dequantize,
// the function type) is rewritten here.
//
//===----------------------------------------------------------------------===//

#include "KernelLowering.h"
#include "PassUtils.h"

#include "qcc/Dialect/QCC/Transforms/Passes.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/IR/TypeUtilities.h"

namespace qcc {
#define GEN_PASS_DEF_LOWERTOKERNELS
#include "qcc/Dialect/QCC/Transforms/Passes.h.inc"
} // namespace qcc

using namespace mlir;
using namespace qcc;
using namespace qcc::kernels;

namespace {

/// Whether `op` is a transpose by `perm`.
bool isTranspose(Operation *op, ArrayRef<int64_t> perm) {
  auto transpose = dyn_cast_or_null<TransposeOp>(op);
  return transpose && transpose.getPerm() == perm;
}

/// The root of a value's storage through views.
Value storageRoot(Value value) {
  while (auto reshape = value.getDefiningOp<ReshapeOp>())
    value = reshape.getInput();
  return value;
}

struct LowerToKernels : qcc::impl::LowerToKernelsBase<LowerToKernels> {
  using LowerToKernelsBase::LowerToKernelsBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    Block &body = func.getBody().front();
    OpBuilder builder(func.getContext());
    builder.setInsertionPointToStart(&body);
    Lowering lowering(builder, targetFeatures);
    if (ioLayout != "model" && ioLayout != "nhwc") {
      func.emitError("unknown io-layout '") << ioLayout
                                            << "' (expected model or nhwc)";
      return signalPassFailure();
    }
    bool nhwc = ioLayout == "nhwc";
    // Layout transposes at the boundary that --io-layout=nhwc removes.
    llvm::SmallPtrSet<Operation *, 4> absorbed;

    // New arguments: the quantized inputs, as int8 tensors of the same
    // shape, behind the old ones (which are erased at the end).
    unsigned numOld = func.getNumArguments();
    SmallVector<Type> inputTypes;
    for (unsigned i = 0; i < numOld; ++i) {
      // The quantized input: the argument itself (a QOperator model), or
      // the one qcc.quantize that reads a float argument.
      BlockArgument arg = func.getArgument(i);
      Value quantized = arg;
      if (!isa<quant::QuantizedType>(getElementTypeOrSelf(arg.getType()))) {
        auto quantize = dyn_cast_or_null<QuantizeOp>(
            arg.hasOneUse() ? *arg.getUsers().begin() : nullptr);
        if (!quantize) {
          func.emitError("input #")
              << i << " is not read by exactly one qcc.quantize; only "
              << "quantized inputs can be compiled";
          return signalPassFailure();
        }
        quantized = quantize.getResult();
      }
      auto type = cast<RankedTensorType>(quantized.getType());
      Location loc = quantized.getLoc();
      Operation *anchor = quantized.getDefiningOp();
      if (failed(checkBoundaryType(anchor ? anchor : func.getOperation(), type)))
        return signalPassFailure();
      // With --io-layout=nhwc a 4-D input arrives NHWC: the transpose to
      // NHWC after it disappears (or one back to NCHW is inserted).
      bool toNHWC = nhwc && type.getRank() == 4;
      RankedTensorType boundary = toNHWC ? permuted(type, kToNHWC) : type;
      NamedAttrList attrs(func.getArgAttrDict(i));
      attrs.set("qcc.boundary", TypeAttr::get(boundary));
      if (failed(func.insertArgument(numOld + i, int8Like(boundary),
                                     attrs.getDictionary(&getContext()),
                                     arg.getLoc())))
        return signalPassFailure();
      Value input = func.getArgument(numOld + i);
      inputTypes.push_back(input.getType());
      Value value = lowering.fromStorage(loc, input, boundary);
      Operation *user =
          quantized.hasOneUse() ? *quantized.getUsers().begin() : nullptr;
      if (toNHWC && isTranspose(user, kToNHWC)) {
        lowering.map(user, value);
        absorbed.insert(user);
      } else {
        lowering.mapValue(quantized, toNHWC ? lowering.transpose(loc, value,
                                                                 kToNCHW)
                                            : value);
      }
    }

    auto ret = cast<func::ReturnOp>(body.getTerminator());
    for (Operation &op : llvm::make_early_inc_range(body)) {
      if (&op == ret.getOperation() || isa<QuantizeOp>(op) ||
          absorbed.contains(&op) ||
          op.hasTrait<OpTrait::ConstantLike>() || isa<KernelOp>(op) ||
          lowering.isNew(&op))
        continue;
      if (isa<DequantizeOp>(op)) {
        if (!llvm::all_of(op.getUsers(),
                          [](Operation *u) { return isa<func::ReturnOp>(u); })) {
          op.emitError("qcc.dequantize inside the model has no kernel; only "
                       "model outputs can be dequantized");
          return signalPassFailure();
        }
        continue;
      }
      if (failed(lowering.lower(&op)))
        return signalPassFailure();
    }

    // Returned values: the quantized tensors before their dequantize, in
    // uint8 storage again where they were uint8, each in a buffer of its own.
    builder.setInsertionPoint(ret);
    SmallVector<Value> results;
    SmallVector<Type> resultTypes;
    SmallVector<TypeAttr> boundaries;
    llvm::SmallPtrSet<Value, 4> claimed;
    for (auto [index, operand] : llvm::enumerate(ret.getOperands())) {
      auto dequantize = operand.getDefiningOp<DequantizeOp>();
      Value quantized = dequantize ? dequantize.getInput() : operand;
      auto type = dyn_cast<RankedTensorType>(quantized.getType());
      if (!type || !isa<quant::QuantizedType>(type.getElementType())) {
        func.emitError("output #") << index << " is not quantized";
        return signalPassFailure();
      }
      Operation *anchor = dequantize ? dequantize.getOperation()
                                     : quantized.getDefiningOp();
      if (anchor && failed(checkBoundaryType(anchor, type)))
        return signalPassFailure();
      Value value = lowering.lookup(quantized);
      if (nhwc && type.getRank() == 4) {
        // An NHWC output: the transpose to NCHW before it is skipped, or
        // one to NHWC inserted.
        Operation *producer = quantized.getDefiningOp();
        value = isTranspose(producer, kToNCHW)
                    ? lowering.lookup(producer->getOperand(0))
                    : lowering.transpose(ret.getLoc(), value, kToNHWC);
        type = permuted(type, kToNHWC);
      }
      Value result = lowering.toStorage(ret.getLoc(), value, type);
      Value root = storageRoot(result);
      if (isa<BlockArgument>(root) || !claimed.insert(root).second)
        result = lowering.copy(ret.getLoc(), result);
      claimed.insert(storageRoot(result));
      results.push_back(result);
      resultTypes.push_back(result.getType());
      boundaries.push_back(TypeAttr::get(type));
    }
    func::ReturnOp::create(builder, ret.getLoc(), results);

    // Erase the integer level (users first) and kernel calls left unused
    // by the boundary, then the old arguments.
    ret.erase();
    for (Operation &op : llvm::make_early_inc_range(llvm::reverse(body)))
      if (!isa<func::ReturnOp>(op) &&
          (!lowering.isNew(&op) || op.use_empty()))
        op.erase();
    llvm::BitVector oldArguments(2 * numOld);
    oldArguments.set(0, numOld);
    if (failed(func.eraseArguments(oldArguments)))
      return signalPassFailure();
    func.setType(FunctionType::get(&getContext(), inputTypes, resultTypes));
    for (auto [index, boundary] : llvm::enumerate(boundaries))
      func.setResultAttr(index, "qcc.boundary", boundary);
  }
};

} // namespace
