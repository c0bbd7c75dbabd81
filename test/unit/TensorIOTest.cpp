//===- TensorIOTest.cpp - tests of the .npy and TensorProto I/O -----------===//
//
// This file tests reading and writing tensor files: round trips of every
// dtype through .npy, .npy files built byte for byte as NumPy writes them
// (so the test needs no Python), every error with its exact message, a
// mutation sweep over a valid file to show corrupt input never crashes the
// reader, and ONNX TensorProto files from ONNX's backend test data and
// built here with the protobuf API.
//
//===----------------------------------------------------------------------===//

#include "qcc/Interpreter/TensorIO.h"

#include "onnx/onnx_pb.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

using namespace qcc::interp;
namespace fs = std::filesystem;

namespace {

const std::string kBackendData = "/usr/share/libonnx-testdata/data/node/";

/// Each test gets its own fresh directory, removed afterwards.
class TensorIOTest : public ::testing::Test {
protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "tensorio-XXXXXX");
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  std::string path(const std::string &name) const { return dir_ + "/" + name; }

  /// Writes `bytes` to `name` in the test directory, returns its path.
  std::string file(const std::string &name, const std::string &bytes) const {
    std::string p = path(name);
    std::ofstream(p, std::ios::binary).write(bytes.data(), bytes.size());
    return p;
  }

