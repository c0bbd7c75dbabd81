//===- QCCInterfaces.td - qcc op interfaces -----------------*- tablegen -*-===//
//
// This file declares the interfaces of the qcc dialect's ops.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_DIALECT_QCC_IR_QCCINTERFACES_TD
#define QCC_DIALECT_QCC_IR_QCCINTERFACES_TD

include "mlir/IR/OpBase.td"

def QCC_FusedActivationOpInterface : OpInterface<"FusedActivationOpInterface"> {
  let cppNamespace = "::qcc";
  let description = [{
    A float op whose result may be clamped to `[clamp_min, clamp_max]` (each
    bound optional) before it leaves the op: the activation
    `qcc-fuse-activation` moved into it (Relu is `clamp_min = 0`, Clip both
    bounds). Quantization turns the bounds into the output clamp of the
    integer op.
  }];
  let methods = [
    InterfaceMethod<"The lower bound of the result, if any.",
      "std::optional<float>", "getActivationMin", (ins), [{}], [{
        if (::mlir::FloatAttr a = $_op.getClampMinAttr())
          return static_cast<float>(a.getValueAsDouble());
        return std::nullopt;
      }]>,
    InterfaceMethod<"The upper bound of the result, if any.",
      "std::optional<float>", "getActivationMax", (ins), [{}], [{
        if (::mlir::FloatAttr a = $_op.getClampMaxAttr())
          return static_cast<float>(a.getValueAsDouble());
        return std::nullopt;
      }]>,
    InterfaceMethod<"Replaces the bounds (std::nullopt removes one).",
      "void", "setActivation",
      (ins "std::optional<float>":$min, "std::optional<float>":$max), [{}], [{
        ::mlir::Builder b($_op.getContext());
        if (min)
          $_op.setClampMinAttr(b.getF32FloatAttr(*min));
        else
          $_op.removeClampMinAttr();
        if (max)
          $_op.setClampMaxAttr(b.getF32FloatAttr(*max));
        else
          $_op.removeClampMaxAttr();
      }]>,
  ];
  let verify = [{
    auto fused = ::mlir::cast<::qcc::FusedActivationOpInterface>($_op);
    std::optional<float> lo = fused.getActivationMin();
    std::optional<float> hi = fused.getActivationMax();
    if (lo && hi && *lo > *hi)
      return $_op->emitOpError("expects clamp_min <= clamp_max but got [")
             << *lo << ", " << *hi << "]";
    return ::mlir::success();
  }];
}

#endif // QCC_DIALECT_QCC_IR_QCCINTERFACES_TD
