//===- ShapeInference.cpp - ONNX shape inference for the importer ---------===//
//
// This file runs ONNX's shape inference (guarded where ONNX 1.12 trusts its
// input) and reruns it with the importer's folded constants. ONNX reports problems by throwing; both runs catch that
// and return ONNX's first line of message.
//
//===----------------------------------------------------------------------===//

#include "ShapeInference.h"

#include "llvm/ADT/StringSet.h"

#include <map>
#include <mutex>
#include <optional>

#include "onnx/defs/schema.h"
#include "onnx/shape_inference/implementation.h"

using namespace mlir;

namespace qcc::onnx_import {

namespace {

/// ONNX's schemas, except that the shape inference of the convolutions
/// first checks what ONNX 1.12's convPoolShapeInference takes for granted:
/// a weight of the input's rank (it sizes the window by one and indexes
/// the other with it, reading past both).
class GuardedSchemas : public onnx::ISchemaRegistry {
public:
  const onnx::OpSchema *GetSchema(const std::string &key, int maxVersion,
                                  const std::string &domain) const override {
    const onnx::OpSchema *schema =
        onnx::OpSchemaRegistry::Schema(key, maxVersion, domain);
    auto weight = weightIndex(key);
    if (!schema || !weight || !domain.empty())
      return schema;
    std::lock_guard<std::mutex> lock(mutex_);
    auto [it, inserted] = guarded_.try_emplace(schema);
    if (inserted) {
      it->second = *schema;
      it->second.TypeAndShapeInferenceFunction(
          [infer = schema->GetTypeAndShapeInferenceFunction(),
           w = *weight](onnx::InferenceContext &ctx) {
            if (onnx::hasInputShape(ctx, 0) && onnx::hasInputShape(ctx, w) &&
                ctx.getInputType(0)->tensor_type().shape().dim_size() !=
                    ctx.getInputType(w)->tensor_type().shape().dim_size())
              fail_shape_inference("the input and the weight differ in rank");
            if (infer)
              infer(ctx);
          });
    }
    return &it->second;
  }

private:
  static std::optional<size_t> weightIndex(const std::string &op) {
    if (op == "Conv" || op == "ConvInteger" || op == "ConvTranspose")
      return 1;
    if (op == "QLinearConv")
      return 3;
    return std::nullopt;
  }

  mutable std::mutex mutex_;
  mutable std::map<const onnx::OpSchema *, onnx::OpSchema> guarded_;
};

} // namespace

LogicalResult inferShapes(onnx::ModelProto &model, std::string &error,
                          bool strict) {
  static const GuardedSchemas schemas;
  try {
    onnx::ShapeInferenceOptions options(/*check_type=*/true,
                                        /*error_mode=*/strict ? 1 : 0,
                                        /*enable_data_propagation=*/true);
    onnx::shape_inference::InferShapes(model, &schemas, options);
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
