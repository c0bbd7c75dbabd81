//===- Downgrade.cpp - opsets 18 to 21 read as opset 17 -------------------===//
//
// The changes of opsets 18 to 21 (ONNX's operator changelog) that meet
// qcc's operators, and how each is read:
//   Reduce* except ReduceSum (18): axes move from an attribute to input 1
//       and noop_with_empty_axes appears: back to the attribute; no axes
//       with the flag set is Identity.
//   Split (18): num_outputs, chunks of ceil(d / n) with the last smaller,
//       becomes the split input.
//   Pad (18, 19): an axes input (pads for those axes only) is expanded to
//       every axis; mode "wrap" (19) is refused.
//   Resize (18, 19): the axes attribute (roi, scales or sizes for those
//       axes only) is expanded; antialias for linear and cubic modes,
//       keep_aspect_ratio_policy other than "stretch" and the
//       half_pixel_symmetric coordinates (19) are refused.
//   AveragePool (19): dilations other than 1 are refused.
//   Cast (19): saturate concerns float8 targets only and is dropped.
//   QuantizeLinear, DequantizeLinear (19, 21): saturate is dropped;
//       output_dtype becomes a zero point of that type; block_size
//       (blocked quantization) and types other than 8-bit integers are
//       refused until sub-8-bit support lands.
//   Gelu (20): its definition in opset-17 ops, for approximate = "none"
//       the chain PyTorch exports before opset 20 (qcc-raise-composites
//       makes it one qcc.gelu again), for "tanh" its tanh formula.
// The other changes of those opsets add element types (float8, int4, bool,
// strings) or concern ops qcc has no converter for.
//
//===----------------------------------------------------------------------===//

#include "Downgrade.h"

#include "NodeImporter.h"
#include "ShapeInference.h"

#include "llvm/ADT/STLExtras.h"

#include <cmath>

using namespace mlir;

namespace qcc::onnx_import {
namespace {

constexpr const char *kReduceOps[] = {
    "ReduceL1",        "ReduceL2",  "ReduceLogSum",
    "ReduceLogSumExp", "ReduceMax", "ReduceMean",
    "ReduceMin",       "ReduceProd", "ReduceSumSquare"};

/// The names of the element types added after ONNX 1.12, whose generated
/// enum does not know them.
std::string typeName(int32_t type) {
  static const char *const newer[] = {"FLOAT8E4M3FN", "FLOAT8E4M3FNUZ",
                                      "FLOAT8E5M2",   "FLOAT8E5M2FNUZ",
                                      "UINT4",        "INT4",
                                      "FLOAT4E2M1"};
  if (type >= 17 && type <= 23)
    return newer[type - 17];
  return onnx::TensorProto_DataType_Name(
      static_cast<onnx::TensorProto_DataType>(type));
}

const onnx::AttributeProto *findAttr(const onnx::NodeProto &node,
                                     StringRef name) {
  for (const onnx::AttributeProto &attr : node.attribute())
    if (attr.name() == name)
      return &attr;
  return nullptr;
}

int64_t intAttr(const onnx::NodeProto &node, StringRef name,
                int64_t fallback) {
  const onnx::AttributeProto *attr = findAttr(node, name);
  return attr ? attr->i() : fallback;
}

std::string stringAttr(const onnx::NodeProto &node, StringRef name,
                       StringRef fallback) {
  const onnx::AttributeProto *attr = findAttr(node, name);
  return attr ? attr->s() : fallback.str();
}

void eraseAttr(onnx::NodeProto &node, StringRef name) {
  auto *attrs = node.mutable_attribute();
  attrs->erase(std::remove_if(attrs->begin(), attrs->end(),
                              [&](const onnx::AttributeProto &attr) {
                                return attr.name() == name;
                              }),
               attrs->end());
}

bool hasInput(const onnx::NodeProto &node, int i) {
  return i < node.input_size() && !node.input(i).empty();
}

/// Drops inputs from index `i` on.
void truncateInputs(onnx::NodeProto &node, int i) {
  if (node.input_size() > i)
    node.mutable_input()->DeleteSubrange(i, node.input_size() - i);
}

void setInput(onnx::NodeProto &node, int i, const std::string &name) {
  while (node.input_size() <= i)
    node.add_input("");
  node.set_input(i, name);
}

class Downgrader {
public:
  Downgrader(onnx::ModelProto &model, int64_t opset, StringRef baseDir,
             MLIRContext *context)
      : model_(model), opset_(opset), baseDir_(baseDir.str()),
        context_(context) {}