  std::string readBytes(const std::string &p) const {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  /// The error readNpy gives for a file holding `bytes`, with the file's
  /// path replaced by "x.npy" so expectations stay readable.
  std::string npyError(const std::string &bytes) {
    std::string p = file("x.npy", bytes);
    Tensor t;
    std::string error;
    if (readNpy(p, t, error))
      return "<no error>";
    return withoutDir(error);
  }

  std::string withoutDir(std::string message) const {
    for (size_t at; (at = message.find(dir_ + "/")) != std::string::npos;)
      message.erase(at, dir_.size() + 1);
    return message;
  }

  std::string dir_;
};

std::string littleEndian(uint64_t v, unsigned size) {
  std::string s;
  for (unsigned i = 0; i < size; ++i)
    s.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  return s;
}

/// A .npy file: magic, version, header length, `header` verbatim, `data`.
std::string npyFile(const std::string &header, const std::string &data,
                    unsigned major = 1) {
  std::string s = std::string("\x93NUMPY", 6);
  s.push_back(static_cast<char>(major));
  s.push_back(0);
  s += littleEndian(header.size(), major == 1 ? 2 : 4);
  return s + header + data;
}

/// A header dict padded with spaces and a newline so the data starts at a
/// multiple of 64, as every NumPy version does (without 1.24's extra
/// growth room, which readers must not depend on).
std::string padded(const std::string &dict, unsigned major = 1) {
  size_t prefix = major == 1 ? 10 : 12;
  size_t pad = 64 - (prefix + dict.size() + 1) % 64;
  return dict + std::string(pad, ' ') + "\n";
}

std::string floatBytes(std::initializer_list<float> values) {
  std::string s;
  for (float f : values) {
    uint32_t bits;
    std::memcpy(&bits, &f, 4);
    s += littleEndian(bits, 4);
  }
  return s;
}

uint32_t bitsOf(float f) {
  uint32_t bits;
  std::memcpy(&bits, &f, 4);
  return bits;
}

const std::string kF32Header =
    "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";

//===----------------------------------------------------------------------===//
// Round trips
//===----------------------------------------------------------------------===//

/// Elements for a tensor of `dtype`: the type's extremes first, then a
/// pattern, so narrowing and sign extension are both exercised.
Tensor sample(DType dtype, std::vector<int64_t> shape) {
  Tensor t = dtype == DType::F32 ? Tensor::zerosF32(shape)
                                 : Tensor::zerosInt(dtype, shape);
  int64_t lo = 0, hi = 0;
  switch (dtype) {
  case DType::I8:
    lo = -128, hi = 127;
    break;
  case DType::U8:
    lo = 0, hi = 255;
    break;
  case DType::I32:
    lo = std::numeric_limits<int32_t>::min();
    hi = std::numeric_limits<int32_t>::max();
    break;
  case DType::I64:
    lo = std::numeric_limits<int64_t>::min();
    hi = std::numeric_limits<int64_t>::max();
    break;
  case DType::F32:
    break;
  }
  const float specials[] = {-0.0f,
                            std::numeric_limits<float>::infinity(),
                            -std::numeric_limits<float>::infinity(),
                            std::numeric_limits<float>::denorm_min(),
                            std::numeric_limits<float>::max(),
                            std::numeric_limits<float>::quiet_NaN()};
  for (int64_t i = 0; i < t.numElements(); ++i) {
    if (dtype == DType::F32) {
      t.floats[i] = i < 6 ? specials[i] : 0.25f * static_cast<float>(i) - 3;
    } else {
      t.ints[i] = i == 0    ? lo
                  : i == 1  ? hi
                  : lo == 0 ? (i * 37) % 256
                            : (i * 37) % 201 - 100;
    }
  }
  return t;
}

TEST_F(TensorIOTest, RoundTripsEveryDTypeAndShape) {
  const std::vector<std::vector<int64_t>> shapes = {
      {}, {1}, {5}, {2, 3}, {1, 3, 8, 8}, {0}, {4, 0, 2}, {2, 1, 1, 1, 3}};
  for (DType dtype :
       {DType::F32, DType::I8, DType::U8, DType::I32, DType::I64}) {
    for (const auto &shape : shapes) {
      Tensor in = sample(dtype, shape);
      SCOPED_TRACE(in.describe());
      std::string p = path("t.npy"), error;
      ASSERT_TRUE(writeNpy(p, in, error)) << error;
      // The data starts on a 64-byte boundary and fills the rest exactly.
      std::string bytes = readBytes(p);
      size_t headerLen = static_cast<unsigned char>(bytes[8]) |
                         static_cast<unsigned char>(bytes[9]) << 8;
      EXPECT_EQ((10 + headerLen) % 64, 0u);
      EXPECT_EQ(bytes[10 + headerLen - 1], '\n');
      size_t itemSize = dtype == DType::F32 || dtype == DType::I32 ? 4
                        : dtype == DType::I64                      ? 8
                                                                   : 1;
      EXPECT_EQ(bytes.size() - 10 - headerLen, in.numElements() * itemSize);

      Tensor out;
      ASSERT_TRUE(readNpy(p, out, error)) << error;
      EXPECT_EQ(out.dtype, dtype);
      EXPECT_EQ(out.shape, shape);
      EXPECT_EQ(out.ints, in.ints);
      ASSERT_EQ(out.floats.size(), in.floats.size());
      for (size_t i = 0; i < in.floats.size(); ++i)
        EXPECT_EQ(bitsOf(out.floats[i]), bitsOf(in.floats[i])) << i;
    }
  }
}

TEST_F(TensorIOTest, WriteNarrowsIntegersToTheDType) {
  Tensor t = Tensor::zerosInt(DType::I8, {3});
  t.ints = {-1, 127, -128};
  std::string p = path("i8.npy"), error;
  ASSERT_TRUE(writeNpy(p, t, error)) << error;
  std::string bytes = readBytes(p);
  EXPECT_EQ(bytes.substr(128), std::string("\xff\x7f\x80", 3));
}

TEST_F(TensorIOTest, WritesExactlyWhatNumPyWrites) {
  // numpy.save(f, numpy.arange(6, dtype=numpy.float32).reshape(2, 3)) with
  // NumPy 1.24: the dict, 20 spaces of growth room for the first dimension,
  // padding to 128 bytes, a newline, then the data.
  std::string expected = npyFile(kF32Header + std::string(58, ' ') + "\n",
                                 floatBytes({0, 1, 2, 3, 4, 5}));
  ASSERT_EQ(expected.size(), 128u + 24u);
  Tensor t = Tensor::zerosF32({2, 3});
  t.floats = {0, 1, 2, 3, 4, 5};
  std::string p = path("a.npy"), error;
  ASSERT_TRUE(writeNpy(p, t, error)) << error;
  EXPECT_EQ(readBytes(p), expected);

  // numpy.save(f, numpy.int8(-5)): a scalar gets no growth room.
  expected = npyFile("{'descr': '|i1', 'fortran_order': False, 'shape': (), }" +
                         std::string(62, ' ') + "\n",
                     "\xfb");
  Tensor s = Tensor::zerosInt(DType::I8, {});
  s.ints = {-5};
  ASSERT_TRUE(writeNpy(p, s, error)) << error;
  EXPECT_EQ(readBytes(p), expected);
}

TEST_F(TensorIOTest, WriteReplacesAnExistingFile) {
  std::string p = file("t.npy", "old contents that are longer than needed");
  Tensor t = Tensor::zerosInt(DType::U8, {2});
  t.ints = {1, 2};
  std::string error;
  ASSERT_TRUE(writeNpy(p, t, error)) << error;
  Tensor out;
  ASSERT_TRUE(readNpy(p, out, error)) << error;
  EXPECT_EQ(out.ints, (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), {}), 1);
}

