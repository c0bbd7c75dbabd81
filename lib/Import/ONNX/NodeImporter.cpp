//===- NodeImporter.cpp - state and helpers shared by op converters -------===//
//
// This file implements the helpers every op converter uses: input lookup
// (materializing compile-time constants on demand), inferred output types,
// attribute access and diagnostics that name the node.
//
//===----------------------------------------------------------------------===//

#include "NodeImporter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "qcc/Dialect/QCC/IR/QCCOps.h"

using namespace mlir;

namespace qcc::onnx_import {

std::string nodeName(const onnx::NodeProto &node) {
  if (!node.name().empty())
    return node.name();
  // Optional outputs may be skipped (LSTM's Y): the first one named.
  for (const std::string &output : node.output())
    if (!output.empty())
      return output;
  return "";
}

std::string nodePrefix(const onnx::NodeProto &node, int64_t opset) {
  return "node '" + nodeName(node) + "' (" + node.op_type() + ", opset " +
         std::to_string(opset) + "): ";
}

/// Bytes per element of an ONNX data type; a type qcc does not read is
/// refused elsewhere and sized as float meanwhile.
static int64_t elementBytes(int32_t dataType) {
  switch (dataType) {
  case onnx::TensorProto_DataType_DOUBLE:
  case onnx::TensorProto_DataType_INT64:
  case onnx::TensorProto_DataType_UINT64:
    return 8;
  case onnx::TensorProto_DataType_FLOAT16:
  case onnx::TensorProto_DataType_BFLOAT16:
  case onnx::TensorProto_DataType_INT16:
  case onnx::TensorProto_DataType_UINT16:
    return 2;
  case onnx::TensorProto_DataType_UINT8:
  case onnx::TensorProto_DataType_INT8:
  case onnx::TensorProto_DataType_BOOL:
    return 1;
  default:
    return 4;
  }
}

FailureOr<SmallVector<int64_t>> staticShape(const onnx::TypeProto_Tensor &tensor,
                                            StringRef name,
                                            std::string &error) {
  SmallVector<int64_t> shape;
  for (const auto &dim : tensor.shape().dim()) {
    if (!dim.has_dim_value()) {
      error = "'" + name.str() + "' has a dynamic dimension; only static "
              "shapes are supported";
      return failure();
    }
    if (dim.dim_value() <= 0) {
      error = "'" + name.str() + "' has a dimension of size " +
              std::to_string(dim.dim_value()) +
              "; zero-sized tensors are not supported";
      return failure();
    }
    shape.push_back(dim.dim_value());
  }
  if (failed(checkTensorSize(shape, elementBytes(tensor.elem_type()),
                             "'" + name + "'", error)))
    return failure();
  return shape;
}

LogicalResult checkTensorSize(ArrayRef<int64_t> shape, int64_t elementBytes,
                              const Twine &what, std::string &error) {
  int64_t bytes = elementBytes;
  for (int64_t d : shape) {
    if (d < 0) {
      error = what.str() + " has a negative dimension";
      return failure();
    }
    if (d != 0 && bytes > kMaxTensorBytes / d) {
      error = what.str() + " would take more than the 2 GiB a tensor may have";
      return failure();
    }
    bytes *= d;
  }
  return success();
}

static Location nodeLocation(const onnx::NodeProto &node, GraphState &graph,
                             OpBuilder &builder) {
  return NameLoc::get(builder.getStringAttr(nodeName(node)),
                      FileLineColLoc::get(builder.getContext(), graph.file,
                                          0, 0));
}

NodeImporter::NodeImporter(const onnx::NodeProto &node, GraphState &graph,
                           OpBuilder &builder)
    : node_(node), graph_(graph), builder_(builder),
      loc_(nodeLocation(node, graph, builder)) {}

LogicalResult NodeImporter::checkOutputSize(ArrayRef<int64_t> shape,
                                            Type element) {
  std::string message;
  int64_t bytes = element.isIntOrFloat()
                      ? (element.getIntOrFloatBitWidth() + 7) / 8
                      : 8;
  if (failed(checkTensorSize(shape, bytes, "the output", message)))
    return error() << message;
  return success();
}

InFlightDiagnostic NodeImporter::error() {
  InFlightDiagnostic diag =
      emitError(FileLineColLoc::get(context(), graph_.file, 0, 0));
  if (reported_) {
    diag.abandon();
    return diag;
  }
  reported_ = true;
  return std::move(diag) << nodePrefix(node_, graph_.declaredOpset);
}

bool NodeImporter::hasInput(unsigned i) const {
  return i < static_cast<unsigned>(node_.input_size()) &&
         !node_.input(i).empty();
}

FailureOr<ImportedValue *> NodeImporter::inputRecord(unsigned i) {
  if (!hasInput(i))
    return error() << "missing input #" << i;
  auto it = graph_.values.find(node_.input(i));
  if (it == graph_.values.end())
    return error() << "input '" << node_.input(i)
                   << "' is not produced by any earlier node";
  return &it->second;
}

Value NodeImporter::materialize(DenseElementsAttr constant) {
  Value &op = graph_.constantOps[constant];
  if (!op) {
    // Constants go to the top of the function, in the order first used, so
    // every later node sees them.
    OpBuilder::InsertionGuard guard(builder_);
    if (graph_.lastConstant)
      builder_.setInsertionPointAfter(graph_.lastConstant);
    else
      builder_.setInsertionPointToStart(builder_.getInsertionBlock());
    op = arith::ConstantOp::create(builder_, loc_, constant.getType(),
                                   constant);
    graph_.lastConstant = op.getDefiningOp();
  }
  return op;
}

FailureOr<Value> NodeImporter::input(unsigned i) {
  FailureOr<ImportedValue *> record = inputRecord(i);
  if (failed(record))
    return failure();
  if ((*record)->quantizedFrom)
    return error() << "input '" << node_.input(i)
                   << "' is the integer output of a QuantizeLinear; only "
                      "DequantizeLinear may consume it here";
  Value value = (*record)->value;
  if (!value && (*record)->constant)
    value = (*record)->value = materialize((*record)->constant);
  if (!value)
    return error() << "input '" << node_.input(i) << "' has no value";
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type || !type.getElementType().isF32())
    return error() << "input '" << node_.input(i) << "' has type "
                   << value.getType() << "; only f32 is supported here";
  return value;
}

