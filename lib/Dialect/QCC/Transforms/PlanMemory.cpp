//===- PlanMemory.cpp - one static arena for a kernel-level function ------===//
//
// This file implements qcc-plan-memory. Tensors that share bytes (views,
// tied destinations, in-place results) are grouped under a root; each root
// that is neither a model input nor a model output becomes an arena buffer
// live from its definition to the last use of any of its aliases. Buffers
// are placed largest first, each in the smallest gap between the buffers
// already placed that overlap it in time (greedy best fit), and in two
// other ways (where the last buffer to die before it was; in program
// order); the smallest arena comes close to the live-set lower bound on the
// networks qcc compiles.
//
//===----------------------------------------------------------------------===//

#include "qcc/Dialect/QCC/IR/QCCOps.h"
#include "qcc/Dialect/QCC/Transforms/Passes.h"

#include <numeric>

namespace qcc {
#define GEN_PASS_DEF_PLANMEMORY
#include "qcc/Dialect/QCC/Transforms/Passes.h.inc"
} // namespace qcc

using namespace mlir;
using namespace qcc;

namespace {

constexpr int64_t kAlignment = 16;

int64_t alignUp(int64_t n) { return (n + kAlignment - 1) / kAlignment * kAlignment; }

int64_t byteSize(Value value) {
  auto type = cast<ShapedType>(value.getType());
  return type.getNumElements() * type.getElementTypeBitWidth() / 8;
}

/// An arena buffer: a root tensor or one call's scratch.
struct Buffer {
  int64_t size, start, end;
  int64_t offset = -1;
};

/// Places `buffers` in `order`, each in the smallest gap between the
/// buffers already placed that overlap it in time (greedy best fit) or,
/// with `reuseFreed`, where the last buffer to die before it started was,
/// when that fits; returns the arena size.
int64_t place(MutableArrayRef<Buffer> buffers, ArrayRef<size_t> order,
              bool reuseFreed) {
  SmallVector<size_t> placed;
  int64_t arenaSize = 0;
  for (size_t i : order) {
    Buffer &buffer = buffers[i];
    SmallVector<Buffer *> overlapping;
    Buffer *freed = nullptr;
    for (size_t j : placed) {
      if (buffers[j].start <= buffer.end && buffer.start <= buffers[j].end)
        overlapping.push_back(&buffers[j]);
      else if (buffers[j].end < buffer.start &&
               (!freed || buffers[j].end > freed->end))
        freed = &buffers[j];
    }
    llvm::sort(overlapping,
               [](Buffer *a, Buffer *b) { return a->offset < b->offset; });
    int64_t end = 0, best = -1, bestGap = INT64_MAX;
    for (Buffer *other : overlapping) {
      int64_t gap = other->offset - end;
      if (gap >= buffer.size && gap < bestGap) {
        best = end;
        bestGap = gap;
      }
      end = std::max(end, alignUp(other->offset + other->size));
    }
    if (reuseFreed && freed &&
        llvm::none_of(overlapping, [&](Buffer *other) {
          return other->offset < freed->offset + buffer.size &&
                 freed->offset < other->offset + other->size;
        }))
      best = freed->offset;
    buffer.offset = best >= 0 ? best : end;
    arenaSize = std::max(arenaSize, alignUp(buffer.offset + buffer.size));
    placed.push_back(i);
  }
  return arenaSize;
}

struct PlanMemory : qcc::impl::PlanMemoryBase<PlanMemory> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    Block &body = func.getBody().front();
    Operation *ret = body.getTerminator();

    DenseMap<Operation *, int64_t> position;
    for (Operation &op : body)
      position[&op] = static_cast<int64_t>(position.size());
    auto lastUse = [&](Value value) {
      int64_t last = -1;
      for (Operation *user : value.getUsers())
        last = std::max(last, position.lookup(user));
      return last;
    };

    // Group values under the root whose bytes they share.
    DenseMap<Value, Value> rootOf;
    DenseMap<Value, int64_t> rootEnd;
    SmallVector<std::pair<Value, int64_t>> rootStarts; // in program order
    auto root = [&](Value v) { return rootOf.lookup(v) ? rootOf.lookup(v) : v; };
    auto alias = [&](Value value, Value r) {
      rootOf[value] = r;
      rootEnd[r] = std::max(rootEnd[r], lastUse(value));
    };
    for (BlockArgument arg : body.getArguments())
      rootEnd[arg] = lastUse(arg);
    SmallVector<std::pair<Operation *, Buffer>> scratches;
    for (Operation &op : body) {
      int64_t p = position[&op];
      if (auto reshape = dyn_cast<ReshapeOp>(op)) {
        alias(reshape.getResult(), root(reshape.getInput()));
        continue;
      }
      auto kernel = dyn_cast<KernelOp>(op);
      if (!kernel) {
        if (op.getNumResults() && !op.hasTrait<OpTrait::ConstantLike>()) {
          op.emitError("is not a kernel call; run qcc-lower-to-kernels first");
          return signalPassFailure();
        }
        continue;
      }
      Value result = kernel.getResult();
      if (kernel.getScratch() > 0)
        scratches.push_back(
            {&op, Buffer{static_cast<int64_t>(kernel.getScratch()), p, p}});
      if (kernel.getTied()) {
        alias(result, root(kernel.getInputs().back()));
        continue;
      }
      if (kernel.getInPlace()) {
        Value input = kernel.getInputs().front();
        Value r = root(input);
        if (isa_and_nonnull<KernelOp>(r.getDefiningOp()) && rootEnd[r] == p &&
            byteSize(input) == byteSize(result)) {
          alias(result, r);
          continue;
        }
      }
      rootStarts.push_back({result, p});
      rootEnd[result] = lastUse(result);
    }