//===----------------------------------------------------------------------===//
// Hand-built NumPy files
//===----------------------------------------------------------------------===//

TEST_F(TensorIOTest, ReadsVersion1Float32) {
  std::string p = file(
      "a.npy", npyFile(padded(kF32Header), floatBytes({1.5f, -2, 0, 3, 4, 5})));
  Tensor t;
  std::string error;
  ASSERT_TRUE(readNpy(p, t, error)) << error;
  EXPECT_EQ(t.dtype, DType::F32);
  EXPECT_EQ(t.shape, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(t.floats, (std::vector<float>{1.5f, -2, 0, 3, 4, 5}));
  EXPECT_TRUE(t.ints.empty());
}

TEST_F(TensorIOTest, ReadsVersion2And3WithAnyKeyOrderAndSpacing) {
  // Keys reordered, double quotes, odd spacing, no trailing comma.
  std::string dict = "{ \"shape\" :(3,) ,'fortran_order':False,"
                     "  'descr':'<i8'}";
  std::string data = littleEndian(uint64_t(-7), 8) + littleEndian(0, 8) +
                     littleEndian(uint64_t(1) << 40, 8);
  for (unsigned major : {2u, 3u}) {
    SCOPED_TRACE(major);
    std::string p = file("b.npy", npyFile(padded(dict, major), data, major));
    Tensor t;
    std::string error;
    ASSERT_TRUE(readNpy(p, t, error)) << error;
    EXPECT_EQ(t.dtype, DType::I64);
    EXPECT_EQ(t.shape, (std::vector<int64_t>{3}));
    EXPECT_EQ(t.ints, (std::vector<int64_t>{-7, 0, int64_t(1) << 40}));
  }
}

TEST_F(TensorIOTest, ReadsScalarsAndUnusualButValidHeaders) {
  Tensor t;
  std::string error;
  // A scalar int32 with an unpadded header.
  std::string p =
      file("s.npy",
           npyFile("{'descr': '<i4', 'fortran_order': False, 'shape': (), }\n",
                   littleEndian(uint32_t(-123456), 4)));
  ASSERT_TRUE(readNpy(p, t, error)) << error;
  EXPECT_TRUE(t.shape.empty());
  EXPECT_EQ(t.ints, (std::vector<int64_t>{-123456}));

  // Python 2 wrote 'L' after long integers; '<i1' is int8 spelled with a
  // byte order.
  p = file("l.npy", npyFile(padded("{'descr': '<i1', 'fortran_order': False, "
                                   "'shape': (2L, 1L), }"),
                            "\x80\x7f"));
  ASSERT_TRUE(readNpy(p, t, error)) << error;
  EXPECT_EQ(t.dtype, DType::I8);
  EXPECT_EQ(t.shape, (std::vector<int64_t>{2, 1}));
  EXPECT_EQ(t.ints, (std::vector<int64_t>{-128, 127}));

  // Fortran order with one non-trivial dimension has the C layout; bytes
  // after the data are ignored, as NumPy ignores them.
  p = file("f.npy", npyFile(padded("{'descr': '|u1', 'fortran_order': True, "
                                   "'shape': (1, 4), }"),
                            "\x01\x02\x03\x04trailing"));
  ASSERT_TRUE(readNpy(p, t, error)) << error;
  EXPECT_EQ(t.dtype, DType::U8);
  EXPECT_EQ(t.ints, (std::vector<int64_t>{1, 2, 3, 4}));

  // An empty array may have no data at all, whatever its other dimensions.
  p = file("e.npy", npyFile(padded("{'descr': '<f4', 'fortran_order': False, "
                                   "'shape': (0, 1000000000000), }"),
                            ""));
  ASSERT_TRUE(readNpy(p, t, error)) << error;
  EXPECT_EQ(t.shape, (std::vector<int64_t>{0, 1000000000000}));
  EXPECT_TRUE(t.floats.empty());
}

TEST_F(TensorIOTest, ReadTensorFileDispatchesOnTheExtension) {
  Tensor t = Tensor::zerosInt(DType::I32, {2});
  t.ints = {7, -7};
  std::string error;
  ASSERT_TRUE(writeNpy(path("t.NPY"), t, error)) << error;
  Tensor out;
  ASSERT_TRUE(readTensorFile(path("t.NPY"), out, error)) << error;
  EXPECT_EQ(out.ints, t.ints);

  ASSERT_TRUE(readTensorFile(kBackendData + "test_add/test_data_set_0/"
                                            "output_0.pb",
                             out, error))
      << error;
  EXPECT_EQ(out.dtype, DType::F32);

  EXPECT_FALSE(readTensorFile(path("t.txt"), out, error));
  EXPECT_EQ(withoutDir(error),
            "cannot tell the format of 't.txt': expected a .npy or .pb file");
  EXPECT_FALSE(readTensorFile(path("npy"), out, error));
  EXPECT_FALSE(readTensorFile(path("d.npy/x"), out, error));
}

//===----------------------------------------------------------------------===//
// .npy errors
//===----------------------------------------------------------------------===//

TEST_F(TensorIOTest, ReportsFilesThatCannotBeRead) {
  Tensor t;
  std::string error;
  EXPECT_FALSE(readNpy(path("missing.npy"), t, error));
  EXPECT_EQ(withoutDir(error),
            "cannot open 'missing.npy': No such file or directory");
  EXPECT_FALSE(readNpy(dir_, t, error));
  EXPECT_EQ(error, "cannot open '" + dir_ + "': Is a directory");
}

TEST_F(TensorIOTest, ReportsBadMagicAndVersions) {
  EXPECT_EQ(npyError(""), "'x.npy' is not a .npy file (bad magic)");
  EXPECT_EQ(npyError("\x93NUMP"), "'x.npy' is not a .npy file (bad magic)");
  EXPECT_EQ(npyError("PK\x03\x04 a zip file, maybe an .npz"),
            "'x.npy' is not a .npy file (bad magic)");
  EXPECT_EQ(npyError("\x93NUMPY"),
            "'x.npy' is truncated: it ends inside the header");
  EXPECT_EQ(npyError(std::string("\x93NUMPY\x01\x00\x10", 9)),
            "'x.npy' is truncated: it ends inside the header");
  EXPECT_EQ(npyError(std::string("\x93NUMPY\x04\x00\x10\x00\x00\x00", 12)),
            "'x.npy' has unsupported .npy format version 4.0 (supported: "
            "1.0, 2.0, 3.0)");
  EXPECT_EQ(npyError(std::string("\x93NUMPY\x01\x00\x76\x00{}", 12)),
            "'x.npy' is truncated: the header is 118 bytes long but 2 bytes "
            "follow");
  // A 4-byte length of 4 GiB in a tiny file must not allocate it.
  EXPECT_EQ(npyError(std::string("\x93NUMPY\x02\x00\xff\xff\xff\xff{", 13)),
            "'x.npy' is truncated: the header is 4294967295 bytes long but 1 "
            "byte follows");
}

TEST_F(TensorIOTest, ReportsUnsupportedDTypes) {
  auto withDescr = [](const std::string &descr) {
    return npyFile(padded("{'descr': " + descr +
                          ", 'fortran_order': False, 'shape': (2,), }"),
                   std::string(64, '\0'));
  };
  const std::string supported =
      "; supported: float32, int8, uint8, int32, int64";
  EXPECT_EQ(npyError(withDescr("'<f8'")),
            "'x.npy' holds float64 ('<f8')" + supported);
  EXPECT_EQ(npyError(withDescr("'<f2'")),
            "'x.npy' holds float16 ('<f2')" + supported);
  EXPECT_EQ(npyError(withDescr("'<i2'")),
            "'x.npy' holds int16 ('<i2')" + supported);
  EXPECT_EQ(npyError(withDescr("'<u8'")),
            "'x.npy' holds uint64 ('<u8')" + supported);
  EXPECT_EQ(npyError(withDescr("'|b1'")),
            "'x.npy' holds bool ('|b1')" + supported);
  EXPECT_EQ(npyError(withDescr("'<U5'")),
            "'x.npy' holds str ('<U5')" + supported);
  EXPECT_EQ(npyError(withDescr("'|O'")),
            "'x.npy' holds object ('|O')" + supported);
  EXPECT_EQ(npyError(withDescr("''")),
            "'x.npy' holds an unknown dtype ('')" + supported);
  EXPECT_EQ(npyError(withDescr("[('a', '<f4'), ('b', '<i4')]")),
            "'x.npy' holds a structured dtype" + supported);
  EXPECT_EQ(npyError(withDescr("'>f4'")),
            "'x.npy' holds float32 in big-endian byte order ('>f4'); only "
            "little-endian is supported");
  EXPECT_EQ(npyError(withDescr("'>i8'")),
            "'x.npy' holds int64 in big-endian byte order ('>i8'); only "
            "little-endian is supported");
  EXPECT_EQ(npyError(withDescr("'=i4'")),
            "'x.npy' holds int32 in native byte order ('=i4'); only "
            "little-endian is supported");
  // Byte order does not apply to single bytes.
  EXPECT_EQ(npyError(withDescr("'>u1'")), "<no error>");
}

TEST_F(TensorIOTest, ReportsFortranOrder) {
  EXPECT_EQ(npyError(npyFile(padded("{'descr': '<f4', 'fortran_order': True, "
                                    "'shape': (2, 3), }"),
                             floatBytes({0, 1, 2, 3, 4, 5}))),
            "'x.npy' is in Fortran order; only C order is supported");
}

TEST_F(TensorIOTest, ReportsTruncatedData) {
  EXPECT_EQ(npyError(npyFile(padded("{'descr': '<f4', 'fortran_order': "
                                    "False, 'shape': (1, 3, 8, 8), }"),
                             std::string(100, '\0'))),
            "'x.npy' is truncated: header says 1x3x8x8 float32 (768 bytes) "
            "but 100 bytes follow");
  EXPECT_EQ(npyError(npyFile(padded("{'descr': '<i8', 'fortran_order': "
                                    "False, 'shape': (), }"),
                             "\x01")),
            "'x.npy' is truncated: header says scalar int64 (8 bytes) but 1 "
            "byte follows");
  EXPECT_EQ(npyError(npyFile(padded("{'descr': '|u1', 'fortran_order': "
                                    "False, 'shape': (1,), }"),
                             "")),
            "'x.npy' is truncated: header says 1 uint8 (1 byte) but 0 bytes "
            "follow");
  // A shape of 8 TB of floats is checked against the file, not allocated.
  EXPECT_EQ(npyError(npyFile(padded("{'descr': '<f4', 'fortran_order': "
                                    "False, 'shape': (2000000000000,), }"),
                             "")),
            "'x.npy' is truncated: header says 2000000000000 float32 "
            "(8000000000000 bytes) but 0 bytes follow");
}

TEST_F(TensorIOTest, ReportsCorruptHeaders) {
  auto header = [](const std::string &text) {
    return npyFile(text, std::string(64, '\0'));
  };
  auto fields = [&](const std::string &shape,
                    const std::string &fortran = "False") {
    return header(padded("{'descr': '<f4', 'fortran_order': " + fortran +
                         ", 'shape': " + shape + ", }"));
  };
  const std::string corrupt = "'x.npy' has a corrupt header: ";
  EXPECT_EQ(npyError(header("garbage\n")),
            corrupt + "expected a dict starting with '{'");
  EXPECT_EQ(npyError(header(std::string("\0\0\0\0", 4))),
            corrupt + "expected a dict starting with '{'");
  EXPECT_EQ(npyError(header("{'descr': '<f4', 'fortran_order': False, ")),
            corrupt + "unterminated dict");
  EXPECT_EQ(npyError(header("{'descr': '<f4', 'shape': (2, 3")),
            corrupt + "unterminated tuple");
  EXPECT_EQ(npyError(header("{'descr: '<f4'}")),
            corrupt + "expected ':' after a dict key but found '<'");
  EXPECT_EQ(npyError(header("{'descr': '<f4\n'}")),
            corrupt + "unterminated string");
  EXPECT_EQ(npyError(header("{'descr': '<f4' 'shape': ()}")),
            corrupt + "expected ',' or '}' in the dict but found '''");
  EXPECT_EQ(npyError(header("{'descr': <f4}")), corrupt + "unexpected '<'");
  EXPECT_EQ(npyError(header("{'descr': \x01}")),
            corrupt + "unexpected byte 0x01");
  EXPECT_EQ(npyError(header("{'descr': float32}")),
            corrupt + "unexpected name 'float32'");
  EXPECT_EQ(npyError(header("{'descr': -}")),
            corrupt + "expected digits after the sign");
  EXPECT_EQ(npyError(header("{} {}")),
            corrupt + "unexpected text after the dict");
  EXPECT_EQ(npyError(header("{}")), corrupt + "missing key 'descr'");
  EXPECT_EQ(npyError(header("{'descr': '<f4', 'shape': ()}")),
            corrupt + "missing key 'fortran_order'");
  EXPECT_EQ(npyError(header("{'descr': '<f4', 'fortran_order': False}")),
            corrupt + "missing key 'shape'");
  EXPECT_EQ(npyError(header("{'descr': '<f4', 'descr': '<f4'}")),
            corrupt + "duplicate key 'descr'");
  EXPECT_EQ(npyError(header("{'descr': '<f4', 'order': 'C'}")),
            corrupt + "unexpected key 'order'");
  EXPECT_EQ(npyError(header("{1: 2}")), corrupt + "a key is not a string");
  EXPECT_EQ(npyError(header("{'descr': 4, 'fortran_order': False, "
                            "'shape': ()}")),
            corrupt + "'descr' is not a string");
  EXPECT_EQ(npyError(fields("()", "0")),
            corrupt + "'fortran_order' is not True or False");
  EXPECT_EQ(npyError(fields("(5)")), corrupt + "'shape' is not a tuple");
  EXPECT_EQ(npyError(fields("[2, 3]")), corrupt + "'shape' is not a tuple");
  EXPECT_EQ(npyError(fields("(2, '3')")),
            corrupt + "'shape' holds something other than integers");
  EXPECT_EQ(npyError(fields("(2, -1)")),
            corrupt + "negative dimension in shape (2, -1)");
  EXPECT_EQ(npyError(fields("(-9223372036854775808,)")),
            corrupt + "negative dimension in shape (-9223372036854775808,)");
  EXPECT_EQ(npyError(fields("(99999999999999999999,)")),
            corrupt + "integer 99999999999999999999 is too large");
  EXPECT_EQ(npyError(fields("(9223372036854775808,)")),
            corrupt + "integer 9223372036854775808 is too large");
  // Each dimension fits in int64 but the byte count does not.
  EXPECT_EQ(npyError(fields("(4294967296, 4294967296)")),
            corrupt + "shape (4294967296, 4294967296) is too large");
  EXPECT_EQ(npyError(fields("(2305843009213693952,)")),
            corrupt + "shape (2305843009213693952,) is too large");
  EXPECT_EQ(
      npyError(fields(std::string(1000, '(') + "1" + std::string(1000, ')'))),
      corrupt + "nested too deeply");
}

/// Truncating a valid file anywhere and overwriting any header byte with
/// any of a few values must give a result or a message, never a crash or
/// a read past the end (run under ASan/Valgrind to see the latter).
TEST_F(TensorIOTest, SurvivesTruncationAndMutationOfEveryHeaderByte) {
  Tensor t = sample(DType::I32, {2, 3});
  std::string p = path("v.npy"), error;
  ASSERT_TRUE(writeNpy(p, t, error)) << error;
  const std::string valid = readBytes(p);
  Tensor out;
  for (size_t n = 0; n < valid.size(); ++n) {
    file("v.npy", valid.substr(0, n));
    EXPECT_FALSE(readNpy(p, out, error)) << n;
    EXPECT_FALSE(error.empty());
  }
  const char replacements[] = {'\0', '\xff', '(', ')', '{', '}', '\'',
                               ',',  '-',    '9', ' ', ':', 'L', '\n'};
  for (size_t i = 0; i < 128; ++i) {
    for (char c : replacements) {
      std::string mutated = valid;
      mutated[i] = c;
      file("v.npy", mutated);
      if (!readNpy(p, out, error))
        EXPECT_FALSE(error.empty());
      else
        EXPECT_LE(out.ints.size() * 4, valid.size());
    }
  }
}

//===----------------------------------------------------------------------===//
// Write failures
//===----------------------------------------------------------------------===//

TEST_F(TensorIOTest, FailedWritesLeaveNoFile) {
  Tensor t = sample(DType::F32, {2, 2});
  std::string error;
  std::string p = path("missing/t.npy");
  EXPECT_FALSE(writeNpy(p, t, error));
  EXPECT_EQ(withoutDir(error),
            "cannot open output file 'missing/t.npy': No such file or "
            "directory");
  EXPECT_FALSE(fs::exists(p));

  // The target is a directory: nothing is written.
  fs::create_directory(path("sub"));
  EXPECT_FALSE(writeNpy(path("sub"), t, error));
  EXPECT_EQ(withoutDir(error), "cannot open output file 'sub': Is a directory");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), {}), 1);

  // A tensor whose elements do not match its shape is not written at all.
  Tensor bad = Tensor::zerosF32({2, 3});
  bad.floats.pop_back();
  EXPECT_FALSE(writeNpy(path("bad.npy"), bad, error));
  EXPECT_EQ(withoutDir(error), "cannot write 'bad.npy': the float32[2, 3] "
                               "tensor holds 5 elements instead of 6");
  bad = Tensor::zerosInt(DType::I64, {2});
  bad.shape = {-2};
  EXPECT_FALSE(writeNpy(path("bad.npy"), bad, error));
  EXPECT_EQ(withoutDir(error),
            "cannot write 'bad.npy': invalid shape int64[-2]");
  EXPECT_FALSE(fs::exists(path("bad.npy")));
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), {}), 1);
}

