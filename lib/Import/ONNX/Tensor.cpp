//===- Tensor.cpp - ONNX TensorProto to MLIR elements ---------------------===//
//
// This file converts ONNX tensors, whichever way the model stores them (typed
// repeated fields, little-endian raw_data, or external data in a file beside
// the model), into DenseElementsAttr, and folded constants back into
// tensors for shape inference.
//
//===----------------------------------------------------------------------===//

#include "NodeImporter.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace mlir;

namespace qcc::onnx_import {

Type elementTypeFromONNX(int32_t dataType, MLIRContext *context) {
  Builder b(context);
  switch (dataType) {
  case onnx::TensorProto_DataType_FLOAT:
    return b.getF32Type();
  case onnx::TensorProto_DataType_DOUBLE:
    return b.getF64Type();
  case onnx::TensorProto_DataType_FLOAT16:
    return b.getF16Type();
  case onnx::TensorProto_DataType_UINT8:
    return IntegerType::get(context, 8, IntegerType::Unsigned);
  case onnx::TensorProto_DataType_INT8:
    return b.getIntegerType(8);
  case onnx::TensorProto_DataType_INT32:
    return b.getIntegerType(32);
  case onnx::TensorProto_DataType_INT64:
    return b.getIntegerType(64);
  case onnx::TensorProto_DataType_BOOL:
    return b.getI1Type();
  default:
    return nullptr;
  }
}

int32_t elementTypeToONNX(Type type) {
  for (int32_t dataType :
       {onnx::TensorProto_DataType_FLOAT, onnx::TensorProto_DataType_DOUBLE,
        onnx::TensorProto_DataType_FLOAT16, onnx::TensorProto_DataType_UINT8,
        onnx::TensorProto_DataType_INT8, onnx::TensorProto_DataType_INT32,
        onnx::TensorProto_DataType_INT64, onnx::TensorProto_DataType_BOOL})
    if (elementTypeFromONNX(dataType, type.getContext()) == type)
      return dataType;
  return onnx::TensorProto_DataType_UNDEFINED;
}

bool attrToTensor(DenseElementsAttr attr, onnx::TensorProto &tensor) {
  Type element = attr.getElementType();
  int32_t dataType = elementTypeToONNX(element);
  if (dataType == onnx::TensorProto_DataType_UNDEFINED)
    return false;
  tensor.set_data_type(dataType);
  for (int64_t d : attr.getType().getShape())
    tensor.add_dims(d);
  std::string &raw = *tensor.mutable_raw_data();
  // raw_data holds one byte per bool; MLIR may pack them.
  if (element.isInteger(1)) {
    for (bool v : attr.getValues<bool>())
      raw.push_back(v);
    return true;
  }
  // Every other type is stored little-endian and byte-aligned, as raw_data
  // wants it (the reverse of getFromRawBuffer above); a splat stores one.
  ArrayRef<char> data = attr.getRawData();
  int64_t copies = attr.isSplat() ? attr.getNumElements() : 1;
  raw.reserve(data.size() * copies);
  for (int64_t i = 0; i < copies; ++i)
    raw.append(data.begin(), data.end());
  return true;
}

/// Reads the bytes of an external tensor.
static FailureOr<std::string> readExternal(const onnx::TensorProto &tensor,
                                           StringRef baseDir,
                                           std::string &error) {
  std::string location;
  uint64_t offset = 0;
  std::optional<uint64_t> length;
  for (const auto &entry : tensor.external_data()) {
    uint64_t number = 0;
    bool isNumber = !StringRef(entry.value()).getAsInteger(10, number);
    if (entry.key() == "location") {
      location = entry.value();
      continue;
    }
    if ((entry.key() == "offset" || entry.key() == "length") && !isNumber) {
      error = "external data of tensor '" + tensor.name() + "' has " +
              entry.key() + " '" + entry.value() + "', not a number";
      return failure();
    }
    if (entry.key() == "offset")
      offset = number;
    else if (entry.key() == "length")
      length = number;
  }
  // The data lives in a regular file under the model's folder: an absolute
  // or climbing location, or a device such as /dev/zero, would read what is
  // not the model's (or never end).
  if (baseDir.empty()) {
    error = "tensor '" + tensor.name() +
            "' keeps its data in an external file, which only a model read "
            "from a file can have";
    return failure();
  }
  if (location.empty() || llvm::sys::path::is_absolute(location) ||
      llvm::is_contained(llvm::make_range(llvm::sys::path::begin(location),
                                          llvm::sys::path::end(location)),
                         "..")) {
    error = "external data of tensor '" + tensor.name() + "' has location '" +
            location + "', not a relative path inside the model's folder";
    return failure();
  }
  SmallString<256> path(baseDir);
  llvm::sys::path::append(path, location);
  llvm::sys::fs::file_status status;
  if (!llvm::sys::fs::status(path, status) &&
      !llvm::sys::fs::is_regular_file(status)) {
    error = "external data '" + std::string(path) + "' of tensor '" +
            tensor.name() + "' is not a regular file";
    return failure();
  }
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer) {
    error = "cannot read external data '" + std::string(path) +
            "' of tensor '" + tensor.name() +
            "': " + buffer.getError().message();
    return failure();
  }
  uint64_t size = (*buffer)->getBufferSize();
  uint64_t count = length.value_or(size - std::min(offset, size));
  if (offset > size || count > size - offset) {
    error = "external data '" + std::string(path) + "' of tensor '" +
            tensor.name() + "' is shorter than its offset and length";
    return failure();
  }
  return std::string((*buffer)->getBufferStart() + offset, count);
}

