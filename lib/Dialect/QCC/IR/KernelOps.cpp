//===- KernelOps.cpp - verifier of qcc.kernel ------------------------------===//
//
// This file checks a `qcc.kernel` call against the C interface of its
// callee (KernelCatalog.h): descriptor size, constant element types, input
// count, and int8 storage everywhere else.
//
//===----------------------------------------------------------------------===//

#include "qcc/Dialect/QCC/IR/KernelCatalog.h"
#include "qcc/Dialect/QCC/IR/QCCOps.h"

using namespace mlir;
using namespace qcc;

LogicalResult KernelOp::verify() {
  const KernelInfo *kernel = lookupKernel(getCallee());
  if (!kernel)
    return emitOpError("calls unknown kernel '") << getCallee() << "'";
  if (getDescriptor().size() != kernel->descriptorSize)
    return emitOpError("expects a descriptor of ")
           << kernel->descriptorSize << " fields for '" << getCallee()
           << "' but got " << getDescriptor().size();
  if (getConstants().size() != kernel->constantWidths.size())
    return emitOpError("expects ") << kernel->constantWidths.size()
                                   << " constants but got "
                                   << getConstants().size();
  for (auto [attr, width] :
       llvm::zip(getConstants(), kernel->constantWidths)) {
    auto data = dyn_cast<DenseIntElementsAttr>(attr);
    if (!data || data.getType().getRank() != 1 ||
        !data.getElementType().isSignlessInteger(width))
      return emitOpError("expects constant of rank-1 i")
             << width << " elements but got " << attr;
  }
  size_t reads = getReadInputs().size();
  if (reads != kernel->numInputs)
    return emitOpError("expects ") << kernel->numInputs
                                   << " inputs but got " << reads;
  if (getTied() && getInputs().back().getType() != getType())
    return emitOpError("expects the tied operand to have the result type");
  auto isInt8 = [](Type type) {
    return cast<ShapedType>(type).getElementType().isSignlessInteger(8);
  };
  if (!llvm::all_of(getInputs().getTypes(), isInt8) || !isInt8(getType()))
    return emitOpError("expects int8 tensors");
  return success();
}
