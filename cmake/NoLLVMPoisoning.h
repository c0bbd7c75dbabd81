/*===- NoLLVMPoisoning.h - ASan builds against uninstrumented LLVM --------===*
 *
 * Force-included (-include) into every C++ file of an ASan build of qcc.
 * LLVM's headers poison the unused parts of a BumpPtrAllocator's slabs when
 * they see ASan, and unpoison what they hand out. Debian's libMLIR.so was
 * built without ASan: its copies of the same inline functions hand out
 * memory from the same allocators (MLIR's uniquers) without unpoisoning it,
 * and ASan then reports the context's own writes as use-after-poison. With
 * the poisoning calls made no-ops here (before llvm/Support/Compiler.h
 * declares them), our code and libMLIR.so treat the slabs alike.
 *
 *===----------------------------------------------------------------------===*/

#ifndef QCC_NO_LLVM_POISONING_H
#define QCC_NO_LLVM_POISONING_H

#include <sanitizer/asan_interface.h>

#define __asan_poison_memory_region(p, size) ((void)(p), (void)(size))
#define __asan_unpoison_memory_region(p, size) ((void)(p), (void)(size))

#endif
