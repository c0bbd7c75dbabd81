//===- NodeImporter.h - state and helpers shared by op converters -*- C++ -*-===//
//
// This file declares what an ONNX op converter sees: the node being
// imported (attributes, inputs as IR values or compile-time constants,
// inferred output types) and the graph-wide value table. Converters live in
// Ops*.cpp files, grouped by kind, and register themselves by op type.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_LIB_IMPORT_ONNX_NODEIMPORTER_H
#define QCC_LIB_IMPORT_ONNX_NODEIMPORTER_H

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringMap.h"

#include "onnx/onnx_pb.h"

#include <deque>
#include <optional>

namespace qcc::onnx_import {

/// What the importer knows about one ONNX value.
struct ImportedValue {
  /// The value in the IR, once materialized.
  mlir::Value value;
  /// The contents, when known at compile time (initializers, Constant
  /// nodes, folded shape computations).
  mlir::DenseElementsAttr constant;
  /// For the output of QuantizeLinear: the float value being quantized and
  /// the quantized type. A DequantizeLinear of it becomes qcc.fake_quant.
  mlir::Value quantizedFrom;
  mlir::Type quantType;
};

/// The graph-wide state: values by name, inferred types, model facts.
struct GraphState {
  std::string file;
  /// The opset whose semantics the nodes have (models of opsets above 17
  /// are rewritten into opset 17, see Downgrade.h) and the one the model
  /// declares, which diagnostics name.
  int64_t opset = 0;
  int64_t declaredOpset = 0;
  llvm::StringMap<ImportedValue> values;
  llvm::StringMap<const onnx::TypeProto *> types;
  /// Types from shape inference rerun with folded constants (see
  /// ShapeInference.h); `types` points into it, so it never moves them.
  std::deque<onnx::TypeProto> refinedTypes;
  /// How many values were constants when shapes were last inferred.
  size_t constantsAtInference = 0;
  /// Materialized constants, so each initializer becomes one op.
  llvm::DenseMap<mlir::Attribute, mlir::Value> constantOps;
  mlir::Operation *lastConstant = nullptr;
};

/// One node under conversion.
class NodeImporter {
public:
  NodeImporter(const onnx::NodeProto &node, GraphState &graph,
               mlir::OpBuilder &builder);

  const onnx::NodeProto &node() const { return node_; }
  int64_t opset() const { return graph_.opset; }
  mlir::OpBuilder &builder() { return builder_; }
  mlir::Location loc() const { return loc_; }
  mlir::MLIRContext *context() { return builder_.getContext(); }
  /// ONNX's default quantized storage, uint8.
  mlir::IntegerType uint8Type() {
    return mlir::IntegerType::get(context(), 8, mlir::IntegerType::Unsigned);
  }

  /// An error prefixed with "node 'NAME' (OP, opset N): ". Only a node's
  /// first error is reported, so converters may gather several failures
  /// before checking them and still print one line.
  mlir::InFlightDiagnostic error();

  /// Fails with an error when an output of `shape` and `element` type that
  /// a converter computes from data (a folded constant, a shape operand)
  /// has a negative dimension or exceeds kMaxTensorBytes.
  mlir::LogicalResult checkOutputSize(llvm::ArrayRef<int64_t> shape,
                                      mlir::Type element);

  // Inputs. Index i is absent when the node has fewer inputs or its name is
  // empty (ONNX's way of skipping an optional input).
  bool hasInput(unsigned i) const;
  unsigned numInputs() const { return node_.input_size(); }
  /// The input as an f32 tensor value (constants are materialized).
  mlir::FailureOr<mlir::Value> input(unsigned i);
  /// Like input(), but also a quantized tensor (a QOperator op's result),
  /// for the layout ops, which do not look at values.
  mlir::FailureOr<mlir::Value> layoutInput(unsigned i);
  /// Like input(), but a null value when the optional input is absent.
  mlir::FailureOr<mlir::Value> optionalInput(unsigned i);
  /// The input's contents, which must be known at compile time.
  mlir::FailureOr<mlir::DenseElementsAttr> constantInput(unsigned i);
  /// The input's contents as integers (shape-like inputs).
  mlir::FailureOr<llvm::SmallVector<int64_t>> constantInts(unsigned i);
  /// The input's single value (a float or integer constant) as a double.
  mlir::FailureOr<double> constantScalar(unsigned i);
  /// The input as a tensor of quantized type `type`: a quantized value of
  /// that type, stored integers (becoming a qcc.qconstant), a QuantizeLinear
  /// output on that grid (becoming a qcc.quantize), or an integer graph
  /// input, whose argument type becomes `type`.
  mlir::FailureOr<mlir::Value> quantizedInput(unsigned i,
                                              mlir::quant::QuantizedType type);
  /// The raw record of an input (for the quantization converters).
  mlir::FailureOr<ImportedValue *> inputRecord(unsigned i);

