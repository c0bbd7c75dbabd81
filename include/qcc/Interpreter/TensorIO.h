//===- TensorIO.h - reading and writing tensor files ------------*- C++ -*-===//
//
// This file declares how tensors get in and out of files: NumPy's .npy
// format, which qcc-run reads inputs from and writes outputs to, and ONNX's
// serialized TensorProto (.pb), the format of the test data that ships with
// ONNX's backend node tests. Every function reports failure by returning
// false with a one-line message naming the file; none throws, so callers
// built without exceptions can use them on untrusted files.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_INTERPRETER_TENSORIO_H
#define QCC_INTERPRETER_TENSORIO_H

#include "qcc/Interpreter/Tensor.h"

#include <string>

namespace qcc::interp {

/// Reads a .npy file (format versions 1.0, 2.0, 3.0; little-endian '<' or
/// '|' byte order; C order only; dtypes float32 '<f4', int8 '|i1', uint8
/// '|u1', int32 '<i4', int64 '<i8'). On failure returns false and sets
/// `error` to one line saying what is wrong ("cannot open 'x.npy': No such
/// file or directory", "'x.npy' is not a .npy file (bad magic)", "'x.npy'
/// holds float64 ('<f8'); supported: float32, int8, uint8, int32, int64",
/// "'x.npy' is in Fortran order; only C order is supported", "'x.npy' is
/// truncated: header says 1x3x8x8 float32 (768 bytes) but 100 bytes follow").
/// A Fortran-order array whose layout equals its C-order layout (at most one
/// dimension larger than 1) is accepted. Bytes after the data are ignored,
/// as NumPy ignores them. `out` is only modified on success.
bool readNpy(const std::string &path, Tensor &out, std::string &error);

/// Encodes a tensor as the bytes of a .npy file (version 1.0, header padded
/// so data starts at a multiple of 64 bytes as NumPy does,
/// '<f4'/'|i1'/'|u1'/'<i4'/'<i8'). The header is byte-identical to the one
/// NumPy 1.24 writes. Values of integer tensors are narrowed to the dtype
/// (the caller ensures they fit). Returns false with `error` (naming
/// `path`) when the tensor's element count does not match its shape.
bool encodeNpy(const std::string &path, const Tensor &tensor,
               std::string &bytes, std::string &error);

/// Writes a .npy file as qcc::OutputFiles writes any output: a regular
/// file through a temporary renamed into place (a failed write leaves no
/// partial file), a device or FIFO in place.
bool writeNpy(const std::string &path, const Tensor &tensor,
              std::string &error);

/// Reads an ONNX TensorProto .pb file (the format of ONNX's backend test
/// data: test_data_set_*/input_*.pb, output_*.pb): float, int8, uint8, int32,
/// int64 (raw_data or the typed fields). Also returns the tensor's name.
/// Tensors stored as external data are rejected. `out` and `name` are only
/// modified on success.
bool readTensorProto(const std::string &path, Tensor &out, std::string &name,
                     std::string &error);

/// Reads either format by extension (.npy or .pb), else an error.
bool readTensorFile(const std::string &path, Tensor &out, std::string &error);

} // namespace qcc::interp

#endif // QCC_INTERPRETER_TENSORIO_H
