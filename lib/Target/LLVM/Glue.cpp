//===- Glue.cpp - the run function in the LLVM dialect --------------------===//
//
// This file builds the LLVM-dialect module of a planned kernel-level
// function: each descriptor and packed constant becomes an internal constant
// global, each kernel an external declaration, and NAME_run a sequence of
// calls on pointers into the caller's buffers and arena. The kernels'
// bitcode is linked to it later (EmitLLVM.cpp).
//
//===----------------------------------------------------------------------===//

#include "Glue.h"

#include "qcc/Dialect/QCC/IR/QCCOps.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"

using namespace mlir;

namespace qcc {

namespace {

class GlueBuilder {
public:
  GlueBuilder(ModuleOp glue)
      : glue(glue), builder(glue.getContext()),
        ptr(LLVM::LLVMPointerType::get(glue.getContext())) {}

  /// An internal constant global holding `data`, aligned to 16; the one
  /// already named `name` (data several calls share).
  Value global(Location loc, const std::string &name,
               DenseIntElementsAttr data) {
    if (auto existing = glue.lookupSymbol<LLVM::GlobalOp>(name))
      return LLVM::AddressOfOp::create(runBuilder, loc, existing);
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToEnd(glue.getBody());
    auto type = LLVM::LLVMArrayType::get(data.getElementType(),
                                         data.getNumElements());
    auto op = LLVM::GlobalOp::create(builder, loc, type, /*isConstant=*/true,
                                     LLVM::Linkage::Internal, name, data,
                                     /*alignment=*/16);
    return LLVM::AddressOfOp::create(runBuilder, loc, op);
  }

  /// The external declaration of kernel `symbol` taking `numArgs` pointers.
  LLVM::LLVMFuncOp kernel(Location loc, StringRef symbol, unsigned numArgs) {
    if (auto existing = glue.lookupSymbol<LLVM::LLVMFuncOp>(symbol))
      return existing;
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToEnd(glue.getBody());
    auto type = LLVM::LLVMFunctionType::get(
        LLVM::LLVMVoidType::get(builder.getContext()),
        SmallVector<Type>(numArgs, ptr));
    return LLVM::LLVMFuncOp::create(builder, loc, symbol, type);
  }

  /// `base[index]` of a pointer array (inputs or outputs).
  Value element(Location loc, Value base, int64_t index) {
    Value address = LLVM::GEPOp::create(runBuilder, loc, ptr, ptr, base,
                                        ArrayRef<LLVM::GEPArg>{int32_t(index)});
    return LLVM::LoadOp::create(runBuilder, loc, ptr, address);
  }

  /// `arena + offset`.
  Value arena(Location loc, int64_t offset) {
    if (offset == 0)
      return arenaArg;
    return LLVM::GEPOp::create(runBuilder, loc, ptr, runBuilder.getI8Type(),
                               arenaArg,
                               ArrayRef<LLVM::GEPArg>{int32_t(offset)});
  }

  Value buffer(Location loc, Place place) {
    switch (place.kind) {
    case Place::Input:
      return element(loc, inputsArg, place.index);
    case Place::Output:
      return element(loc, outputsArg, place.index);
    case Place::Arena:
      return arena(loc, place.index);
    case Place::Constant:
      break;
    }
    llvm_unreachable("unknown place");
  }

