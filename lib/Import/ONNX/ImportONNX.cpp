//===- ImportONNX.cpp - ONNX models to the qcc dialect --------------------===//
//
// This file loads an ONNX model, fixes its batch dimension, runs ONNX shape
// inference and walks the graph, handing each node to the converter
// registered for its op type (and inferring shapes again where folded
// constants tell ONNX more, see ShapeInference.h). ONNX reports problems by
// throwing; every call into it is guarded so that a bad model becomes a
// diagnostic.
//
//===----------------------------------------------------------------------===//

#include "qcc/Import/ONNX/ImportONNX.h"

#include "Downgrade.h"
#include "NodeImporter.h"
#include "ShapeInference.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Verifier.h"
#include "qcc/Dialect/QCC/IR/QCCOps.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include "onnx/defs/parser.h"
#include "onnx/defs/schema.h"

#include <cmath>

using namespace mlir;
using namespace qcc::onnx_import;

namespace {

// Opset 10 is the contract; 7 to 9 are accepted too because every operator
// semantics change since opset 7 that the converters meet is handled by an
// opset check (Clip, Pad, Slice, Softmax, Split, Q/DQ axes). Opsets 18 to
// 21 are read as opset 17 (Downgrade.h).
constexpr int64_t kMinOpset = 7, kMaxOpset = 21;

/// Everything a model import needs besides the model.
struct ImportContext {
  std::string file;    // as named in diagnostics
  std::string baseDir; // where external data lives (empty: nowhere)
  MLIRContext &context;
  const qcc::ImportOptions &options;

