//===- gemmlowp.cc - one gemmlowp GEMM between the bench markers --------===//
//
// Usage: gemmlowp M K N
//
// gemmlowp is a C++ header-only library, hence this one harness in C++.
// It multiplies a uint8 M x K matrix (the activations, row major: M pixels
// of K channels) by a uint8 K x N matrix (the weights, N output channels of
// K values each) with zero points 128, adds an int32 bias per output
// channel and requantizes with gemmlowp's fixed-point output stage
// (OutputStageQuantizeDownInt32ByFixedPoint, then
// OutputStageSaturatingCastToUint8) to a uint8 M x N result, on one thread.
// gemmlowp packs both operands inside every call, so the measured call
// includes the packing of the weights. One call warms up (allocations), one
// more runs between the markers. Build with -DGEMMLOWP_DOTPROD_KERNEL and
// +dotprod for its UDOT kernel.
//
//===----------------------------------------------------------------------===//

#include "bench.h"

#include <gemmlowp/public/gemmlowp.h>

#include <cstdlib>
#include <tuple>
#include <vector>

int main(int argc, char **argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s M K N\n", argv[0]);
    return 2;
  }
  const int m = std::atoi(argv[1]), k = std::atoi(argv[2]),
            n = std::atoi(argv[3]);
  std::vector<std::uint8_t> lhs(m * k), rhs(k * n), result(m * n);
  std::vector<std::int32_t> bias(n);
  bench_fill(lhs.data(), lhs.size(), 1);
  bench_fill(rhs.data(), rhs.size(), 2);
  for (int i = 0; i < n; ++i)
    bias[i] = static_cast<std::int32_t>(i * 2654435761u % 2001) - 1000;

  using namespace gemmlowp;
  const MatrixMap<const std::uint8_t, MapOrder::RowMajor> lhs_map(lhs.data(),
                                                                  m, k);
  const MatrixMap<const std::uint8_t, MapOrder::ColMajor> rhs_map(rhs.data(),
                                                                  k, n);
  MatrixMap<std::uint8_t, MapOrder::RowMajor> result_map(result.data(), m, n);
  OutputStageBiasAddition<VectorMap<const std::int32_t, VectorShape::Row>>
      bias_stage;
  bias_stage.bias_vector =
      VectorMap<const std::int32_t, VectorShape::Row>(bias.data(), n);
  OutputStageQuantizeDownInt32ByFixedPoint quantize;
  quantize.result_fixedpoint_multiplier = 1 << 30; // 0.5
  quantize.result_shift = 8;
  quantize.result_offset_after_shift = 128;
  const auto pipeline =
      std::make_tuple(bias_stage, quantize, OutputStageSaturatingCastToUint8());
  GemmContext context;
  context.set_max_num_threads(1);
  auto gemm = [&] {
    GemmWithOutputPipeline<std::uint8_t, std::uint8_t,
                           DefaultL8R8BitDepthParams>(
        &context, lhs_map, rhs_map, &result_map, -128, -128, pipeline);
  };
  gemm();
  BENCH_START();
  gemm();
  BENCH_STOP();
  bench_objects();
  return 0;
}