FailureOr<Value> NodeImporter::layoutInput(unsigned i) {
  FailureOr<ImportedValue *> record = inputRecord(i);
  if (failed(record))
    return failure();
  Value value = (*record)->value;
  if (value && isa<quant::QuantizedType>(
                   cast<ShapedType>(value.getType()).getElementType()))
    return value;
  return input(i);
}

FailureOr<Value> NodeImporter::optionalInput(unsigned i) {
  if (!hasInput(i))
    return Value();
  return input(i);
}

FailureOr<DenseElementsAttr> NodeImporter::constantInput(unsigned i) {
  FailureOr<ImportedValue *> record = inputRecord(i);
  if (failed(record))
    return failure();
  if (!(*record)->constant)
    return error() << "input '" << node_.input(i)
                   << "' must be a constant (an initializer or computed from "
                      "constants)";
  return (*record)->constant;
}

FailureOr<SmallVector<int64_t>> NodeImporter::constantInts(unsigned i) {
  FailureOr<DenseElementsAttr> attr = constantInput(i);
  if (failed(attr))
    return failure();
  if (!isa<IntegerType>(attr->getElementType()))
    return error() << "input '" << node_.input(i)
                   << "' must hold integers";
  SmallVector<int64_t> values;
  for (const APInt &v : attr->getValues<APInt>())
    values.push_back(v.getSExtValue());
  return values;
}

FailureOr<Value> NodeImporter::quantizedInput(unsigned i,
                                              quant::QuantizedType type) {
  FailureOr<ImportedValue *> record = inputRecord(i);
  if (failed(record))
    return failure();
  ImportedValue &r = **record;
  auto expect = [&](Type have) -> InFlightDiagnostic {
    return error() << "input '" << node_.input(i) << "' is " << have
                   << " but the node reads it as " << type;
  };
  if (r.quantizedFrom) {
    if (!sameGrid(cast<quant::QuantizedType>(r.quantType), type))
      return expect(r.quantType);
    auto shape = cast<RankedTensorType>(r.quantizedFrom.getType()).getShape();
    return QuantizeOp::create(builder_, loc_,
                              RankedTensorType::get(shape, r.quantType),
                              r.quantizedFrom)
        .getResult();
  }
  if (DenseElementsAttr stored = r.constant) {
    auto storage = dyn_cast<IntegerType>(stored.getElementType());
    if (!storage || storage.getWidth() != type.getStorageTypeIntegralWidth() ||
        storage.isUnsigned() == type.isSigned())
      return expect(stored.getElementType());
    auto signless = IntegerType::get(context(), storage.getWidth());
    auto values = cast<DenseIntElementsAttr>(stored.bitcast(signless));
    auto qtensor = RankedTensorType::get(stored.getType().getShape(), type);
    return QConstantOp::create(builder_, loc_, qtensor, values).getResult();
  }
  auto tensor = dyn_cast_if_present<RankedTensorType>(
      r.value ? r.value.getType() : Type());
  if (!tensor)
    return error() << "input '" << node_.input(i) << "' has no value";
  Type element = tensor.getElementType();
  if (auto q = dyn_cast<quant::QuantizedType>(element)) {
    if (!sameGrid(q, type))
      return expect(q);
    return r.value;
  }
  // An integer graph input takes the quantized type of its first reader.
  auto arg = dyn_cast<BlockArgument>(r.value);
  auto storage = dyn_cast<IntegerType>(element);
  if (!arg || !storage ||
      storage.getWidth() != type.getStorageTypeIntegralWidth() ||
      storage.isUnsigned() == type.isSigned())
    return expect(element);
  arg.setType(RankedTensorType::get(tensor.getShape(), type));
  return r.value;
}