  LogicalResult run(std::string &error) {
    const auto original = model_.graph().node();
    for (const onnx::NodeProto &node : original) {
      if (failed(rewrite(node))) {
        error = error_;
        return failure();
      }
    }
    model_.mutable_graph()->mutable_node()->Swap(&nodes_);
    for (auto &opset : *model_.mutable_opset_import())
      if (opset.domain().empty() || opset.domain() == "ai.onnx")
        opset.set_version(kSchemaOpset);
    return success();
  }

private:
  LogicalResult rewrite(onnx::NodeProto node) {
    const std::string &op = node.op_type();
    LogicalResult result = success();
    if (!node.domain().empty() && node.domain() != "ai.onnx")
      ;
    else if (llvm::is_contained(kReduceOps, op))
      result = reduce(node);
    else if (op == "Split")
      result = split(node);
    else if (op == "Pad")
      result = pad(node);
    else if (op == "Resize")
      result = resize(node);
    else if (op == "AveragePool")
      result = averagePool(node);
    else if (op == "Cast" || op == "CastLike")
      eraseAttr(node, "saturate");
    else if (op == "QuantizeLinear" || op == "DequantizeLinear")
      result = quantization(node);
    else if (op == "Gelu")
      return gelu(node); // appends its expansion
    if (failed(result))
      return failure();
    *nodes_.Add() = std::move(node);
    return success();
  }

  LogicalResult fail(const onnx::NodeProto &node, const std::string &message) {
    error_ = nodePrefix(node, opset_) + message;
    return failure();
  }

  std::string freshName(const onnx::NodeProto &node) {
    return nodeName(node) + "/qcc.opset17." + std::to_string(counter_++);
  }

  /// A new initializer holding `tensor`; returns its name.
  std::string addInitializer(const onnx::NodeProto &node,
                             onnx::TensorProto tensor) {
    std::string name = freshName(node);
    tensor.set_name(name);
    *model_.mutable_graph()->add_initializer() = std::move(tensor);
    return name;
  }

  std::string addInts(const onnx::NodeProto &node, ArrayRef<int64_t> values) {
    onnx::TensorProto tensor;
    tensor.set_data_type(onnx::TensorProto::INT64);
    tensor.add_dims(static_cast<int64_t>(values.size()));
    for (int64_t v : values)
      tensor.add_int64_data(v);
    return addInitializer(node, std::move(tensor));
  }

  std::string addFloats(const onnx::NodeProto &node, ArrayRef<float> values,
                        bool scalar = false) {
    onnx::TensorProto tensor;
    tensor.set_data_type(onnx::TensorProto::FLOAT);
    if (!scalar)
      tensor.add_dims(static_cast<int64_t>(values.size()));
    for (float v : values)
      tensor.add_float_data(v);
    return addInitializer(node, std::move(tensor));
  }

  /// The initializer or Constant-node tensor named `name`, if any.
  const onnx::TensorProto *constantTensor(const std::string &name) {
    for (const onnx::TensorProto &init : model_.graph().initializer())
      if (init.name() == name)
        return &init;
    for (const onnx::NodeProto &node : nodes_)
      if (node.op_type() == "Constant" && node.output_size() == 1 &&
          node.output(0) == name)
        if (const onnx::AttributeProto *value = findAttr(node, "value"))
          return &value->t();
    return nullptr;
  }

  /// The contents of input `i`, which must be known at compile time.
  FailureOr<DenseElementsAttr> constant(const onnx::NodeProto &node, int i,
                                        StringRef what) {
    const onnx::TensorProto *tensor = constantTensor(node.input(i));
    if (!tensor)
      return fail(node, "its " + what.str() +
                            " input must be a constant (an initializer or a "
                            "Constant node)");
    std::string message;
    FailureOr<DenseElementsAttr> attr =
        tensorToAttr(*tensor, baseDir_, context_, message);
    if (failed(attr))
      return fail(node, message);
    return attr;
  }

  FailureOr<SmallVector<int64_t>> ints(const onnx::NodeProto &node, int i,
                                       StringRef what) {
    FailureOr<DenseElementsAttr> attr = constant(node, i, what);
    if (failed(attr))
      return failure();
    if (!attr->getElementType().isInteger())
      return fail(node, "its " + what.str() + " input must hold integers");
    return llvm::map_to_vector(attr->getValues<APInt>(), [](const APInt &v) {
      return v.getSExtValue();
    });
  }

