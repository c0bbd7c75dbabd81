//===- QuantizeOptions.cpp - options qcc and qcc-run share ----------------===//

#include "qcc/Tools/QuantizeOptions.h"

#include "qcc/Calibration/Statistics.h"
#include "qcc/Dialect/QCC/IR/QCCDialect.h"

#include "llvm/Support/WithColor.h"

using namespace llvm;

namespace qcc {

QuantizeCommandLine::QuantizeCommandLine(cl::OptionCategory &category)
    : constantInputs(
          "constant-input", cl::value_desc("name=file.pb"),
          cl::desc("Treat ONNX graph input NAME as a constant whose value is\n"
                   "the TensorProto in FILE.pb (for models that take shapes\n"
                   "or quantization parameters as inputs). Repeatable.\n"
                   "Example: --constant-input=y_scale=input_1.pb"),
          cl::cat(category)),
      rounding(
          "rounding", cl::value_desc("mode"), cl::init("double"),
          cl::desc("Requantization rounding of the integer level: double\n"
                   "(gemmlowp: a rounding high multiply, then a rounding\n"
                   "shift) or single (TFLite: one rounding of the 64-bit\n"
                   "product).\n"
                   "Example: --rounding=single"),
          cl::cat(category)),
      calibrate(
          "calibrate", cl::value_desc("dir|file[,dir|file...]"),
          cl::desc("Post-training quantization: run the model on these\n"
                   "samples (a directory of .npy/.pb files, one sample each,\n"
                   "or one file holding a sample or a batch along its first\n"
                   "dimension) and quantize every tensor that has no\n"
                   "fake_quant to the range it took. Weights become\n"
                   "per-channel symmetric int8. A model with several inputs\n"
                   "takes one source per input, in order, separated by\n"
                   "commas. qcc-run calibrates with --stage=integer, exactly\n"
                   "as qcc compiles.\n"
                   "Example: --calibrate=calibration_images.npy"),
          cl::cat(category)),
      calibrationMethod(
          "calibration-method", cl::value_desc("method"), cl::init("minmax"),
          cl::desc("How --calibrate picks a range from a tensor's values:\n"
                   "minmax (observed extremes), percentile (0.01%/99.99%\n"
                   "points) or mse (least squared quantization error).\n"
                   "Example: --calibration-method=mse"),
          cl::cat(category)),
      activations(
          "activations", cl::value_desc("type"), cl::init("uint8"),
          cl::desc("Storage of the activations --calibrate quantizes: uint8\n"
                   "or int8 (both asymmetric, with a zero point).\n"
                   "Example: --activations=int8"),
          cl::cat(category)) {}

std::optional<std::string> QuantizeCommandLine::check(StringRef tool) const {
  if (!symbolizeRoundingMode(rounding))
    return "unknown --rounding '" + rounding +
           "' (expected double or single)";
  if (!calibration::parseMethod(calibrationMethod))
    return "unknown --calibration-method '" + calibrationMethod +
           "' (expected minmax, percentile or mse)";
  if (activations != "uint8" && activations != "int8")
    return "unknown --activations '" + activations +
           "' (expected uint8 or int8)";
  if (!calibrating() && (calibrationMethod.getNumOccurrences() ||
                         activations.getNumOccurrences()))
    WithColor::warning(errs(), tool)
        << "--calibration-method and --activations do nothing without "
           "--calibrate\n";
  return std::nullopt;
}

void QuantizeCommandLine::apply(QuantizePipelineOptions &options) const {
  options.rounding = rounding.getValue();
  options.calibrate = calibrate.getValue();
  options.calibrationMethod = calibrationMethod.getValue();
  options.activations = activations.getValue();
}

} // namespace qcc
