//===- OpsRecurrent.cpp - LSTM, GRU and RNN -------------------------------===//
//
// This file converts ONNX's recurrent layers by unrolling them over their
// static sequence length into float-level ops, following the equations of
// ONNX's operator definitions. The input projection of all steps is one
// fully_connected; each step multiplies the hidden state by R (a
// fully_connected with constant weights), slices the gates, applies their
// activations and updates the state elementwise. A state that is zero (an
// absent or all-zero initial state) is not materialized: the first step
// drops the terms it would multiply, so quantization never meets a
// constant-zero activation. Biases that only add to a gate are folded into
// the projection's bias.
//
//===----------------------------------------------------------------------===//

#include "NodeImporter.h"

#include "qcc/Dialect/QCC/IR/QCCOps.h"

using namespace mlir;

namespace qcc::onnx_import {
namespace {

enum class Cell { RNN, GRU, LSTM };

/// The gates W, R and B stack, in ONNX's order: LSTM i, o, f, c; GRU z, r,
/// h; RNN one.
int64_t gateCount(Cell cell) {
  return cell == Cell::LSTM ? 4 : cell == Cell::GRU ? 3 : 1;
}

/// Activation functions per direction: LSTM f, g, h; GRU f, g; RNN f.
SmallVector<std::string> defaultActivations(Cell cell) {
  if (cell == Cell::LSTM)
    return {"Sigmoid", "Tanh", "Tanh"};
  if (cell == Cell::GRU)
    return {"Sigmoid", "Tanh"};
  return {"Tanh"};
}

bool allZero(ArrayRef<float> values) {
  return llvm::all_of(values, [](float v) { return v == 0.0f; });
}

/// What one direction computes with, constants row-major.
struct Direction {
  bool reverse = false;
  std::vector<float> w, r; // [G·H, I], [G·H, H]
  std::vector<float> bias; // [G·H], added to the input projection
  std::vector<float> rb;   // [G·H], the recurrent bias not folded into
                           // `bias` (GRU's Rbh with linear_before_reset)
  std::vector<float> p;    // LSTM peepholes i, o, f: [3·H], or empty
  Value h, c;              // initial states [batch, H], null when zero
  ArrayRef<std::string> activations;
};

/// Builds the ops of the unrolled layer. A null Value stands for zero.
class Unroller {
public:
  Unroller(NodeImporter &n, Cell cell, int64_t batch, int64_t hidden,
           bool linearBeforeReset)
      : n(n), cell(cell), batch(batch), hidden(hidden),
        linearBeforeReset(linearBeforeReset) {}

  /// Runs one step from `d`'s current state on `xg` (the input projection,
  /// [batch, G·H]) and leaves the new state in `d`.
  void step(Direction &d, Value xg);

  Value reshape(Value v, ArrayRef<int64_t> shape) {
    if (typeOf(v).getShape() == shape)
      return v;
    return ReshapeOp::create(n.builder(), n.loc(), tensor(shape), v);
  }
  Value slice(Value v, ArrayRef<int64_t> offsets, ArrayRef<int64_t> sizes) {
    SmallVector<int64_t> strides(sizes.size(), 1);
    return SliceOp::create(n.builder(), n.loc(), tensor(sizes), v, offsets,
                           sizes, strides);
  }
  /// x · rows [from, from + count) of `matrix` (K columns)ᵀ + `bias`
  /// (the same rows of it, when not empty).
  Value linear(Value x, ArrayRef<float> matrix, int64_t k, int64_t from,
               int64_t count, ArrayRef<float> bias);
  /// `parts` reshaped to `shape` and concatenated along `axis`.
  Value join(ArrayRef<Value> parts, ArrayRef<int64_t> shape, int64_t axis);

private:
  RankedTensorType typeOf(Value v) {
    return cast<RankedTensorType>(v.getType());
  }
  RankedTensorType tensor(ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, n.builder().getF32Type());
  }
  Value constant(ArrayRef<int64_t> shape, ArrayRef<float> values) {
    return n.materialize(DenseElementsAttr::get(tensor(shape), values));
  }
  /// A [batch, width] constant whose rows are `row`; null when zero.
  Value rows(ArrayRef<float> row) {
    if (allZero(row))
      return Value();
    std::vector<float> values;
    for (int64_t b = 0; b < batch; ++b)
      values.insert(values.end(), row.begin(), row.end());
    return constant({batch, static_cast<int64_t>(row.size())}, values);
  }
  /// Columns [from, from + H) of a [batch, *] tensor.
  Value gate(Value v, int64_t index) {
    return slice(v, {0, index * hidden}, {batch, hidden});
  }
  Value add(Value a, Value b) {
    if (!a || !b)
      return a ? a : b;
    return AddOp::create(n.builder(), n.loc(), TypeRange{a.getType()},
                         ValueRange{a, b});
  }
  Value mul(Value a, Value b) {
    if (!a || !b)
      return Value();
    return MulOp::create(n.builder(), n.loc(), TypeRange{a.getType()},
                         ValueRange{a, b});
  }
  Value oneMinus(Value v) {
    Value one = constant({}, {1.0f});
    return SubOp::create(n.builder(), n.loc(), TypeRange{v.getType()},
                         ValueRange{one, v});
  }
  Value activate(StringRef name, Value v) {
    if (name == "Sigmoid")
      return SigmoidOp::create(n.builder(), n.loc(), v);
    if (name == "Relu")
      return ReluOp::create(n.builder(), n.loc(), v);
    return TanhOp::create(n.builder(), n.loc(), v);
  }

