//===- QCCBase.td - qcc dialect, enums and attributes ------*- tablegen -*-===//
//
// This file declares the qcc dialect, which holds both levels of a model: the
// float graph (NCHW, with `qcc.fake_quant` marking quantization points) and
// the integer graph (NHWC, `!quant.uniform` tensors, requantization
// parameters precomputed on each op).
//
//===----------------------------------------------------------------------===//

#ifndef QCC_DIALECT_QCC_IR_QCCBASE_TD
#define QCC_DIALECT_QCC_IR_QCCBASE_TD

include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"
include "mlir/IR/OpBase.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Dialect/Quant/IR/QuantBase.td"

def QCC_Dialect : Dialect {
  let name = "qcc";
  let cppNamespace = "::qcc";
  let summary = "Quantized neural-network graphs for integer-only inference";
  let description = [{
    The qcc dialect describes a neural network at two levels.

    The *float level* mirrors ONNX: NCHW tensors of `f32`, graph ops such as
    `qcc.conv2d` and `qcc.batch_norm`, and `qcc.fake_quant` wherever the model
    (or calibration) fixes a quantization. Its semantics are those of the
    ONNX operators the importer reads.

    The *integer level* is what the quantization passes produce: NHWC tensors
    whose element type is an upstream `!quant.uniform` type, weights stored as
    integers (`qcc.qconstant`), int32 biases, and requantization parameters
    (`#qcc.requant`) computed at compile time. Every op of this level is
    defined bit-exactly in terms of the fixed-point primitives of
    `runtime/include/qcc/fixedpoint.h`; no float arithmetic takes place
    between the model's boundary `qcc.quantize` and `qcc.dequantize`.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect", "::mlir::quant::QuantDialect"];
  let useDefaultAttributePrinterParser = 1;
  let hasConstantMaterializer = 1;
}

//===----------------------------------------------------------------------===//
// Enums
//===----------------------------------------------------------------------===//

def QCC_RoundingMode : I32EnumAttr<"RoundingMode",
    "rounding of the fixed-point requantization", [
      I32EnumAttrCase<"Double", 0, "double">,
      I32EnumAttrCase<"Single", 1, "single">]> {
  let cppNamespace = "::qcc";
  let genSpecializedAttr = 0;
}

//===----------------------------------------------------------------------===//
// Attributes
//===----------------------------------------------------------------------===//

class QCC_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<QCC_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

def QCC_RequantAttr : QCC_Attr<"Requant", "requant"> {
  let summary = "fixed-point requantization of an int32 accumulator";
  let description = [{
    Maps an int32 accumulator `acc` (a value of scale `S_acc`, zero point 0)
    to an output of scale `S_out` and zero point `zero_point`. The real
    multiplier `M = S_acc / S_out` of channel `c` is written as
    `M ≈ (multiplier[c] / 2^31) · 2^(-shift[c])`, with `multiplier[c]` in
    `[2^30, 2^31)` (or 0 for a multiplier below 2^-32) and `shift[c]` in
    `[-31, 31]` (negative: a left shift). The result is

    ```
    double:  n >= 0: scaled = RoundingDivideByPOT(SRDHM(acc, M0), n)
             n <  0: scaled = SRDHM(SaturatingShiftLeft(acc, -n), M0)
    single:  scaled = saturate_int32((acc · M0 + r) >> (31 + n)),
             r = 2^(30 + n) for n > -31, else 0
    out     = clamp(saturating_add(scaled, zero_point), min, max)
    ```

    SRDHM (SaturatingRoundingDoublingHighMul) rounds `acc·M0 / 2^31` half
    up and saturates; RoundingDivideByPOT rounds half away from zero; `>>`
    is an arithmetic shift on the exact 64-bit product. This is
    what `qcc_requantize` in `runtime/include/qcc/fixedpoint.h` computes. `[min, max]` lies inside the output storage range and
    carries any fused activation (ReLU, ReLU6, Clip). `multiplier` and
    `shift` have one entry (per tensor) or one per output channel.

    Example:

    ```mlir
    #qcc.requant<multiplier = [1518500250], shift = [7], zero_point = -128,
                 clamp = [-128, 127], rounding = double>
    ```
  }];
  let parameters = (ins
    ArrayRefParameter<"int32_t", "per-channel M0">:$multiplier,
    ArrayRefParameter<"int32_t", "per-channel right shift n">:$shift,
    "int32_t":$zeroPoint,
    "int32_t":$min,
    "int32_t":$max,
    EnumParameter<QCC_RoundingMode>:$rounding);
  let assemblyFormat = [{
    `<` `multiplier` `=` `[` $multiplier `]` `,` `shift` `=` `[` $shift `]` `,`
    `zero_point` `=` $zeroPoint `,` `clamp` `=` `[` $min `,` $max `]` `,`
    `rounding` `=` $rounding `>`
  }];
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// Number of channels the parameters cover (1 for per-tensor).
    size_t getNumChannels() const { return getMultiplier().size(); }
  }];
}

//===----------------------------------------------------------------------===//
// Base op and type constraints
//===----------------------------------------------------------------------===//

class QCC_Op<string mnemonic, list<Trait> traits = []>
    : Op<QCC_Dialect, mnemonic, traits>;

// Float-level tensors: static shapes (the importer fixes the batch to 1).
def QCC_FloatTensor : StaticShapeTensorOf<[F32]>;
// Integer-level activation and weight tensors.
def QCC_QuantTensor : StaticShapeTensorOf<[quant_QuantizedType]>;
def QCC_BiasTensor : StaticShapeTensorOf<[I32]>;
// Layout ops move values without looking at them: any element type.
def QCC_AnyTensor : StaticShapeTensorOf<[F32, quant_QuantizedType, AnySignlessInteger]>;

#endif // QCC_DIALECT_QCC_IR_QCCBASE_TD