  void build(KernelProgram &program, StringRef name) {
    Location loc = program.func.getLoc();
    builder.setInsertionPointToEnd(glue.getBody());
    auto runType = LLVM::LLVMFunctionType::get(builder.getI32Type(),
                                               {ptr, ptr, ptr});
    auto run = LLVM::LLVMFuncOp::create(builder, loc, (name + "_run").str(),
                                        runType);
    Block *entry = run.addEntryBlock(builder);
    runBuilder.setInsertionPointToStart(entry);
    inputsArg = entry->getArgument(0);
    outputsArg = entry->getArgument(1);
    arenaArg = entry->getArgument(2);
    checkArguments(loc, program, run);

    for (KernelCall &call : program.calls) {
      Location at = call.op.getLoc();
      SmallVector<Value> args;
      ArrayRef<int32_t> desc = call.op.getDescriptor();
      args.push_back(global(
          at, call.prefix + "_desc",
          DenseIntElementsAttr::get(
              RankedTensorType::get({int64_t(desc.size())},
                                    builder.getI32Type()),
              desc)));
      for (const CallArgument &argument : call.arguments)
        args.push_back(argument.place.kind == Place::Constant
                           ? global(at, argument.name, argument.data)
                           : buffer(at, argument.place));
      LLVM::CallOp::create(runBuilder, at,
                           kernel(at, call.op.getCallee(), args.size()),
                           args);
    }
    LLVM::ReturnOp::create(runBuilder, loc,
                           i32(loc, static_cast<int32_t>(RunStatus::Ok)));
  }

private:
  Value i32(Location loc, int32_t value) {
    return LLVM::ConstantOp::create(runBuilder, loc, runBuilder.getI32Type(),
                                    runBuilder.getI32IntegerAttr(value));
  }

  /// Returns `status` from the run when `failed` holds; continues after.
  void returnIf(Location loc, Value failed, RunStatus status,
                LLVM::LLVMFuncOp run) {
    Block *current = runBuilder.getInsertionBlock();
    Block *refuse = new Block(), *next = new Block();
    run.getBody().push_back(refuse);
    run.getBody().push_back(next);
    runBuilder.setInsertionPointToEnd(refuse);
    LLVM::ReturnOp::create(runBuilder, loc,
                           i32(loc, static_cast<int32_t>(status)));
    runBuilder.setInsertionPointToEnd(current);
    LLVM::CondBrOp::create(runBuilder, loc, failed, refuse, next);
    runBuilder.setInsertionPointToEnd(next);
  }

  Value isNull(Location loc, Value pointer) {
    Value null = LLVM::ZeroOp::create(runBuilder, loc, ptr);
    return LLVM::ICmpOp::create(runBuilder, loc, LLVM::ICmpPredicate::eq,
                                pointer, null);
  }

  /// The checks of RunStatus: null pointers, then the arena's alignment.
  void checkArguments(Location loc, KernelProgram &program,
                      LLVM::LLVMFuncOp run) {
    auto checkArray = [&](Value array, size_t count) {
      if (count == 0)
        return;
      returnIf(loc, isNull(loc, array), RunStatus::NullPointer, run);
      for (size_t i = 0; i < count; ++i)
        returnIf(loc, isNull(loc, element(loc, array, i)),
                 RunStatus::NullPointer, run);
    };
    checkArray(inputsArg, program.inputs.size());
    checkArray(outputsArg, program.outputs.size());
    if (program.arenaSize == 0)
      return;
    returnIf(loc, isNull(loc, arenaArg), RunStatus::NullPointer, run);
    Type i64 = runBuilder.getI64Type();
    Value address = LLVM::PtrToIntOp::create(runBuilder, loc, i64, arenaArg);
    Value mask = LLVM::ConstantOp::create(
        runBuilder, loc, i64, runBuilder.getI64IntegerAttr(kArenaAlignment - 1));
    Value low = LLVM::AndOp::create(runBuilder, loc, address, mask);
    Value zero64 = LLVM::ConstantOp::create(runBuilder, loc, i64,
                                            runBuilder.getI64IntegerAttr(0));
    returnIf(loc,
             LLVM::ICmpOp::create(runBuilder, loc, LLVM::ICmpPredicate::ne,
                                  low, zero64),
             RunStatus::MisalignedArena, run);
  }

  ModuleOp glue;
  OpBuilder builder;
  OpBuilder runBuilder{glue.getContext()};
  Type ptr;
  Value inputsArg, outputsArg, arenaArg;
};

} // namespace

OwningOpRef<ModuleOp> buildGlue(KernelProgram &program,
                                StringRef name) {
  MLIRContext *context = program.func.getContext();
  context->getOrLoadDialect<LLVM::LLVMDialect>();
  OwningOpRef<ModuleOp> glue = ModuleOp::create(program.func.getLoc());
  GlueBuilder(*glue).build(program, name);
  return glue;
}

} // namespace qcc
