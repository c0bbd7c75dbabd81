//===- QCCDialect.cpp - qcc dialect registration and attributes -----------===//
//
// This file registers the qcc dialect's ops and attributes, materializes
// folded constants and verifies `#qcc.requant`.
//
//===----------------------------------------------------------------------===//

#include "qcc/Dialect/QCC/IR/QCCDialect.h"

#include "Verification.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "qcc/Dialect/QCC/IR/QCCOps.h"
#include "qcc/Support/QuantizeLinear.h"
#include "qcc/quantize_multiplier.h"
#include "llvm/ADT/TypeSwitch.h"

#include <algorithm>
#include <cmath>

using namespace mlir;
using namespace qcc;

#include "qcc/Dialect/QCC/IR/QCCDialect.cpp.inc"
#include "qcc/Dialect/QCC/IR/QCCEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "qcc/Dialect/QCC/IR/QCCAttrs.cpp.inc"

void QCCDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "qcc/Dialect/QCC/IR/QCCOps.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "qcc/Dialect/QCC/IR/QCCAttrs.cpp.inc"
      >();
}

/// Folds produce either float/integer elements (materialized as
/// arith.constant) or the stored integers of a quantized tensor
/// (materialized as qcc.qconstant).
Operation *QCCDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                           Type type, Location loc) {
  auto elements = dyn_cast<DenseElementsAttr>(value);
  auto tensorType = dyn_cast<RankedTensorType>(type);
  if (!elements || !tensorType)
    return nullptr;
  if (isa<quant::QuantizedType>(tensorType.getElementType())) {
    auto ints = dyn_cast<DenseIntElementsAttr>(elements);
    return ints ? QConstantOp::create(builder, loc, tensorType, ints) : nullptr;
  }
  if (elements.getType() != type)
    return nullptr;
  return arith::ConstantOp::create(builder, loc, type, elements);
}

LogicalResult RequantAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                  ArrayRef<int32_t> multiplier,
                                  ArrayRef<int32_t> shift, int32_t zeroPoint,
                                  int32_t min, int32_t max,
                                  RoundingMode rounding) {
  if (multiplier.empty() || multiplier.size() != shift.size())
    return emitError() << "expects as many shifts as multipliers (at least "
                          "one) but got "
                       << multiplier.size() << " multipliers and "
                       << shift.size() << " shifts";
  for (auto [m0, n] : llvm::zip(multiplier, shift))
    if (failed(detail::verifyMultiplier(emitError, m0, n)))
      return failure();
  if (min > max)
    return emitError() << "expects clamp min <= max but got [" << min << ", "
                       << max << "]";
  return success();
}

FailureOr<RequantAttr>
qcc::buildRequant(MLIRContext *context, ArrayRef<double> multipliers,
                  int32_t zeroPoint, int32_t min, int32_t max,
                  RoundingMode rounding,
                  function_ref<InFlightDiagnostic()> emitError) {
  SmallVector<int32_t> m0s, shifts;
  for (double real : multipliers) {
    int32_t m0;
    int shift;
    if (qcc_quantize_multiplier(real, &m0, &shift) != 0)
      return emitError() << "the multiplier " << real
                         << " cannot be represented in fixed point";
    m0s.push_back(m0);
    shifts.push_back(shift);
  }
  return RequantAttr::get(context, m0s, shifts, zeroPoint, min, max,
                          rounding);
}

quant::UniformQuantizedType qcc::rangeType(MLIRContext *context, double min,
                                           double max, bool isSigned) {
  int64_t qmin = isSigned ? -128 : 0, qmax = isSigned ? 127 : 255;
  RangeGrid grid = gridForRange(min, max, qmin, qmax);
  return quant::UniformQuantizedType::get(
      isSigned ? quant::QuantizationFlags::Signed : 0,
      IntegerType::get(context, 8), Float32Type::get(context), grid.scale,
      grid.zeroPoint, qmin, qmax);
}

std::string qcc::describeValue(Value value) {
  std::string text;
  llvm::raw_string_ostream os(text);
  if (auto arg = dyn_cast<BlockArgument>(value)) {
    auto func = dyn_cast<FunctionOpInterface>(arg.getOwner()->getParentOp());
    StringAttr name =
        func ? func.getArgAttrOfType<StringAttr>(arg.getArgNumber(), "qcc.name")
             : StringAttr();
    if (name)
      os << "input '" << name.getValue() << "'";
    else
      os << "argument #" << arg.getArgNumber();
    return text;
  }
  Operation *op = value.getDefiningOp();
  os << "the output";
  if (op->getNumResults() > 1)
    os << " #" << cast<OpResult>(value).getResultNumber();
  if (auto name = dyn_cast<NameLoc>(op->getLoc()))
    os << " of node '" << name.getName().getValue() << "' ("
       << op->getName() << ")";
  else
    os << " of " << op->getName();
  return text;
}