    // Returned roots live in the caller's output buffers.
    DenseMap<Value, int64_t> outputOf;
    for (auto [index, value] : llvm::enumerate(ret->getOperands())) {
      Value r = root(value);
      if (isa<BlockArgument>(r) || !outputOf.try_emplace(r, index).second) {
        func.emitError("output #")
            << index << " shares its bytes with an input or another output";
        return signalPassFailure();
      }
    }

    // Place the arena buffers.
    SmallVector<Value> roots;
    SmallVector<Buffer> buffers;
    for (auto [value, start] : rootStarts)
      if (!outputOf.count(value)) {
        roots.push_back(value);
        buffers.push_back(Buffer{byteSize(value), start, rootEnd[value]});
      }
    for (auto &[op, buffer] : scratches)
      buffers.push_back(buffer);
    // Largest first usually packs best. When buffers of one size are live
    // at different times (the slices of a per-channel PRelu and the
    // concatenation of their results), putting a buffer where the last one
    // to die before it was, or placing in program order, can pack better:
    // all three are tried, and the smallest arena is kept.
    SmallVector<size_t> bySize(buffers.size());
    std::iota(bySize.begin(), bySize.end(), 0);
    SmallVector<size_t> byStart(bySize);
    llvm::stable_sort(bySize, [&](size_t a, size_t b) {
      if (buffers[a].size != buffers[b].size)
        return buffers[a].size > buffers[b].size;
      return buffers[a].start < buffers[b].start;
    });
    llvm::stable_sort(byStart, [&](size_t a, size_t b) {
      return buffers[a].start < buffers[b].start;
    });
    int64_t arenaSize = place(buffers, bySize, /*reuseFreed=*/false);
    for (auto [order, reuse] : {std::pair{ArrayRef(bySize), true},
                                std::pair{ArrayRef(byStart), false}}) {
      SmallVector<Buffer> candidate(buffers);
      if (int64_t size = place(candidate, order, reuse); size < arenaSize) {
        buffers = std::move(candidate);
        arenaSize = size;
      }
    }

    // The live-set bound: the most bytes live at any one op, each buffer
    // rounded up to the alignment (buffers live together start at distinct
    // aligned offsets, so a buffer of 10 bytes keeps 16 from the others).
    int64_t liveBound = 0;
    for (int64_t p = 0, e = static_cast<int64_t>(position.size()); p < e; ++p) {
      int64_t live = 0;
      for (const Buffer &buffer : buffers)
        if (buffer.start <= p && p <= buffer.end)
          live += alignUp(buffer.size);
      liveBound = std::max(liveBound, live);
    }

    // Annotate every result with the place of its root.
    DenseMap<Value, int64_t> offsetOf;
    for (auto [index, value] : llvm::enumerate(roots))
      offsetOf[value] = buffers[index].offset;
    Builder builder(&getContext());
    for (Operation &op : body) {
      if (op.getNumResults() != 1 || op.hasTrait<OpTrait::ConstantLike>())
        continue;
      Value r = root(op.getResult(0));
      if (auto arg = dyn_cast<BlockArgument>(r))
        op.setAttr("qcc.input", builder.getI64IntegerAttr(arg.getArgNumber()));
      else if (outputOf.count(r))
        op.setAttr("qcc.output", builder.getI64IntegerAttr(outputOf[r]));
      else
        op.setAttr("qcc.offset", builder.getI64IntegerAttr(offsetOf[r]));
    }
    for (auto [index, entry] : llvm::enumerate(scratches))
      entry.first->setAttr(
          "qcc.scratch_offset",
          builder.getI64IntegerAttr(buffers[roots.size() + index].offset));
    func->setAttr("qcc.arena_size", builder.getI64IntegerAttr(arenaSize));
    func->setAttr("qcc.live_bound", builder.getI64IntegerAttr(liveBound));
  }
};

} // namespace