  // Outputs.
  unsigned numOutputs() const { return node_.output_size(); }
  /// The inferred type of output i as a static f32 (or other element type)
  /// tensor; dynamic dimensions are an error.
  mlir::FailureOr<mlir::RankedTensorType> outputType(unsigned i);
  void setOutput(unsigned i, mlir::Value value);
  void setOutputConstant(unsigned i, mlir::DenseElementsAttr value);
  void setOutputRecord(unsigned i, ImportedValue record);

  // Attributes.
  const onnx::AttributeProto *attr(llvm::StringRef name) const;
  int64_t attrInt(llvm::StringRef name, int64_t fallback) const;
  float attrFloat(llvm::StringRef name, float fallback) const;
  std::string attrString(llvm::StringRef name, llvm::StringRef fallback) const;
  llvm::SmallVector<int64_t> attrInts(llvm::StringRef name) const;
  mlir::FailureOr<mlir::DenseElementsAttr> attrTensor(llvm::StringRef name);

  /// Fails with "unsupported ATTR = VALUE" unless the attribute is absent or
  /// equal to `expected`.
  mlir::LogicalResult expectAttrString(llvm::StringRef name,
                                       llvm::StringRef expected);
  mlir::LogicalResult expectAttrInt(llvm::StringRef name, int64_t expected);