//===----------------------------------------------------------------------===//
// ONNX TensorProto
//===----------------------------------------------------------------------===//

TEST_F(TensorIOTest, ReadsBackendTestDataUInt8) {
  Tensor t;
  std::string name, error;
  ASSERT_TRUE(readTensorProto(kBackendData + "test_qlinearconv/"
                                             "test_data_set_0/input_0.pb",
                              t, name, error))
      << error;
  EXPECT_EQ(name, "x");
  EXPECT_EQ(t.dtype, DType::U8);
  EXPECT_EQ(t.shape, (std::vector<int64_t>{1, 1, 7, 7}));
  ASSERT_EQ(t.ints.size(), 49u);
  EXPECT_EQ(std::vector<int64_t>(t.ints.begin(), t.ints.begin() + 4),
            (std::vector<int64_t>{255, 174, 162, 25}));
  EXPECT_EQ(t.ints.back(), 247);
  EXPECT_TRUE(t.floats.empty());
}

TEST_F(TensorIOTest, ReadsBackendTestDataFloat) {
  Tensor t;
  std::string name, error;
  ASSERT_TRUE(readTensorProto(
      kBackendData + "test_add/test_data_set_0/output_0.pb", t, name, error))
      << error;
  EXPECT_EQ(name, "sum");
  EXPECT_EQ(t.dtype, DType::F32);
  EXPECT_EQ(t.shape, (std::vector<int64_t>{3, 4, 5}));
  ASSERT_EQ(t.floats.size(), 60u);
  EXPECT_EQ(t.floats[0], 1.0915919542312622f);
  EXPECT_EQ(t.floats[1], 0.04060405492782593f);
}