  FailureOr<SmallVector<float>> floats(const onnx::NodeProto &node, int i,
                                       StringRef what) {
    FailureOr<DenseElementsAttr> attr = constant(node, i, what);
    if (failed(attr))
      return failure();
    if (!attr->getElementType().isF32())
      return fail(node, "its " + what.str() + " input must hold floats");
    return llvm::to_vector(attr->getValues<float>());
  }

  /// The static shape of input `i`, inferred over the nodes rewritten so
  /// far (the graph is in topological order).
  FailureOr<SmallVector<int64_t>> inputShape(const onnx::NodeProto &node,
                                             int i) {
    const std::string &name = node.input(i);
    if (const onnx::TensorProto *tensor = constantTensor(name))
      return SmallVector<int64_t>(tensor->dims().begin(), tensor->dims().end());
    onnx::ModelProto probe = model_;
    onnx::GraphProto &graph = *probe.mutable_graph();
    *graph.mutable_node() = nodes_;
    graph.clear_output();
    graph.clear_value_info();
    for (auto &opset : *probe.mutable_opset_import())
      if (opset.domain().empty() || opset.domain() == "ai.onnx")
        opset.set_version(kSchemaOpset);
    std::string message;
    (void)inferShapes(probe, message, /*strict=*/false);
    const onnx::ValueInfoProto *info = nullptr;
    auto find = [&](const auto &infos) {
      for (const onnx::ValueInfoProto &candidate : infos)
        if (candidate.name() == name)
          info = &candidate;
    };
    find(graph.input());
    find(graph.value_info());
    if (info && info->type().has_tensor_type() &&
        info->type().tensor_type().has_shape()) {
      FailureOr<SmallVector<int64_t>> shape =
          staticShape(info->type().tensor_type(), name, message);
      if (succeeded(shape))
        return shape;
    }
    return fail(node, "the shape of its input '" + name +
                          "' must be known at compile time");
  }

  /// Reduce*-18: axes from input 1 back to the attribute.
  LogicalResult reduce(onnx::NodeProto &node) {
    bool noop = intAttr(node, "noop_with_empty_axes", 0) != 0;
    eraseAttr(node, "noop_with_empty_axes");
    SmallVector<int64_t> axes;
    if (hasInput(node, 1)) {
      FailureOr<SmallVector<int64_t>> values = ints(node, 1, "axes");
      if (failed(values))
        return failure();
      axes = *values;
    }
    truncateInputs(node, 1);
    if (!axes.empty()) {
      onnx::AttributeProto *attr = node.add_attribute();
      attr->set_name("axes");
      attr->set_type(onnx::AttributeProto::INTS);
      for (int64_t axis : axes)
        attr->add_ints(axis);
    } else if (noop) {
      node.set_op_type("Identity");
      node.clear_attribute();
    }
    return success();
  }

  /// Split-18: num_outputs as explicit sizes.
  LogicalResult split(onnx::NodeProto &node) {
    const onnx::AttributeProto *count = findAttr(node, "num_outputs");
    if (!count)
      return success();
    int64_t n = count->i();
    if (n != node.output_size())
      return fail(node, "num_outputs = " + std::to_string(n) +
                            " but the node has " +
                            std::to_string(node.output_size()) + " outputs");
    if (hasInput(node, 1))
      return fail(node, "has both a split input and num_outputs");
    FailureOr<SmallVector<int64_t>> shape = inputShape(node, 0);
    if (failed(shape))
      return failure();
    int64_t rank = static_cast<int64_t>(shape->size());
    int64_t axis = intAttr(node, "axis", 0);
    if (axis < -rank || axis >= rank)
      return fail(node, "axis " + std::to_string(axis) + " is out of range");
    int64_t size = (*shape)[axis < 0 ? axis + rank : axis];
    int64_t chunk = (size + n - 1) / n, last = size - chunk * (n - 1);
    if (last <= 0)
      return fail(node, "cannot split a dimension of " + std::to_string(size) +
                            " into " + std::to_string(n) + " chunks");
    eraseAttr(node, "num_outputs");
    SmallVector<int64_t> sizes(n - 1, chunk);
    sizes.push_back(last);
    setInput(node, 1, addInts(node, sizes));
    return success();
  }