  InFlightDiagnostic error() {
    return emitError(FileLineColLoc::get(&context, file, 0, 0));
  }
};

const ConverterTable &converters() {
  static const ConverterTable table = [] {
    ConverterTable t;
    registerElementwiseOps(t);
    registerConvolutionOps(t);
    registerConvTransposeOps(t);
    registerPoolingOps(t);
    registerResizeOps(t);
    registerNormalizationOps(t);
    registerShapeOps(t);
    registerQuantizationOps(t);
    registerQOperatorOps(t);
    registerRecurrentOps(t);
    registerFoldingOps(t);
    return t;
  }();
  return table;
}

/// The opset the converters see. An older model is read as opset kMinOpset
/// when none of its ops changed between its opset and that one, which makes
/// the two readings identical.
FailureOr<int64_t> defaultOpset(onnx::ModelProto &model, ImportContext &ic) {
  for (const auto &opset : model.opset_import()) {
    if (!opset.domain().empty() && opset.domain() != "ai.onnx")
      continue;
    int64_t version = opset.version();
    if (version > kMaxOpset)
      return ic.error() << "unsupported opset " << version
                        << " of the default domain (supported: " << kMinOpset
                        << " to " << kMaxOpset << ")";
    if (version >= kMinOpset)
      return version;
    for (const onnx::NodeProto &node : model.graph().node()) {
      auto *registry = onnx::OpSchemaRegistry::Instance();
      const onnx::OpSchema *then =
          registry->GetSchema(node.op_type(), version, node.domain());
      const onnx::OpSchema *now =
          registry->GetSchema(node.op_type(), kMinOpset, node.domain());
      if (!then || !now || then->SinceVersion() != now->SinceVersion())
        return ic.error() << "unsupported opset " << version
                          << " of the default domain: " << node.op_type()
                          << " changed before opset " << kMinOpset
                          << " (supported: " << kMinOpset << " to "
                          << kMaxOpset << ")";
    }
    return kMinOpset;
  }
  return ic.error() << "the model imports no opset of the default domain";
}

bool isInitializer(const onnx::GraphProto &graph, const std::string &name) {
  for (const auto &init : graph.initializer())
    if (init.name() == name)
      return true;
  return false;
}

/// Fixes a symbolic or unknown leading (batch) dimension of each graph input
/// to 1, with a remark; any other non-static dimension is an error.
LogicalResult fixBatchDimension(onnx::GraphProto &graph, ImportContext &ic) {
  for (onnx::ValueInfoProto &input : *graph.mutable_input()) {
    if (isInitializer(graph, input.name()))
      continue;
    if (!input.type().has_tensor_type() ||
        !input.type().tensor_type().has_shape())
      return ic.error() << "graph input '" << input.name()
                        << "' has no tensor shape";
    auto *shape = input.mutable_type()->mutable_tensor_type()->mutable_shape();
    for (int d = 0; d < shape->dim_size(); ++d) {
      auto *dim = shape->mutable_dim(d);
      if (dim->has_dim_value())
        continue;
      if (d != 0)
        return ic.error() << "graph input '" << input.name()
                          << "' has dynamic dimension " << d
                          << "; only the batch dimension may be symbolic";
      emitRemark(FileLineColLoc::get(&ic.context, ic.file, 0, 0))
          << "input '" << input.name() << "': symbolic batch dimension '"
          << dim->dim_param() << "' fixed to 1";
      dim->set_dim_value(1);
    }
  }
  return success();
}

/// Turns the graph inputs named in the options into initializers, read
/// from their TensorProto files, so that shape inference sees their values.
LogicalResult bindConstantInputs(onnx::GraphProto &graph, ImportContext &ic) {
  for (const auto &entry : ic.options.constantInputs) {
    auto *inputs = graph.mutable_input();
    auto it = llvm::find_if(*inputs, [&](const onnx::ValueInfoProto &info) {
      return info.name() == entry.getKey();
    });
    if (it == inputs->end())
      return ic.error() << "--constant-input names '" << entry.getKey()
                        << "', which is not a graph input";
    auto buffer = llvm::MemoryBuffer::getFile(entry.getValue(), false, false);
    onnx::TensorProto tensor;
    if (!buffer ||
        !tensor.ParseFromArray((*buffer)->getBufferStart(),
                               static_cast<int>((*buffer)->getBufferSize())))
      return ic.error() << "cannot read a TensorProto for input '"
                        << entry.getKey() << "' from '" << entry.getValue()
                        << "'";
    tensor.set_name(entry.getKey().str());
    *graph.add_initializer() = tensor;
    inputs->erase(it);
  }
  return success();
}

/// Checks what ONNX's shape inference (also the opset rewrite's, see
/// Downgrade.h) crashes on or takes for granted, whatever the opset: each
/// node's inputs defined by a graph input, an initializer or an earlier
/// node, no subgraphs (control flow, which qcc does not import, and whose
/// nesting has no bound), positive window attributes (it divides by
/// strides) and finite float attributes.
LogicalResult validateStructure(const onnx::GraphProto &graph,
                                int64_t declared, ImportContext &ic) {
  llvm::StringSet<> defined;
  for (const auto &input : graph.input())
    defined.insert(input.name());
  for (const auto &init : graph.initializer())
    defined.insert(init.name());
  for (const onnx::NodeProto &node : graph.node()) {
    for (const std::string &input : node.input())
      if (!input.empty() && !defined.contains(input))
        return ic.error() << nodePrefix(node, declared) << "reads '" << input
                          << "', which no graph input, initializer or "
                             "earlier node defines";
    for (const std::string &output : node.output())
      defined.insert(output);
    for (const onnx::AttributeProto &attr : node.attribute())
      if (attr.has_g() || attr.graphs_size())
        return ic.error() << nodePrefix(node, declared) << "attribute '"
                          << attr.name()
                          << "' holds a subgraph; control flow is not "
                             "supported";
    for (const onnx::AttributeProto &attr : node.attribute()) {
      if (attr.name() == "strides" || attr.name() == "dilations" ||
          attr.name() == "kernel_shape")
        for (int64_t v : attr.ints())
          if (v < 1)
            return ic.error() << nodePrefix(node, declared) << attr.name()
                              << " must be positive but holds " << v;
      // A NaN or infinite alpha, epsilon or bound would be carried into
      // tables and requantization constants without a word.
      if (attr.type() == onnx::AttributeProto::FLOAT ||
          attr.type() == onnx::AttributeProto::FLOATS) {
        auto values = attr.type() == onnx::AttributeProto::FLOAT
                          ? std::vector<float>{attr.f()}
                          : std::vector<float>(attr.floats().begin(),
                                               attr.floats().end());
        for (float v : values)
          if (!std::isfinite(v))
            return ic.error() << nodePrefix(node, declared) << "attribute "
                              << attr.name() << " is not finite ("
                              << (std::isnan(v) ? "NaN" : v > 0 ? "inf" : "-inf")
                              << ")";
      }
    }
  }
  return success();
}

/// Checks what ONNX's shape inference assumes without checking (it indexes
/// inputs by the schema): each node's input and output counts against its
/// schema. `opset` is the one the nodes are in, `declared` the model's (for
/// diagnostics).
LogicalResult validateNodes(const onnx::GraphProto &graph, int64_t opset,
                            int64_t declared, ImportContext &ic) {
  for (const onnx::NodeProto &node : graph.node()) {
    const onnx::OpSchema *schema = onnx::OpSchemaRegistry::Instance()->GetSchema(
        node.op_type(), static_cast<int>(opset), node.domain());
    if (!schema)
      continue; // the converter table reports unknown ops
    auto outside = [](int count, int lo, int hi) {
      return count < lo || count > hi;
    };
    if (outside(node.input_size(), schema->min_input(), schema->max_input()) ||
        outside(node.output_size(), schema->min_output(),
                schema->max_output()))
      return ic.error() << nodePrefix(node, declared) << "has "
                        << node.input_size() << " inputs and "
                        << node.output_size() << " outputs, which its schema "
                                                 "does not allow";
  }
  return success();
}

/// Verifies `op`, returning the first message of a failure (and nothing
/// else, so that the caller reports it as one line).
std::optional<std::string> verificationError(Operation *op) {
  std::string message;
  ScopedDiagnosticHandler capture(op->getContext(), [&](Diagnostic &d) {
    if (message.empty())
      message = d.str();
    return success();
  });
  if (succeeded(verify(op)))
    return std::nullopt;
  return message;
}

/// Verifies the ops a converter appended after `last`, reporting the first
/// failure as one line that names the node (an ONNX model whose shapes ONNX
/// accepted can still be one qcc cannot represent).
LogicalResult verifyNewOps(NodeImporter &importer, Block *block,
                           Operation *last) {
  auto begin = last ? std::next(last->getIterator()) : block->begin();
  for (Operation &op : llvm::make_range(begin, block->end()))
    if (std::optional<std::string> message = verificationError(&op))
      return importer.error() << *message;
  return success();
}

/// The type of a graph input or output: a static tensor of float, or of an
/// integer type for quantized models (inputs get their quantized type from
/// the node that reads them).
FailureOr<RankedTensorType> boundaryType(const onnx::ValueInfoProto &info,
                                         ImportContext &ic) {
  const auto &tensor = info.type().tensor_type();
  Type element = elementTypeFromONNX(tensor.elem_type(), &ic.context);
  if (!element || !(element.isF32() || element.isInteger(8) ||
                    element.isInteger(32)))
    return ic.error() << "graph input or output '" << info.name()
                      << "' has element type " << tensor.elem_type()
                      << "; supported are float (1), uint8 (2), int8 (3) "
                         "and int32 (6)";
  std::string message;
  FailureOr<SmallVector<int64_t>> shape =
      staticShape(tensor, info.name(), message);
  if (failed(shape))
    return ic.error() << "graph input or output " << message;
  return RankedTensorType::get(*shape, element);
}

FailureOr<OwningOpRef<ModuleOp>> importModel(onnx::ModelProto &model,
                                             ImportContext &ic) {
  ic.context.loadDialect<qcc::QCCDialect, func::FuncDialect>();
  FailureOr<int64_t> declared = defaultOpset(model, ic);
  if (failed(declared))
    return failure();
  onnx::GraphProto &graph = *model.mutable_graph();
  if (failed(bindConstantInputs(graph, ic)) ||
      failed(fixBatchDimension(graph, ic)) ||
      failed(validateStructure(graph, *declared, ic)))
    return failure();
  std::string message;
  int64_t opset = std::min(*declared, kSchemaOpset);
  if (*declared > kSchemaOpset &&
      failed(downgradeToSchemaOpset(model, *declared, ic.baseDir, &ic.context,
                                    message)))
    return ic.error() << message;
  if (failed(validateNodes(graph, opset, *declared, ic)))
    return failure();
  if (failed(inferShapes(model, message)))
    return ic.error() << "shape inference failed: " << message;

  GraphState state;
  state.file = ic.file;
  state.opset = opset;
  state.declaredOpset = *declared;
  for (const auto &info : graph.input())
    state.types[info.name()] = &info.type();
  for (const auto &info : graph.value_info())
    state.types[info.name()] = &info.type();
  for (const auto &info : graph.output())
    state.types[info.name()] = &info.type();

  // The function signature: non-initializer inputs, then the outputs.
  SmallVector<Type> argTypes;
  SmallVector<const onnx::ValueInfoProto *> args;
  for (const auto &info : graph.input()) {
    if (isInitializer(graph, info.name()))
      continue;
    FailureOr<RankedTensorType> type = boundaryType(info, ic);
    if (failed(type))
      return failure();
    argTypes.push_back(*type);
    args.push_back(&info);
  }
  for (const auto &info : graph.output())
    if (failed(boundaryType(info, ic)))
      return failure();

  Location fileLoc = FileLineColLoc::get(&ic.context, ic.file, 0, 0);
  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  OpBuilder builder(module->getBodyRegion());
  std::string name = graph.name().empty() ? "model" : graph.name();
  auto func = func::FuncOp::create(
      builder, fileLoc, name, builder.getFunctionType(argTypes, {}));
  Block *entry = func.addEntryBlock();
  builder.setInsertionPointToStart(entry);
  for (auto [arg, info] : llvm::zip(entry->getArguments(), args))
    state.values[info->name()] = ImportedValue{arg, {}, {}, {}};

  for (const auto &init : graph.initializer()) {
    FailureOr<DenseElementsAttr> value =
        tensorToAttr(init, ic.baseDir, &ic.context, message);
    if (failed(value))
      return ic.error() << message;
    state.values[init.name()] = ImportedValue{{}, *value, {}, {}};
  }
  state.constantsAtInference = countConstants(state);

  for (const onnx::NodeProto &node : graph.node()) {
    NodeImporter importer(node, state, builder);
    if (!node.domain().empty() && node.domain() != "ai.onnx")
      return importer.error() << "unsupported op domain '" << node.domain()
                              << "'";
    auto it = converters().find(node.op_type());
    if (it == converters().end())
      return importer.error() << "unsupported op";
    if (failed(refineShapes(node, model, state, message)))
      return importer.error() << "shape inference with the constants folded "
                                 "so far failed: "
                              << message;
    Operation *last = entry->empty() ? nullptr : &entry->back();
    if (failed(it->second(importer)) ||
        failed(verifyNewOps(importer, entry, last)))
      return failure();
  }

  // Results: float values, quantized values (QOperator models), and
  // QuantizeLinear outputs, which become qcc.quantize.
  SmallVector<Value> results;
  for (const auto &info : graph.output()) {
    auto it = state.values.find(info.name());
    if (it == state.values.end())
      return ic.error() << "graph output '" << info.name()
                        << "' is not produced by any node";
    ImportedValue &record = it->second;
    onnx::NodeProto none;
    NodeImporter output(none, state, builder);
    if (record.quantizedFrom) {
      auto shape =
          cast<RankedTensorType>(record.quantizedFrom.getType()).getShape();
      record.value = qcc::QuantizeOp::create(
          builder, fileLoc, RankedTensorType::get(shape, record.quantType),
          record.quantizedFrom);
    } else if (!record.value && record.constant) {
      record.value = output.materialize(record.constant);
    }
    results.push_back(record.value);
  }
  func::ReturnOp::create(builder, fileLoc, results);
  // Integer inputs took their quantized types while the graph was read.
  func.setType(builder.getFunctionType(entry->getArgumentTypes(),
                                       ValueRange(results).getTypes()));
  // Keep the model's names for its inputs and outputs (qcc-run's messages,
  // the generated header).
  for (auto [i, info] : llvm::enumerate(args))
    func.setArgAttr(i, "qcc.name", builder.getStringAttr(info->name()));
  for (auto [i, info] : llvm::enumerate(graph.output()))
    func.setResultAttr(i, "qcc.name", builder.getStringAttr(info.name()));

  if (std::optional<std::string> message = verificationError(*module))
    return ic.error() << "the imported IR does not verify: " << *message;
  return module;
}

} // namespace