class TensorProtoTest : public TensorIOTest {
protected:
  std::string write(const onnx::TensorProto &proto) {
    return file("t.pb", proto.SerializeAsString());
  }
  /// Reads `proto` back, returning the error ("" on success).
  std::string read(const onnx::TensorProto &proto, Tensor &t) {
    std::string name, error;
    if (readTensorProto(write(proto), t, name, error))
      return "";
    return withoutDir(error);
  }
};

TEST_F(TensorProtoTest, ReadsTypedFields) {
  onnx::TensorProto proto;
  proto.set_name("w");
  proto.add_dims(3);
  Tensor t;

  proto.set_data_type(onnx::TensorProto::INT8);
  for (int v : {-128, 0, 127})
    proto.add_int32_data(v);
  ASSERT_EQ(read(proto, t), "");
  EXPECT_EQ(t.dtype, DType::I8);
  EXPECT_EQ(t.ints, (std::vector<int64_t>{-128, 0, 127}));

  proto.set_data_type(onnx::TensorProto::INT32);
  ASSERT_EQ(read(proto, t), "");
  EXPECT_EQ(t.dtype, DType::I32);

  proto.set_data_type(onnx::TensorProto::UINT8);
  EXPECT_EQ(read(proto, t),
            "'t.pb' holds the value -128, out of range for uint8");

  proto.clear_int32_data();
  proto.set_data_type(onnx::TensorProto::INT64);
  for (int64_t v : {std::numeric_limits<int64_t>::min(), int64_t(0),
                    std::numeric_limits<int64_t>::max()})
    proto.add_int64_data(v);
  ASSERT_EQ(read(proto, t), "");
  EXPECT_EQ(t.ints,
            (std::vector<int64_t>{std::numeric_limits<int64_t>::min(), 0,
                                  std::numeric_limits<int64_t>::max()}));

  proto.set_data_type(onnx::TensorProto::FLOAT);
  proto.clear_dims();
  proto.add_float_data(2.5f); // a scalar
  ASSERT_EQ(read(proto, t), "");
  EXPECT_TRUE(t.shape.empty());
  EXPECT_EQ(t.floats, (std::vector<float>{2.5f}));

  // Raw data is little-endian.
  proto.clear_float_data();
  proto.set_data_type(onnx::TensorProto::INT32);
  proto.add_dims(2);
  proto.set_raw_data(std::string("\xfe\xff\xff\xff\x00\x01\x00\x00", 8));
  ASSERT_EQ(read(proto, t), "");
  EXPECT_EQ(t.ints, (std::vector<int64_t>{-2, 256}));

  // No elements, no data.
  proto.clear_raw_data();
  proto.clear_dims();
  proto.add_dims(0);
  proto.add_dims(3);
  ASSERT_EQ(read(proto, t), "");
  EXPECT_EQ(t.shape, (std::vector<int64_t>{0, 3}));
  EXPECT_TRUE(t.ints.empty());
}