  /// Pad-18/19: pads given for some axes only, expanded to all of them.
  LogicalResult pad(onnx::NodeProto &node) {
    if (stringAttr(node, "mode", "constant") == "wrap")
      return fail(node, "unsupported mode = wrap");
    if (hasInput(node, 3)) {
      FailureOr<SmallVector<int64_t>> shape = inputShape(node, 0);
      FailureOr<SmallVector<int64_t>> axes, pads;
      if (failed(shape) || failed(axes = ints(node, 3, "axes")) ||
          failed(pads = ints(node, 1, "pads")))
        return failure();
      int64_t rank = static_cast<int64_t>(shape->size());
      size_t k = axes->size();
      if (pads->size() != 2 * k)
        return fail(node, "has " + std::to_string(pads->size()) +
                              " pads for " + std::to_string(k) + " axes");
      SmallVector<int64_t> full(2 * rank, 0);
      for (auto [i, axis] : llvm::enumerate(*axes)) {
        if (axis < -rank || axis >= rank)
          return fail(node, "axis " + std::to_string(axis) + " is out of range");
        int64_t a = axis < 0 ? axis + rank : axis;
        full[a] = (*pads)[i];
        full[a + rank] = (*pads)[i + k];
      }
      node.set_input(1, addInts(node, full));
    }
    truncateInputs(node, 3);
    return success();
  }

  /// Resize-18/19: roi, scales or sizes for some axes, expanded.
  LogicalResult resize(onnx::NodeProto &node) {
    std::string mode = stringAttr(node, "mode", "nearest");
    if (intAttr(node, "antialias", 0) != 0 && mode != "nearest")
      return fail(node, "unsupported antialias = 1");
    std::string policy = stringAttr(node, "keep_aspect_ratio_policy", "stretch");
    if (policy != "stretch")
      return fail(node, "unsupported keep_aspect_ratio_policy = " + policy);
    if (stringAttr(node, "coordinate_transformation_mode", "half_pixel") ==
        "half_pixel_symmetric")
      return fail(node, "unsupported coordinate_transformation_mode = "
                        "half_pixel_symmetric");
    eraseAttr(node, "antialias");
    eraseAttr(node, "keep_aspect_ratio_policy");
    const onnx::AttributeProto *axesAttr = findAttr(node, "axes");
    if (!axesAttr)
      return success();
    SmallVector<int64_t> axes(axesAttr->ints().begin(), axesAttr->ints().end());
    eraseAttr(node, "axes");
    FailureOr<SmallVector<int64_t>> shape = inputShape(node, 0);
    if (failed(shape))
      return failure();
    int64_t rank = static_cast<int64_t>(shape->size());
    SmallVector<int64_t> dims;
    for (int64_t axis : axes) {
      if (axis < -rank || axis >= rank)
        return fail(node, "axis " + std::to_string(axis) + " is out of range");
      dims.push_back(axis < 0 ? axis + rank : axis);
    }
    size_t k = dims.size();
    if (hasInput(node, 1)) {
      FailureOr<SmallVector<float>> roi = floats(node, 1, "roi");
      if (failed(roi))
        return failure();
      if (roi->size() != 2 * k)
        return fail(node, "its roi does not have two values per axis");
      SmallVector<float> full(rank, 0.0f);
      full.append(rank, 1.0f);
      for (auto [i, d] : llvm::enumerate(dims)) {
        full[d] = (*roi)[i];
        full[d + rank] = (*roi)[i + k];
      }
      node.set_input(1, addFloats(node, full));
    }
    if (hasInput(node, 2)) {
      FailureOr<SmallVector<float>> scales = floats(node, 2, "scales");
      if (failed(scales))
        return failure();
      if (scales->size() != k)
        return fail(node, "its scales do not have one value per axis");
      SmallVector<float> full(rank, 1.0f);
      for (auto [i, d] : llvm::enumerate(dims))
        full[d] = (*scales)[i];
      node.set_input(2, addFloats(node, full));
    }
    if (hasInput(node, 3)) {
      FailureOr<SmallVector<int64_t>> sizes = ints(node, 3, "sizes");
      if (failed(sizes))
        return failure();
      if (sizes->size() != k)
        return fail(node, "its sizes do not have one value per axis");
      SmallVector<int64_t> full = *shape;
      for (auto [i, d] : llvm::enumerate(dims))
        full[d] = (*sizes)[i];
      node.set_input(3, addInts(node, full));
    }
    return success();
  }

  /// AveragePool-19: dilations, when all 1.
  LogicalResult averagePool(onnx::NodeProto &node) {
    if (const onnx::AttributeProto *dilations = findAttr(node, "dilations")) {
      if (llvm::any_of(dilations->ints(), [](int64_t d) { return d != 1; }))
        return fail(node, "unsupported dilations other than 1");
      eraseAttr(node, "dilations");
    }
    return success();
  }

  /// The element type of input `i` when it is a constant, else 0.
  int32_t constantType(const onnx::NodeProto &node, int i) {
    if (!hasInput(node, i))
      return 0;
    const onnx::TensorProto *tensor = constantTensor(node.input(i));
    return tensor ? tensor->data_type() : 0;
  }