/// Builds the attribute from the typed repeated fields.
template <typename T, typename Field>
static SmallVector<T> copyField(const Field &field) {
  return SmallVector<T>(field.begin(), field.end());
}

static FailureOr<DenseElementsAttr>
decodeTensor(const onnx::TensorProto &tensor, StringRef baseDir,
             MLIRContext *context, std::string &error) {
  Type element = elementTypeFromONNX(tensor.data_type(), context);
  if (!element) {
    error = "tensor '" + tensor.name() + "' has unsupported data type " +
            std::to_string(tensor.data_type());
    return failure();
  }
  SmallVector<int64_t> shape(tensor.dims().begin(), tensor.dims().end());
  // Reject shapes whose size is negative or too large before anything is
  // sized by them.
  if (failed(checkTensorSize(shape, (element.getIntOrFloatBitWidth() + 7) / 8,
                             "tensor '" + tensor.name() + "'", error)))
    return failure();
  int64_t count = 1;
  for (int64_t d : shape)
    count *= d;
  auto type = RankedTensorType::get(shape, element);
  auto mismatch = [&]() -> FailureOr<DenseElementsAttr> {
    error = "tensor '" + tensor.name() + "' does not hold the " +
            std::to_string(count) + " elements its shape needs";
    return failure();
  };

  std::string raw;
  if (tensor.data_location() == onnx::TensorProto_DataLocation_EXTERNAL) {
    FailureOr<std::string> bytes = readExternal(tensor, baseDir, error);
    if (failed(bytes))
      return failure();
    raw = std::move(*bytes);
  } else if (tensor.has_raw_data()) {
    raw = tensor.raw_data();
  }

  if (!raw.empty() || count == 0) {
    if (element.isInteger(1)) {
      SmallVector<bool> values(raw.begin(), raw.end());
      if (static_cast<int64_t>(values.size()) != count)
        return mismatch();
      return DenseElementsAttr::get(type, ArrayRef<bool>(values));
    }
    int64_t width = (element.getIntOrFloatBitWidth() + 7) / 8;
    if (static_cast<int64_t>(raw.size()) != count * width)
      return mismatch();
    // A single-element buffer is read as a splat, which is the same thing.
    return DenseElementsAttr::getFromRawBuffer(
        type, ArrayRef<char>(raw.data(), raw.size()));
  }

  SmallVector<APInt> ints;
    auto fromInt32 = [&](unsigned width, bool isSigned) {
      for (int32_t v : tensor.int32_data())
        ints.emplace_back(width, static_cast<uint64_t>(v), isSigned,
                          /*implicitTrunc=*/true);
    };
    switch (tensor.data_type()) {
    case onnx::TensorProto_DataType_FLOAT: {
      auto values = copyField<float>(tensor.float_data());
      if (static_cast<int64_t>(values.size()) != count)
        return mismatch();
      return DenseElementsAttr::get(type, ArrayRef<float>(values));
    }
    case onnx::TensorProto_DataType_DOUBLE: {
      auto values = copyField<double>(tensor.double_data());
      if (static_cast<int64_t>(values.size()) != count)
        return mismatch();
      return DenseElementsAttr::get(type, ArrayRef<double>(values));
    }
    case onnx::TensorProto_DataType_INT64:
      for (int64_t v : tensor.int64_data())
        ints.push_back(APInt(64, static_cast<uint64_t>(v), true));
      break;
    case onnx::TensorProto_DataType_FLOAT16:
      fromInt32(16, false);
      break;
    case onnx::TensorProto_DataType_BOOL:
      fromInt32(1, false);
      break;
    default:
      fromInt32(element.getIntOrFloatBitWidth(),
                tensor.data_type() != onnx::TensorProto_DataType_UINT8);
      break;
    }
    if (static_cast<int64_t>(ints.size()) != count)
      return mismatch();
    if (isa<FloatType>(element)) {
      SmallVector<APFloat> floats;
      for (const APInt &bits : ints)
        floats.push_back(APFloat(APFloat::IEEEhalf(), bits));
      return DenseElementsAttr::get(type, floats);
    }
  return DenseElementsAttr::get(type, ints);
}

/// The first non-finite element of a float constant, as "NaN at element
/// 3", or nothing.
static std::optional<std::string> nonFinite(DenseElementsAttr attr) {
  if (!isa<FloatType>(attr.getElementType()))
    return std::nullopt;
  int64_t i = 0;
  for (APFloat v : attr.getValues<APFloat>()) {
    if (!v.isFinite())
      return std::string(v.isNaN() ? "NaN" : v.isNegative() ? "-inf" : "inf") +
             " at element " + std::to_string(i);
    ++i;
  }
  return std::nullopt;
}

FailureOr<DenseElementsAttr> tensorToAttr(const onnx::TensorProto &tensor,
                                          StringRef baseDir,
                                          MLIRContext *context,
                                          std::string &error) {
  FailureOr<DenseElementsAttr> attr =
      decodeTensor(tensor, baseDir, context, error);
  if (failed(attr))
    return failure();
  // A NaN in a batch norm's weight would surface far away, as a tensor
  // without a quantization range; name it where it is.
  if (std::optional<std::string> where = nonFinite(*attr)) {
    error = "tensor '" + tensor.name() + "' holds a non-finite value (" +
            *where + ")";
    return failure();
  }
  return attr;
}

} // namespace qcc::onnx_import