TEST_F(TensorProtoTest, ReportsBadTensors) {
  Tensor t;
  std::string name, error;
  EXPECT_FALSE(readTensorProto(path("missing.pb"), t, name, error));
  EXPECT_EQ(withoutDir(error),
            "cannot open 'missing.pb': No such file or directory");

  EXPECT_FALSE(
      readTensorProto(file("g.pb", "garbage, not a protobuf"), t, name, error));
  EXPECT_EQ(withoutDir(error),
            "'g.pb' is not an ONNX TensorProto (protobuf parse failed)");
  // A truncated real file: the raw_data field's length runs past the end.
  std::string real =
      readBytes(kBackendData + "test_add/test_data_set_0/output_0.pb");
  ASSERT_GT(real.size(), 100u);
  EXPECT_FALSE(readTensorProto(file("c.pb", real.substr(0, real.size() - 7)), t,
                               name, error));
  EXPECT_EQ(withoutDir(error),
            "'c.pb' is not an ONNX TensorProto (protobuf parse failed)");
  EXPECT_FALSE(readTensorProto(file("e.pb", ""), t, name, error));
  EXPECT_EQ(withoutDir(error),
            "'e.pb' is not an ONNX TensorProto (no data type)");

  onnx::TensorProto proto;
  proto.add_dims(2);
  proto.set_data_type(onnx::TensorProto::DOUBLE);
  proto.add_double_data(1);
  proto.add_double_data(2);
  EXPECT_EQ(read(proto, t), "'t.pb' holds DOUBLE elements; supported: "
                            "float32, int8, uint8, int32, int64");
  proto.set_data_type(12345);
  EXPECT_EQ(read(proto, t), "'t.pb' holds data type 12345 elements; "
                            "supported: float32, int8, uint8, int32, int64");

  proto.clear_double_data();
  proto.set_data_type(onnx::TensorProto::FLOAT);
  proto.add_float_data(1);
  EXPECT_EQ(read(proto, t),
            "'t.pb' holds 1 value but a float32[2] tensor needs 2");
  proto.set_raw_data("abc");
  EXPECT_EQ(read(proto, t), "'t.pb' holds 3 bytes of raw data but a "
                            "float32[2] tensor needs 8 bytes");
  proto.clear_dims();
  proto.add_dims(-1);
  EXPECT_EQ(read(proto, t), "'t.pb' has an invalid shape float32[-1]");
  proto.clear_dims();
  proto.add_dims(int64_t(1) << 62);
  proto.add_dims(4);
  EXPECT_EQ(read(proto, t),
            "'t.pb' has an invalid shape float32[4611686018427387904, 4]");

  proto.clear_dims();
  proto.set_data_location(onnx::TensorProto::EXTERNAL);
  EXPECT_EQ(read(proto, t),
            "'t.pb' keeps its data in an external file; not supported");
}

} // namespace