  /// QuantizeLinear/DequantizeLinear-19/21.
  LogicalResult quantization(onnx::NodeProto &node) {
    eraseAttr(node, "saturate");
    if (int64_t block = intAttr(node, "block_size", 0))
      return fail(node, "blocked quantization (block_size = " +
                            std::to_string(block) + ") is not supported");
    eraseAttr(node, "block_size");
    bool quantize = node.op_type() == "QuantizeLinear";
    int32_t type = constantType(node, 2);
    if (!quantize && !type)
      type = constantType(node, 0);
    if (const onnx::AttributeProto *dtype = findAttr(node, "output_dtype")) {
      int32_t requested = static_cast<int32_t>(dtype->i());
      if (requested && type && requested != type)
        return fail(node, "output_dtype " + typeName(requested) +
                              " differs from its zero point's type " +
                              typeName(type));
      if (requested && !type)
        type = requested;
      if (requested == onnx::TensorProto::INT8 && !hasInput(node, 2)) {
        onnx::TensorProto zero;
        zero.set_data_type(onnx::TensorProto::INT8);
        if (const onnx::TensorProto *scale = constantTensor(node.input(1)))
          zero.mutable_dims()->CopyFrom(scale->dims());
        int64_t count = 1;
        for (int64_t d : zero.dims())
          count *= d;
        for (int64_t e = 0; e < count; ++e)
          zero.add_int32_data(0);
        setInput(node, 2, addInitializer(node, std::move(zero)));
      }
      eraseAttr(node, "output_dtype");
    }
    bool supported = !type || type == onnx::TensorProto::UINT8 ||
                     type == onnx::TensorProto::INT8 ||
                     (!quantize && type == onnx::TensorProto::INT32);
    if (!supported)
      return fail(node, "element type " + typeName(type) +
                            " is not supported (8-bit integers only)");
    return success();
  }

  /// Appends `op` of `inputs` to the rewritten nodes; returns its output,
  /// `output` or a new name.
  std::string emit(const onnx::NodeProto &from, const char *op,
                   std::initializer_list<std::string> inputs,
                   std::string output = "") {
    onnx::NodeProto &node = *nodes_.Add();
    node.set_op_type(op);
    node.set_name(nodeName(from) + "/" + op + std::to_string(counter_));
    for (const std::string &input : inputs)
      node.add_input(input);
    node.add_output(output.empty() ? freshName(from) : output);
    return node.output(0);
  }

  /// Gelu-20 in opset-17 ops.
  LogicalResult gelu(const onnx::NodeProto &node) {
    std::string approximate = stringAttr(node, "approximate", "none");
    if (approximate != "none" && approximate != "tanh")
      return fail(node, "unsupported approximate = " + approximate);
    if (node.input_size() != 1 || node.output_size() != 1)
      return fail(node, "must have one input and one output");
    const std::string &x = node.input(0);
    auto scalar = [&](double v) {
      return addFloats(node, {static_cast<float>(v)}, /*scalar=*/true);
    };
    std::string inner; // the argument of 1 + erf or 1 + tanh
    if (approximate == "none") {
      inner = emit(node, "Erf", {emit(node, "Div", {x, scalar(M_SQRT2)})});
    } else {
      // tanh(sqrt(2 / pi) * (x + 0.044715 * x^3))
      std::string cube = emit(node, "Pow", {x, scalar(3.0)});
      std::string sum =
          emit(node, "Add", {x, emit(node, "Mul", {cube, scalar(0.044715)})});
      inner = emit(node, "Tanh",
                   {emit(node, "Mul", {sum, scalar(std::sqrt(2.0 / M_PI))})});
    }
    std::string onePlus = emit(node, "Add", {inner, scalar(1.0)});
    emit(node, "Mul", {emit(node, "Mul", {x, onePlus}), scalar(0.5)},
         node.output(0));
    return success();
  }

  onnx::ModelProto &model_;
  int64_t opset_;
  std::string baseDir_;
  MLIRContext *context_;
  google::protobuf::RepeatedPtrField<onnx::NodeProto> nodes_;
  std::string error_;
  unsigned counter_ = 0;
};

} // namespace

LogicalResult downgradeToSchemaOpset(onnx::ModelProto &model, int64_t opset,
                                     StringRef baseDir, MLIRContext *context,
                                     std::string &error) {
  return Downgrader(model, opset, baseDir, context).run(error);
}

} // namespace qcc::onnx_import
