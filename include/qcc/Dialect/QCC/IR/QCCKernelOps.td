//===- QCCKernelOps.td - calls of runtime microkernels -----*- tablegen -*-===//
//
// This file defines the kernel level of the qcc dialect, the form
// `qcc-lower-to-kernels` produces and the emitters consume: every op is a
// call of one runtime microkernel (runtime/include/qcc/kernels.h) on int8
// tensors, with its descriptor and packed constants spelled out.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_DIALECT_QCC_IR_QCCKERNELOPS_TD
#define QCC_DIALECT_QCC_IR_QCCKERNELOPS_TD

include "qcc/Dialect/QCC/IR/QCCBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def QCC_KernelOp : QCC_Op<"kernel", [Pure]> {
  let summary = "a call of a runtime microkernel";
  let description = [{
    Calls the C function `callee` as
    `callee(&descriptor, constants..., inputs..., output)`: `descriptor` is
    the kernel's descriptor struct as int32 fields, `constants` its packed
    weights and tables (int8 or int32 arrays), `inputs` the tensors it
    reads, and the result the tensor it writes.

    With `tied`, the last operand is not read: it is the buffer the kernel
    writes into, and the result is that buffer after the write (a
    concatenation writes its inputs one call each into one buffer).
    `scratch` is the number of bytes of working memory the call needs.
    `in_place` says the kernel may write its output over its first input.

    Example:

    ```mlir
    %y = qcc.kernel "qcc_requantize_s8"(%x) {descriptor = array<i32: 8, 0,
           1073741824, 0, 0, -128, 127, 0>, in_place}
       : (tensor<1x8xi8>) -> tensor<1x8xi8>
    ```
  }];
  let arguments = (ins StrAttr:$callee, DenseI32ArrayAttr:$descriptor,
                       DefaultValuedAttr<ArrayAttr, "{}">:$constants,
                       Variadic<AnyStaticShapeTensor>:$inputs,
                       UnitAttr:$tied, UnitAttr:$in_place,
                       DefaultValuedAttr<I64Attr, "0">:$scratch);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = [{
    $callee `(` $inputs `)` attr-dict `:` functional-type($inputs, results)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The operands the kernel reads (all but a tied destination).
    ::mlir::OperandRange getReadInputs() {
      return getTied() ? getInputs().drop_back() : getInputs();
    }
  }];
}

#endif // QCC_DIALECT_QCC_IR_QCCKERNELOPS_TD