  NodeImporter &n;
  Cell cell;
  int64_t batch, hidden;
  bool linearBeforeReset;
};

Value Unroller::linear(Value x, ArrayRef<float> matrix, int64_t k, int64_t from,
                       int64_t count, ArrayRef<float> bias) {
  ArrayRef<float> b = bias.empty() ? bias : bias.slice(from, count);
  if (!x)
    return rows(b);
  Value weight = constant({count, k}, matrix.slice(from * k, count * k));
  Value biasValue = allZero(b) ? Value() : constant({count}, b);
  int64_t m = typeOf(x).getDimSize(0);
  return FullyConnectedOp::create(n.builder(), n.loc(), tensor({m, count}), x,
                                  weight, biasValue, /*clamp_min=*/nullptr,
                                  /*clamp_max=*/nullptr);
}

Value Unroller::join(ArrayRef<Value> parts, ArrayRef<int64_t> shape,
                     int64_t axis) {
  SmallVector<Value> inputs;
  for (Value part : parts)
    inputs.push_back(reshape(part, shape));
  if (inputs.size() == 1)
    return inputs.front();
  SmallVector<int64_t> joined(shape);
  joined[axis] *= inputs.size();
  return ConcatOp::create(n.builder(), n.loc(), tensor(joined), inputs, axis);
}

void Unroller::step(Direction &d, Value xg) {
  int64_t h = hidden;
  ArrayRef<std::string> act = d.activations;
  if (cell == Cell::RNN) {
    d.h = activate(act[0], add(xg, linear(d.h, d.r, h, 0, h, {})));
    return;
  }
  if (cell == Cell::GRU) {
    // z, r = f(x·Wzr + h·Rzr + biases)
    Value zr = add(slice(xg, {0, 0}, {batch, 2 * h}),
                   linear(d.h, d.r, h, 0, 2 * h, {}));
    Value z = activate(act[0], gate(zr, 0));
    Value r = activate(act[0], gate(zr, 1));
    // linear_before_reset: r ⊙ (h·Rh + Rbh); otherwise (r ⊙ h)·Rh.
    Value recurrent = linearBeforeReset
                          ? mul(r, linear(d.h, d.r, h, 2 * h, h, d.rb))
                          : linear(mul(r, d.h), d.r, h, 2 * h, h, {});
    Value candidate = activate(act[1], add(gate(xg, 2), recurrent));
    // H = (1 - z) ⊙ candidate + z ⊙ H
    d.h = add(mul(oneMinus(z), candidate), mul(z, d.h));
    return;
  }
  Value gates = add(xg, linear(d.h, d.r, h, 0, 4 * h, {}));
  auto peephole = [&](int64_t index, Value state) {
    if (d.p.empty())
      return Value();
    return mul(rows(ArrayRef(d.p).slice(index * h, h)), state);
  };
  Value i = activate(act[0], add(gate(gates, 0), peephole(0, d.c)));
  Value f = activate(act[0], add(gate(gates, 2), peephole(2, d.c)));
  Value g = activate(act[1], gate(gates, 3));
  d.c = add(mul(f, d.c), mul(i, g));
  Value o = activate(act[0], add(gate(gates, 1), peephole(1, d.c)));
  d.h = mul(o, activate(act[2], d.c));
}

/// A constant input's values, which must have shape `shape`.
FailureOr<std::vector<float>> constantFloats(NodeImporter &n, unsigned i,
                                             ArrayRef<int64_t> shape) {
  FailureOr<DenseElementsAttr> attr = n.constantInput(i);
  if (failed(attr))
    return failure();
  if (!attr->getElementType().isF32() || attr->getType().getShape() != shape)
    return n.error() << "input '" << n.node().input(i) << "' is "
                     << attr->getType() << "; expected "
                     << RankedTensorType::get(shape,
                                              Float32Type::get(n.context()));
  return std::vector<float>(attr->getValues<float>().begin(),
                            attr->getValues<float>().end());
}

/// Initial state `i` ([D, batch, H], or [batch, D, H] with layout 1) for
/// direction `d`: null when absent or an all-zero constant.
FailureOr<Value> initialState(NodeImporter &n, Unroller &u, unsigned i,
                              int64_t d, bool batchFirst, int64_t batch,
                              int64_t hidden) {
  if (!n.hasInput(i))
    return Value();
  FailureOr<ImportedValue *> record = n.inputRecord(i);
  if (failed(record))
    return failure();
  if (DenseElementsAttr c = (*record)->constant;
      c && c.getElementType().isF32() &&
      llvm::all_of(c.getValues<float>(), [](float v) { return v == 0.0f; }))
    return Value();
  FailureOr<Value> state = n.input(i);
  if (failed(state))
    return failure();
  Value part = batchFirst ? u.slice(*state, {0, d, 0}, {batch, 1, hidden})
                          : u.slice(*state, {d, 0, 0}, {1, batch, hidden});
  return u.reshape(part, {batch, hidden});
}

LogicalResult convertRecurrent(NodeImporter &n, Cell cell) {
  FailureOr<Value> x = n.input(0);
  FailureOr<DenseElementsAttr> wAttr = n.constantInput(1);
  if (failed(x) || failed(wAttr))
    return failure();
  std::string direction = n.attrString("direction", "forward");
  int64_t numDirections = direction == "bidirectional" ? 2 : 1;
  if (direction != "forward" && direction != "reverse" &&
      direction != "bidirectional")
    return n.error() << "unsupported direction = " << direction;
  if (n.attr("clip"))
    return n.error() << "unsupported clip (cell clipping)";
  if (failed(n.expectAttrInt("input_forget", 0)))
    return failure();
  bool batchFirst = n.attrInt("layout", 0) == 1;
  auto xShape = cast<RankedTensorType>(x->getType()).getShape();
  ArrayRef<int64_t> wShape = wAttr->getType().getShape();
  int64_t gates = gateCount(cell);
  if (xShape.size() != 3 || wShape.size() != 3 || wShape[0] != numDirections ||
      wShape[1] % gates != 0)
    return n.error() << "X must be rank 3 and W [" << numDirections << ", "
                     << gates << "·hidden_size, input_size]";
  int64_t seq = batchFirst ? xShape[1] : xShape[0];
  int64_t batch = batchFirst ? xShape[0] : xShape[1];
  int64_t inputSize = xShape[2], hidden = wShape[1] / gates;
  int64_t gh = gates * hidden;
  if (n.attrInt("hidden_size", hidden) != hidden)
    return n.error() << "hidden_size " << n.attrInt("hidden_size", hidden)
                     << " disagrees with W's " << gh << " rows";
  if (n.hasInput(4)) {
    FailureOr<SmallVector<int64_t>> lengths = n.constantInts(4);
    if (failed(lengths))
      return failure();
    if (llvm::any_of(*lengths, [&](int64_t l) { return l != seq; }))
      return n.error() << "sequence_lens other than the sequence length " << seq
                       << " are not supported";
  }
  SmallVector<std::string> activations;
  if (const onnx::AttributeProto *names = n.attr("activations"))
    activations.assign(names->strings().begin(), names->strings().end());
  if (activations.empty())
    for (int64_t d = 0; d < numDirections; ++d)
      llvm::append_range(activations, defaultActivations(cell));
  size_t perDirection = defaultActivations(cell).size();
  if (activations.size() != perDirection * numDirections)
    return n.error() << "expected " << perDirection * numDirections
                     << " activations but got " << activations.size();
  for (const std::string &name : activations)
    if (name != "Sigmoid" && name != "Tanh" && name != "Relu")
      return n.error() << "unsupported activation " << name;
  bool linearBeforeReset =
      cell == Cell::GRU && n.attrInt("linear_before_reset", 0) != 0;

  FailureOr<std::vector<float>> w =
      constantFloats(n, 1, {numDirections, gh, inputSize});
  FailureOr<std::vector<float>> r =
      constantFloats(n, 2, {numDirections, gh, hidden});
  FailureOr<std::vector<float>> b =
      n.hasInput(3) ? constantFloats(n, 3, {numDirections, 2 * gh})
                    : std::vector<float>(numDirections * 2 * gh, 0.0f);
  FailureOr<std::vector<float>> p =
      cell == Cell::LSTM && n.hasInput(7)
          ? constantFloats(n, 7, {numDirections, 3 * hidden})
          : std::vector<float>();
  if (failed(w) || failed(r) || failed(b) || failed(p))
    return failure();

  Unroller u(n, cell, batch, hidden, linearBeforeReset);
  // The input projection of every step at once: [seq·batch, I] rows.
  Value rowsOfX = u.reshape(*x, {seq * batch, inputSize});
  SmallVector<Direction> dirs(numDirections);
  SmallVector<SmallVector<Value>> outputs(numDirections);
  for (int64_t d = 0; d < numDirections; ++d) {
    Direction &dir = dirs[d];
    dir.reverse = direction == "reverse" || d == 1;
    auto part = [&](const std::vector<float> &all, int64_t size) {
      return std::vector<float>(all.begin() + d * size,
                                all.begin() + (d + 1) * size);
    };
    dir.w = part(*w, gh * inputSize);
    dir.r = part(*r, gh * hidden);
    std::vector<float> wb = part(*b, 2 * gh), rb(wb.begin() + gh, wb.end());
    wb.resize(gh);
    dir.bias = wb;
    // Rbh stays inside r ⊙ (h·Rh + Rbh) with linear_before_reset; every
    // other recurrent bias only adds to its gate.
    int64_t folded = linearBeforeReset ? 2 * hidden : gh;
    dir.rb.assign(gh, 0.0f);
    for (int64_t j = 0; j < gh; ++j)
      (j < folded ? dir.bias[j] : dir.rb[j]) += rb[j];
    if (!p->empty() && !allZero(part(*p, 3 * hidden)))
      dir.p = part(*p, 3 * hidden);
    dir.activations =
        ArrayRef(activations).slice(d * perDirection, perDirection);
    FailureOr<Value> h0 = initialState(n, u, 5, d, batchFirst, batch, hidden);
    FailureOr<Value> c0 =
        cell == Cell::LSTM ? initialState(n, u, 6, d, batchFirst, batch, hidden)
                           : FailureOr<Value>(Value());
    if (failed(h0) || failed(c0))
      return failure();
    dir.h = *h0;
    dir.c = *c0;

    Value projection = u.linear(rowsOfX, dir.w, inputSize, 0, gh, dir.bias);
    projection = u.reshape(projection, {xShape[0], xShape[1], gh});
    outputs[d].resize(seq);
    for (int64_t k = 0; k < seq; ++k) {
      int64_t t = dir.reverse ? seq - 1 - k : k;
      Value xg = batchFirst ? u.slice(projection, {0, t, 0}, {batch, 1, gh})
                            : u.slice(projection, {t, 0, 0}, {1, batch, gh});
      u.step(dir, u.reshape(xg, {batch, gh}));
      outputs[d][t] = dir.h;
    }
  }
  // Y is [seq, D, batch, H] ([batch, seq, D, H] with layout 1); Y_h and
  // Y_c are [D, batch, H] ([batch, D, H]).
  int64_t stepAxis = batchFirst ? 1 : 0, dirAxis = batchFirst ? 2 : 1;
  SmallVector<int64_t> stepShape =
      batchFirst ? SmallVector<int64_t>{batch, 1, 1, hidden}
                 : SmallVector<int64_t>{1, 1, batch, hidden};
  SmallVector<int64_t> stateShape =
      batchFirst ? SmallVector<int64_t>{batch, 1, hidden}
                 : SmallVector<int64_t>{1, batch, hidden};
  for (unsigned i = 0; i < n.numOutputs(); ++i) {
    if (n.node().output(i).empty())
      continue;
    SmallVector<Value> parts;
    if (i == 0) {
      for (int64_t d = 0; d < numDirections; ++d)
        parts.push_back(u.join(outputs[d], stepShape, stepAxis));
      SmallVector<int64_t> sequenceShape(stepShape);
      sequenceShape[stepAxis] = seq;
      n.setOutput(0, u.join(parts, sequenceShape, dirAxis));
      continue;
    }
    for (Direction &dir : dirs)
      parts.push_back(i == 1 ? dir.h : dir.c);
    n.setOutput(i, u.join(parts, stateShape, batchFirst ? 1 : 0));
  }
  return success();
}

} // namespace

void registerRecurrentOps(ConverterTable &table) {
  table["LSTM"] = [](NodeImporter &n) {
    return convertRecurrent(n, Cell::LSTM);
  };
  table["GRU"] = [](NodeImporter &n) { return convertRecurrent(n, Cell::GRU); };
  table["RNN"] = [](NodeImporter &n) { return convertRecurrent(n, Cell::RNN); };
}

} // namespace qcc::onnx_import