  /// Materializes a constant as an IR value (arith.constant), once.
  mlir::Value materialize(mlir::DenseElementsAttr constant);

private:
  const onnx::NodeProto &node_;
  GraphState &graph_;
  mlir::OpBuilder &builder_;
  mlir::Location loc_;
  bool reported_ = false;
};

/// A converter imports one node; it has already been told the op type.
using Converter = mlir::LogicalResult (*)(NodeImporter &);
using ConverterTable = llvm::StringMap<Converter>;

// Registration, one function per Ops*.cpp file.
void registerElementwiseOps(ConverterTable &table);
void registerConvolutionOps(ConverterTable &table);
void registerPoolingOps(ConverterTable &table);
void registerConvTransposeOps(ConverterTable &table);
void registerResizeOps(ConverterTable &table);
void registerNormalizationOps(ConverterTable &table);
void registerShapeOps(ConverterTable &table);
void registerQuantizationOps(ConverterTable &table);
void registerQOperatorOps(ConverterTable &table);
void registerRecurrentOps(ConverterTable &table);
void registerFoldingOps(ConverterTable &table);

/// `v` reshaped to `shape` (itself when it has that shape already).
mlir::Value reshape(NodeImporter &n, mlir::Value v,
                    llvm::ArrayRef<int64_t> shape);

/// Folds Add, Sub, Mul, Div or Equal of two integer constants (as shape
/// computations do). False when an input is not an integer constant.
mlir::FailureOr<bool> foldIntegerBinary(NodeImporter &n);

/// The numpy-style broadcast of two shapes; failure when they do not
/// broadcast.
mlir::FailureOr<llvm::SmallVector<int64_t>>
broadcastShapes(llvm::ArrayRef<int64_t> a, llvm::ArrayRef<int64_t> b);

/// For each element of a tensor of shape `to`, in row-major order, the
/// row-major index of the element of a tensor of shape `from` that
/// broadcasting gives it.
llvm::SmallVector<int64_t> broadcastIndices(llvm::ArrayRef<int64_t> from,
                                            llvm::ArrayRef<int64_t> to);

/// A constant broadcast to `shape` (a broadcast of its own shape).
mlir::DenseElementsAttr broadcastConstant(mlir::DenseElementsAttr c,
                                          llvm::ArrayRef<int64_t> shape);

/// Converts a TensorProto (inline, raw_data or external data under
/// `baseDir`) into an elements attribute; `what` names it in errors.
mlir::FailureOr<mlir::DenseElementsAttr>
tensorToAttr(const onnx::TensorProto &tensor, llvm::StringRef baseDir,
             mlir::MLIRContext *context, std::string &error);

/// Maps an ONNX element type to an MLIR one (nullptr when unsupported).
mlir::Type elementTypeFromONNX(int32_t dataType, mlir::MLIRContext *context);

/// The inverse of elementTypeFromONNX (UNDEFINED for other types).
int32_t elementTypeToONNX(mlir::Type type);

/// Writes a constant's type, shape and contents (as raw_data) into
/// `tensor`; false when its element type has no ONNX counterpart here.
bool attrToTensor(mlir::DenseElementsAttr attr, onnx::TensorProto &tensor);

/// Reads the quantized type of a rank-`rank` tensor from the node's scale
/// input `scale` and optional zero-point input `zeroPoint`. Without a scale
/// input (nullopt) the scale is 1, as for ConvInteger. Without a zero point
/// the storage is `defaultStorage` and the zero point 0. A vector of scales
/// or zero points means per axis along `axis`.
mlir::FailureOr<mlir::quant::QuantizedType>
readQuantType(NodeImporter &n, std::optional<unsigned> scale,
              unsigned zeroPoint, int64_t rank,
              mlir::IntegerType defaultStorage, int64_t axis);

/// Whether two quantized types put values on the same grid (scales, zero
/// points, storage width and signedness), whatever their storage ranges.
bool sameGrid(mlir::quant::QuantizedType a, mlir::quant::QuantizedType b);

/// Normalizes an axis in [-rank, rank) to [0, rank).
mlir::FailureOr<int64_t> normalizeAxis(NodeImporter &node, int64_t axis,
                                       int64_t rank);

/// Attributes of a 2-D sliding window (Conv, MaxPool, AveragePool) in qcc's
/// form: pads are [top, left, bottom, right] with ONNX's auto_pad resolved.
struct Window {
  llvm::SmallVector<int64_t> kernel, strides, pads, dilations;
};

/// Reads kernel_shape (or `kernel` when given), strides, dilations, pads and
/// auto_pad for an input of spatial size `spatial` (H, W). With
/// `ceilMode`, extra end padding makes the floor formula produce ONNX's
/// ceil_mode output size.
mlir::FailureOr<Window> readWindow(NodeImporter &n,
                                   llvm::ArrayRef<int64_t> spatial,
                                   llvm::ArrayRef<int64_t> kernel,
                                   bool ceilMode = false);

/// The name diagnostics give a node: its name, else its first named output.
std::string nodeName(const onnx::NodeProto &node);

/// "node 'NAME' (OP, opset N): ", the prefix of every node diagnostic.
std::string nodePrefix(const onnx::NodeProto &node, int64_t opset);

/// The most bytes one tensor may take: beyond it, offsets into the arena or
/// the weights no longer fit the int32 the generated code and 32-bit targets
/// index with.
constexpr int64_t kMaxTensorBytes = int64_t(1) << 31;

/// Checks that a tensor of `shape` with `elementBytes` per element has at
/// most kMaxTensorBytes (nor a negative dimension); else sets `error`,
/// which starts with `what` (the tensor named, as "tensor 'w'").
mlir::LogicalResult checkTensorSize(llvm::ArrayRef<int64_t> shape,
                                    int64_t elementBytes,
                                    const llvm::Twine &what,
                                    std::string &error);

/// The static shape of a tensor type, or an error message saying which
/// dimension is dynamic or zero-sized, or that the tensor is too large.
mlir::FailureOr<llvm::SmallVector<int64_t>>
staticShape(const onnx::TypeProto_Tensor &tensor, llvm::StringRef name,
            std::string &error);

} // namespace qcc::onnx_import

#endif // QCC_LIB_IMPORT_ONNX_NODEIMPORTER_H