/// Parses and imports a binary model; `ic.baseDir` is where its external
/// data lives (empty: nowhere).
static FailureOr<OwningOpRef<ModuleOp>> importBinary(llvm::StringRef bytes,
                                                     ImportContext &ic) {
  // libprotobuf reads at most INT_MAX bytes; larger models keep their
  // weights in external data files, as ONNX's exporters do.
  if (bytes.size() > static_cast<size_t>(INT_MAX))
    return ic.error() << "the model takes " << bytes.size()
                      << " bytes, more than the 2 GiB a protobuf may have; "
                         "store its weights as external data";
  onnx::ModelProto model;
  if (!model.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
    return ic.error() << "not a valid ONNX model (protobuf parsing failed)";
  if (!model.has_graph())
    return ic.error() << "the model has no graph";
  return importModel(model, ic);
}

FailureOr<OwningOpRef<ModuleOp>>
qcc::importONNXFile(llvm::StringRef path, MLIRContext &context,
                    const ImportOptions &options) {
  StringRef parent = llvm::sys::path::parent_path(path);
  ImportContext ic{path.str(), parent.empty() ? "." : parent.str(), context,
                   options};
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return ic.error() << "cannot open: " << buffer.getError().message();
  return importBinary((*buffer)->getBuffer(), ic);
}

FailureOr<OwningOpRef<ModuleOp>>
qcc::importONNXBuffer(llvm::StringRef bytes, llvm::StringRef bufferName,
                      MLIRContext &context, const ImportOptions &options) {
  ImportContext ic{bufferName.str(), "", context, options};
  return importBinary(bytes, ic);
}

FailureOr<OwningOpRef<ModuleOp>>
qcc::importONNXText(llvm::StringRef text, llvm::StringRef bufferName,
                    MLIRContext &context, const ImportOptions &options) {
  ImportContext ic{bufferName.str(), "", context, options};
  onnx::ModelProto model;
  std::string source = text.str();
  try {
    onnx::Status status = onnx::OnnxParser::Parse(model, source.c_str());
    if (!status.IsOK()) {
      std::string message = status.ErrorMessage();
      std::replace(message.begin(), message.end(), '\n', ' ');
      return ic.error() << "cannot parse the ONNX text: " << message;
    }
  } catch (const std::exception &e) {
    std::string message = e.what();
    std::replace(message.begin(), message.end(), '\n', ' ');
    return ic.error() << "cannot parse the ONNX text: " << message;
  }
  return importModel(model, ic);
}
