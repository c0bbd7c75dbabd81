//===- ShapeInference.cpp - ONNX shape inference for the importer ---------===//
//
// This file runs ONNX's shape inference and reruns it with the importer's
// folded constants. ONNX reports problems by throwing; both runs catch that
// and return ONNX's first line of message.
//
//===----------------------------------------------------------------------===//

#include "ShapeInference.h"

#include "llvm/ADT/StringSet.h"

#include "onnx/defs/schema.h"
#include "onnx/shape_inference/implementation.h"

using namespace mlir;

namespace qcc::onnx_import {

LogicalResult inferShapes(onnx::ModelProto &model, std::string &error,
                          bool strict) {
  try {
    onnx::ShapeInferenceOptions options(/*check_type=*/true,
                                        /*error_mode=*/strict ? 1 : 0,
                                        /*enable_data_propagation=*/true);
    onnx::shape_inference::InferShapes(
        model, onnx::OpSchemaRegistry::Instance(), options);
  } catch (const std::exception &e) {
    // ONNX's messages span lines; the first one says what went wrong.
    error = e.what();
    error = error.substr(0, error.find('\n'));
    return failure();
  }
  return success();
}

size_t countConstants(const GraphState &state) {
  return llvm::count_if(state.values, [](const auto &entry) {
    return static_cast<bool>(entry.second.constant);
  });
}

static bool hasStaticShape(const GraphState &state, const std::string &name) {
  auto it = state.types.find(name);
  if (it == state.types.end() || !it->second->has_tensor_type() ||
      !it->second->tensor_type().has_shape())
    return false;
  return llvm::all_of(it->second->tensor_type().shape().dim(),
                      [](const auto &dim) { return dim.has_dim_value(); });
}

/// Removes the elements of a repeated proto field that `drop` selects.
template <typename Field, typename Pred>
static void eraseIf(Field &field, Pred drop) {
  field.erase(std::remove_if(field.begin(), field.end(), drop), field.end());
}

LogicalResult refineShapes(const onnx::NodeProto &node,
                           const onnx::ModelProto &model, GraphState &state,
                           std::string &error) {
  bool shaped = llvm::all_of(node.output(), [&](const std::string &name) {
    return name.empty() || hasStaticShape(state, name);
  });
  size_t constants = countConstants(state);
  if (shaped || constants == state.constantsAtInference)
    return success();
  state.constantsAtInference = constants;

  onnx::ModelProto copy = model;
  onnx::GraphProto &graph = *copy.mutable_graph();
  llvm::StringSet<> initializers, folded;
  for (const onnx::TensorProto &init : graph.initializer())
    initializers.insert(init.name());
  for (const auto &entry : state.values) {
    if (!entry.second.constant || initializers.contains(entry.first()))
      continue;
    onnx::TensorProto tensor;
    if (!attrToTensor(entry.second.constant, tensor))
      continue;
    tensor.set_name(entry.first().str());
    *graph.add_initializer() = std::move(tensor);
    folded.insert(entry.first());
  }
  auto isFolded = [&](const std::string &name) {
    return name.empty() || folded.contains(name);
  };
  eraseIf(*graph.mutable_node(), [&](const onnx::NodeProto &n) {
    return llvm::all_of(n.output(), isFolded);
  });
  // The first inference's (less precise) types of the folded values would
  // take precedence over their initializers' types.
  eraseIf(*graph.mutable_value_info(), [&](const onnx::ValueInfoProto &info) {
    return isFolded(info.name());
  });
  if (failed(inferShapes(copy, error)))
    return failure();

  auto update = [&](const onnx::ValueInfoProto &info) {
    if (state.values.count(info.name()) || !info.type().has_tensor_type())
      return;
    state.refinedTypes.push_back(info.type());
    state.types[info.name()] = &state.refinedTypes.back();
  };
  llvm::for_each(graph.value_info(), update);
  llvm::for_each(graph.output(), update);
  return success();
}

} // namespace qcc::onnx_import