FailureOr<double> NodeImporter::constantScalar(unsigned i) {
  FailureOr<DenseElementsAttr> attr = constantInput(i);
  if (failed(attr))
    return failure();
  if (attr->getNumElements() != 1)
    return error() << "input '" << node_.input(i) << "' must hold one value";
  Type element = attr->getElementType();
  if (isa<FloatType>(element))
    return attr->getSplatValue<APFloat>().convertToDouble();
  auto integer = dyn_cast<IntegerType>(element);
  if (!integer)
    return error() << "input '" << node_.input(i) << "' must be a number";
  APInt v = attr->getSplatValue<APInt>();
  return integer.isUnsigned() ? static_cast<double>(v.getZExtValue())
                              : static_cast<double>(v.getSExtValue());
}

FailureOr<RankedTensorType> NodeImporter::outputType(unsigned i) {
  const std::string &name = node_.output(i);
  auto it = graph_.types.find(name);
  if (it == graph_.types.end() || !it->second->has_tensor_type() ||
      !it->second->tensor_type().has_shape())
    return error() << "shape inference gave no shape for output '" << name
                   << "'";
  const onnx::TypeProto_Tensor &tensor = it->second->tensor_type();
  Type element = elementTypeFromONNX(tensor.elem_type(), context());
  if (!element)
    return error() << "output '" << name << "' has unsupported element type "
                   << tensor.elem_type();
  std::string message;
  FailureOr<SmallVector<int64_t>> shape = staticShape(tensor, name, message);
  if (failed(shape))
    return error() << "output " << message;
  return RankedTensorType::get(*shape, element);
}

void NodeImporter::setOutput(unsigned i, Value value) {
  graph_.values[node_.output(i)] = ImportedValue{value, {}, {}, {}};
}

void NodeImporter::setOutputConstant(unsigned i, DenseElementsAttr value) {
  graph_.values[node_.output(i)] = ImportedValue{{}, value, {}, {}};
}

void NodeImporter::setOutputRecord(unsigned i, ImportedValue record) {
  graph_.values[node_.output(i)] = record;
}

const onnx::AttributeProto *NodeImporter::attr(StringRef name) const {
  for (const onnx::AttributeProto &a : node_.attribute())
    if (a.name() == name)
      return &a;
  return nullptr;
}

int64_t NodeImporter::attrInt(StringRef name, int64_t fallback) const {
  const onnx::AttributeProto *a = attr(name);
  return a ? a->i() : fallback;
}

float NodeImporter::attrFloat(StringRef name, float fallback) const {
  const onnx::AttributeProto *a = attr(name);
  return a ? a->f() : fallback;
}

std::string NodeImporter::attrString(StringRef name,
                                     StringRef fallback) const {
  const onnx::AttributeProto *a = attr(name);
  return a ? a->s() : fallback.str();
}

SmallVector<int64_t> NodeImporter::attrInts(StringRef name) const {
  const onnx::AttributeProto *a = attr(name);
  if (!a)
    return {};
  return SmallVector<int64_t>(a->ints().begin(), a->ints().end());
}

FailureOr<DenseElementsAttr> NodeImporter::attrTensor(StringRef name) {
  const onnx::AttributeProto *a = attr(name);
  if (!a || !a->has_t())
    return error() << "missing tensor attribute '" << name << "'";
  std::string message;
  FailureOr<DenseElementsAttr> value =
      tensorToAttr(a->t(), "", context(), message);
  if (failed(value))
    return error() << message;
  return value;
}

LogicalResult NodeImporter::expectAttrString(StringRef name,
                                             StringRef expected) {
  const onnx::AttributeProto *a = attr(name);
  if (!a || a->s() == expected)
    return success();
  return error() << "unsupported " << name << " = '" << a->s()
                 << "' (supported: '" << expected << "')";
}

LogicalResult NodeImporter::expectAttrInt(StringRef name, int64_t expected) {
  const onnx::AttributeProto *a = attr(name);
  if (!a || a->i() == expected)
    return success();
  return error() << "unsupported " << name << " = " << a->i()
                 << " (supported: " << expected << ")";
}

FailureOr<int64_t> normalizeAxis(NodeImporter &node, int64_t axis,
                                 int64_t rank) {
  if (axis < -rank || axis >= rank)
    return node.error() << "axis " << axis << " is out of range for rank "
                        << rank;
  return axis < 0 ? axis + rank : axis;
}

} // namespace qcc::onnx_import
