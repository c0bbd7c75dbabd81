//===- KernelCatalog.cpp - the runtime microkernels qcc can call ----------===//
//
// This file lists the runtime's kernels. Faster variants of an operation go
// before its portable definition, so that selection takes the first one the
// target supports. KernelsTest checks the descriptor sizes against the C
// structs.
//
//===----------------------------------------------------------------------===//

#include "qcc/Dialect/QCC/IR/KernelCatalog.h"

#include "llvm/ADT/STLExtras.h"

using namespace llvm;

namespace qcc {

static const unsigned kConvConstants[] = {8, 32, 32, 32};
static const StringRef kNeon[] = {"+neon"};
static const StringRef kDotprod[] = {"+dotprod"};
static const StringRef kI8mm[] = {"+i8mm"};
static const StringRef kVnni[] = {"+avx512vnni"};
static const StringRef kAvx2[] = {"+avx2"};
static const unsigned kTable8[] = {8};
static const unsigned kTable32[] = {32};

static const KernelInfo kKernels[] = {
    {"conv2d", "qcc_conv2d_s8_avx512vnni", "qcc_conv2d_desc", 22,
     kConvConstants, 1, "gemm_vnni.c", kVnni, WeightLayout::Panels16x4,
     /*scratchRows=*/4, /*pairedProducts=*/false, /*unsignedWeights=*/true},
    {"conv2d", "qcc_conv2d_s8_avx2", "qcc_conv2d_desc", 22, kConvConstants, 1,
     "gemm_avx2.c", kAvx2, WeightLayout::Panels16x4, /*scratchRows=*/4},
    {"conv2d", "qcc_conv2d_s8_i8mm", "qcc_conv2d_desc", 22, kConvConstants, 1,
     "gemm_i8mm.c", kI8mm, WeightLayout::Panels16x8, /*scratchRows=*/8},
    {"conv2d", "qcc_conv2d_s8_dotprod", "qcc_conv2d_desc", 22, kConvConstants,
     1, "gemm_dotprod.c", kDotprod, WeightLayout::Panels16x4,
     /*scratchRows=*/4},
    {"conv2d", "qcc_conv2d_s8_neon", "qcc_conv2d_desc", 22, kConvConstants, 1,
     "gemm_mlal.c", kNeon, WeightLayout::Panels16x16, /*scratchRows=*/4,
     /*pairedProducts=*/true},
    {"conv2d", "qcc_conv2d_s8_neon_wide", "qcc_conv2d_desc", 22,
     kConvConstants, 1, "gemm_mlal.c", kNeon, WeightLayout::Panels16x16,
     /*scratchRows=*/4},
    {"conv2d", "qcc_conv2d_s8", "qcc_conv2d_desc", 22, kConvConstants, 1,
     "conv.c", {}},
    {"conv2d_1x1", "qcc_conv2d_1x1_s8_avx512vnni", "qcc_conv2d_desc", 22,
     kConvConstants, 1, "gemm_vnni.c", kVnni, WeightLayout::Panels16x4,
     /*scratchRows=*/0, /*pairedProducts=*/false, /*unsignedWeights=*/true},
    {"conv2d_1x1", "qcc_conv2d_1x1_s8_avx2", "qcc_conv2d_desc", 22,
     kConvConstants, 1, "gemm_avx2.c", kAvx2, WeightLayout::Panels16x4},
    {"conv2d_1x1", "qcc_conv2d_1x1_s8_i8mm", "qcc_conv2d_desc", 22,
     kConvConstants, 1, "gemm_i8mm.c", kI8mm, WeightLayout::Panels16x8,
     /*scratchRows=*/4},
    {"conv2d_1x1", "qcc_conv2d_1x1_s8_dotprod", "qcc_conv2d_desc", 22,
     kConvConstants, 1, "gemm_dotprod.c", kDotprod, WeightLayout::Panels16x4},
    {"conv2d_1x1", "qcc_conv2d_1x1_s8_neon", "qcc_conv2d_desc", 22,
     kConvConstants, 1, "gemm_mlal.c", kNeon, WeightLayout::Panels16x16,
     /*scratchRows=*/0, /*pairedProducts=*/true},
    {"conv2d_1x1", "qcc_conv2d_1x1_s8_neon_wide", "qcc_conv2d_desc", 22,
     kConvConstants, 1, "gemm_mlal.c", kNeon, WeightLayout::Panels16x16},
    {"conv2d_1x1", "qcc_conv2d_1x1_s8", "qcc_conv2d_desc", 22, kConvConstants,
     1, "conv.c", {}},
    {"depthwise_conv2d", "qcc_depthwise_conv2d_s8_avx512", "qcc_conv2d_desc",
     22, kConvConstants, 1, "vector_avx512.c", kVnni,
     WeightLayout::DepthwiseHWC},
    {"depthwise_conv2d", "qcc_depthwise_conv2d_s8_avx2", "qcc_conv2d_desc", 22,
     kConvConstants, 1, "vector_avx2.c", kAvx2, WeightLayout::DepthwiseHWC},
    {"depthwise_conv2d", "qcc_depthwise_conv2d_s8_neon", "qcc_conv2d_desc", 22,
     kConvConstants, 1, "depthwise_neon.c", kNeon, WeightLayout::DepthwiseHWC},
    {"depthwise_conv2d", "qcc_depthwise_conv2d_s8", "qcc_conv2d_desc", 22,
     kConvConstants, 1, "conv.c", {}, WeightLayout::DepthwiseHWC},
    {"fully_connected", "qcc_fully_connected_s8_avx512vnni",
     "qcc_fully_connected_desc", 9, kConvConstants, 1, "gemm_vnni.c", kVnni,
     WeightLayout::Panels16x4, /*scratchRows=*/0, /*pairedProducts=*/false,
     /*unsignedWeights=*/true},
    {"fully_connected", "qcc_fully_connected_s8_avx2",
     "qcc_fully_connected_desc", 9, kConvConstants, 1, "gemm_avx2.c", kAvx2,
     WeightLayout::Panels16x4},
    {"fully_connected", "qcc_fully_connected_s8_i8mm",
     "qcc_fully_connected_desc", 9, kConvConstants, 1, "gemm_i8mm.c", kI8mm,
     WeightLayout::Panels16x8, /*scratchRows=*/4},
    {"fully_connected", "qcc_fully_connected_s8_dotprod",
     "qcc_fully_connected_desc", 9, kConvConstants, 1, "gemm_dotprod.c",
     kDotprod, WeightLayout::Panels16x4},
    {"fully_connected", "qcc_fully_connected_s8_neon",
     "qcc_fully_connected_desc", 9, kConvConstants, 1, "gemm_mlal.c", kNeon,
     WeightLayout::Panels16x16, /*scratchRows=*/0,
     /*pairedProducts=*/true},
    {"fully_connected", "qcc_fully_connected_s8_neon_wide",
     "qcc_fully_connected_desc", 9, kConvConstants, 1, "gemm_mlal.c", kNeon,
     WeightLayout::Panels16x16},
    {"fully_connected", "qcc_fully_connected_s8", "qcc_fully_connected_desc", 9,
     kConvConstants, 1, "gemm.c", {}},
    {"matmul", "qcc_matmul_s8_avx512", "qcc_matmul_desc", 14, {}, 2,
     "vector_avx512.c", kVnni},
    {"matmul", "qcc_matmul_s8_avx2", "qcc_matmul_desc", 14, {}, 2,
     "vector_avx2.c", kAvx2},
    {"matmul", "qcc_matmul_s8_i8mm", "qcc_matmul_desc", 14, {}, 2,
     "matmul_neon.c", kI8mm},
    {"matmul", "qcc_matmul_s8_dotprod", "qcc_matmul_desc", 14, {}, 2,
     "matmul_neon.c", kDotprod},
    {"matmul", "qcc_matmul_s8_neon", "qcc_matmul_desc", 14, {}, 2,
     "matmul_neon.c", kNeon},
    {"matmul", "qcc_matmul_s8", "qcc_matmul_desc", 14, {}, 2, "gemm.c", {}},
    {"add", "qcc_add_s8_avx512", "qcc_add_desc", 32, {}, 2, "vector_avx512.c",
     kVnni},
    {"add", "qcc_add_s8_avx2", "qcc_add_desc", 32, {}, 2, "vector_avx2.c",
     kAvx2},
    {"add", "qcc_add_s8_neon", "qcc_add_desc", 32, {}, 2,
     "elementwise_neon.c", kNeon},
    {"add", "qcc_add_s8", "qcc_add_desc", 32, {}, 2, "elementwise.c", {}},
    {"mul", "qcc_mul_s8_avx512", "qcc_mul_desc", 27, {}, 2, "vector_avx512.c",
     kVnni},
    {"mul", "qcc_mul_s8_avx2", "qcc_mul_desc", 27, {}, 2, "vector_avx2.c",
     kAvx2},
    {"mul", "qcc_mul_s8_neon", "qcc_mul_desc", 27, {}, 2, "elementwise_neon.c",
     kNeon},
    {"mul", "qcc_mul_s8", "qcc_mul_desc", 27, {}, 2, "elementwise.c", {}},
    {"requantize", "qcc_requantize_s8_avx512", "qcc_requantize_desc", 8, {}, 1,
     "vector_avx512.c", kVnni},
    {"requantize", "qcc_requantize_s8_avx2", "qcc_requantize_desc", 8, {}, 1,
     "vector_avx2.c", kAvx2},
    {"requantize", "qcc_requantize_s8_neon", "qcc_requantize_desc", 8, {}, 1,
     "elementwise_neon.c", kNeon},
    {"requantize", "qcc_requantize_s8", "qcc_requantize_desc", 8, {}, 1,
     "elementwise.c", {}},
    {"lookup", "qcc_lookup_s8_neon", "qcc_count_desc", 1, kTable8, 1,
     "elementwise_neon.c", kNeon},
    {"lookup", "qcc_lookup_s8", "qcc_count_desc", 1, kTable8, 1,
     "elementwise.c", {}},
    {"softmax", "qcc_softmax_s8_avx512", "qcc_softmax_desc", 4, kTable32, 1,
     "vector_avx512.c", kVnni},
    {"softmax", "qcc_softmax_s8_avx2", "qcc_softmax_desc", 4, kTable32, 1,
     "vector_avx2.c", kAvx2},
    {"softmax", "qcc_softmax_s8_neon", "qcc_softmax_desc", 4, kTable32, 1,
     "elementwise_neon.c", kNeon},
    {"softmax", "qcc_softmax_s8", "qcc_softmax_desc", 4, kTable32, 1,
     "elementwise.c", {}},
    {"layer_norm", "qcc_layer_norm_s8_avx512", "qcc_layer_norm_desc", 9,
     kConvConstants, 1, "vector_avx512.c", kVnni},
    {"layer_norm", "qcc_layer_norm_s8_avx2", "qcc_layer_norm_desc", 9,
     kConvConstants, 1, "vector_avx2.c", kAvx2},
    {"layer_norm", "qcc_layer_norm_s8_neon", "qcc_layer_norm_desc", 9,
     kConvConstants, 1, "elementwise_neon.c", kNeon},
    {"layer_norm", "qcc_layer_norm_s8", "qcc_layer_norm_desc", 9,
     kConvConstants, 1, "elementwise.c", {}},
    {"flip_sign", "qcc_flip_sign_s8", "qcc_count_desc", 1, {}, 1,
     "elementwise.c", {}},
    {"max_pool", "qcc_max_pool_s8_avx512", "qcc_pool_desc", 20, {}, 1,
     "vector_avx512.c", kVnni},
    {"max_pool", "qcc_max_pool_s8_avx2", "qcc_pool_desc", 20, {}, 1,
     "vector_avx2.c", kAvx2},
    {"max_pool", "qcc_max_pool_s8_neon", "qcc_pool_desc", 20, {}, 1,
     "pool_neon.c", kNeon},
    {"max_pool", "qcc_max_pool_s8", "qcc_pool_desc", 20, {}, 1, "pool.c", {}},
    {"avg_pool", "qcc_avg_pool_s8_avx512", "qcc_pool_desc", 20, {}, 1,
     "vector_avx512.c", kVnni},
    {"avg_pool", "qcc_avg_pool_s8_avx2", "qcc_pool_desc", 20, {}, 1,
     "vector_avx2.c", kAvx2},
    {"avg_pool", "qcc_avg_pool_s8_neon", "qcc_pool_desc", 20, {}, 1,
     "pool_neon.c", kNeon},
    {"avg_pool", "qcc_avg_pool_s8", "qcc_pool_desc", 20, {}, 1, "pool.c", {}},
    {"global_avg_pool", "qcc_global_avg_pool_s8_avx512",
     "qcc_global_avg_pool_desc", 10, {}, 1, "vector_avx512.c", kVnni},
    {"global_avg_pool", "qcc_global_avg_pool_s8_avx2",
     "qcc_global_avg_pool_desc", 10, {}, 1, "vector_avx2.c", kAvx2},
    {"global_avg_pool", "qcc_global_avg_pool_s8_neon",
     "qcc_global_avg_pool_desc", 10, {}, 1, "pool_neon.c", kNeon},
    {"global_avg_pool", "qcc_global_avg_pool_s8", "qcc_global_avg_pool_desc",
     10, {}, 1, "pool.c", {}},
    {"gather", "qcc_gather_s8", "qcc_gather_desc", 14, {}, 1, "layout.c", {}},
    {"pad", "qcc_pad_s8", "qcc_pad_desc", 16, {}, 1, "layout.c", {}},
    {"concat", "qcc_concat_s8_avx512", "qcc_concat_desc", 12, {}, 1,
     "vector_avx512.c", kVnni},
    {"concat", "qcc_concat_s8_avx2", "qcc_concat_desc", 12, {}, 1,
     "vector_avx2.c", kAvx2},
    {"concat", "qcc_concat_s8_neon", "qcc_concat_desc", 12, {}, 1,
     "elementwise_neon.c", kNeon},
    {"concat", "qcc_concat_s8", "qcc_concat_desc", 12, {}, 1, "layout.c", {}},
};

ArrayRef<KernelInfo> allKernels() { return kKernels; }

int64_t scratchBytes(const KernelInfo &kernel, int64_t depth) {
  return kernel.scratchRows * ((depth + 7) / 8 * 8);
}

bool weightPairsFit(ArrayRef<int8_t> weights, int64_t channels) {
  int64_t depth = static_cast<int64_t>(weights.size()) / channels;
  for (int64_t c = 0; c < channels; ++c)
    for (int64_t k = 0; k + 8 < depth; ++k)
      if (k % 16 < 8 && weights[c * depth + k] == -128 &&
          weights[c * depth + k + 8] == -128)
        return false;
  return true;
}

const KernelInfo *lookupKernel(StringRef symbol) {
  for (const KernelInfo &kernel : kKernels)
    if (kernel.symbol == symbol)
      return &kernel;
  return nullptr;
}

const KernelInfo *selectKernel(StringRef operation,
                               ArrayRef<std::string> enabledFeatures,
                               bool weightsPair) {
  for (const KernelInfo &kernel : kKernels)
    if (kernel.operation == operation &&
        (weightsPair || !kernel.pairedProducts) &&
        all_of(kernel.features, [&](StringRef feature) {
          return is_contained(enabledFeatures, feature.str());
        }))
      return &kernel;
  return nullptr;
}

} // namespace qcc
