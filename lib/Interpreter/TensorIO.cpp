//===- TensorIO.cpp - reading and writing tensor files --------------------===//
//
// This file implements the .npy reader and writer and the ONNX TensorProto
// reader. Input files are untrusted: every length, count and dimension in
// them is checked against the bytes actually present before anything is
// indexed or allocated, and the .npy header (a Python dict literal) is
// parsed by a small bounded parser instead of being pattern-matched, so
// corrupt files produce a message rather than a crash or a huge allocation.
//
//===----------------------------------------------------------------------===//

#include "qcc/Interpreter/TensorIO.h"
#include "qcc/Support/OutputFiles.h"

#include "onnx/onnx_pb.h"

#include <cerrno>
#include <climits>
#include <cstring>
#include <fcntl.h>
#include <limits>
#include <string_view>
#include <sys/stat.h>
#include <unistd.h>

namespace qcc::interp {

namespace {

constexpr const char *kSupported =
    "supported: float32, int8, uint8, int32, int64";

std::string quote(const std::string &path) { return "'" + path + "'"; }

/// "1 byte" / "0 bytes" / "768 bytes".
std::string byteCount(uint64_t n) {
  return std::to_string(n) + (n == 1 ? " byte" : " bytes");
}

/// "1 byte follows" / "100 bytes follow".
std::string follow(uint64_t n) {
  return byteCount(n) + (n == 1 ? " follows" : " follow");
}

unsigned itemSize(DType type) {
  switch (type) {
  case DType::F32:
  case DType::I32:
    return 4;
  case DType::I8:
  case DType::U8:
    return 1;
  case DType::I64:
    return 8;
  }
  return 1;
}

/// Multiplies the dimensions, failing on a negative one or when the element
/// count or its byte size would not fit in int64 (a corrupt or hostile shape
/// must not wrap around into a small, plausible size).
bool elementCount(const std::vector<int64_t> &shape, unsigned itemBytes,
                  int64_t &count) {
  int64_t n = 1;
  bool empty = false;
  for (int64_t d : shape) {
    if (d < 0)
      return false;
    if (d == 0)
      empty = true;
  }
  // With a zero dimension the other dimensions may be anything; the product
  // is 0 however large they are.
  if (empty) {
    count = 0;
    return true;
  }
  const int64_t limit = std::numeric_limits<int64_t>::max() / itemBytes;
  for (int64_t d : shape) {
    if (n > limit / d)
      return false;
    n *= d;
  }
  count = n;
  return true;
}

/// Reads a whole file. Reads until end of file rather than trusting the
/// size stat reports, so pipes such as /dev/stdin work too.
bool readFile(const std::string &path, std::string &bytes, std::string &error) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = "cannot open " + quote(path) + ": " + std::strerror(errno);
    return false;
  }
  struct stat st;
  if (::fstat(fd, &st) == 0) {
    // open() succeeds on a directory; read() would fail with a less clear
    // message, so say it here.
    if (S_ISDIR(st.st_mode)) {
      ::close(fd);
      error = "cannot open " + quote(path) + ": " + std::strerror(EISDIR);
      return false;
    }
    if (S_ISREG(st.st_mode) && st.st_size > 0)
      bytes.reserve(static_cast<size_t>(st.st_size));
  }
  char buffer[65536];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof(buffer));
    if (n < 0) {
      if (errno == EINTR)
        continue;
      error = "cannot read " + quote(path) + ": " + std::strerror(errno);
      ::close(fd);
      return false;
    }
    if (n == 0)
      break;
    bytes.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  return true;
}

uint64_t loadLE(const unsigned char *p, unsigned size) {
  uint64_t v = 0;
  for (unsigned i = 0; i < size; ++i)
    v |= static_cast<uint64_t>(p[i]) << (8 * i);
  return v;
}

/// Decodes `count` little-endian elements into `out`, whose dtype is set.
/// The byte order is assembled explicitly so the result does not depend on
/// the host's endianness.
void decodeLE(const unsigned char *p, int64_t count, Tensor &out) {
  size_t n = static_cast<size_t>(count);
  switch (out.dtype) {
  case DType::F32:
    out.floats.resize(n);
    for (size_t i = 0; i < n; ++i) {
      uint32_t bits = static_cast<uint32_t>(loadLE(p + 4 * i, 4));
      std::memcpy(&out.floats[i], &bits, 4);
    }
    return;
  case DType::I8:
    out.ints.resize(n);
    for (size_t i = 0; i < n; ++i)
      out.ints[i] = static_cast<int8_t>(p[i]);
    return;
  case DType::U8:
    out.ints.resize(n);
    for (size_t i = 0; i < n; ++i)
      out.ints[i] = p[i];
    return;
  case DType::I32:
    out.ints.resize(n);
    for (size_t i = 0; i < n; ++i)
      out.ints[i] = static_cast<int32_t>(loadLE(p + 4 * i, 4));
    return;
  case DType::I64:
    out.ints.resize(n);
    for (size_t i = 0; i < n; ++i)
      out.ints[i] = static_cast<int64_t>(loadLE(p + 8 * i, 8));
    return;
  }
}

void storeLE(std::string &out, uint64_t v, unsigned size) {
  for (unsigned i = 0; i < size; ++i)
    out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

/// Appends the elements of `t` little-endian, narrowing integers to the
/// dtype's width (two's complement truncation).
void encodeLE(const Tensor &t, std::string &out) {
  unsigned size = itemSize(t.dtype);
  if (t.isFloat()) {
    for (float f : t.floats) {
      uint32_t bits;
      std::memcpy(&bits, &f, 4);
      storeLE(out, bits, 4);
    }
    return;
  }
  for (int64_t v : t.ints)
    storeLE(out, static_cast<uint64_t>(v), size);
}

//===----------------------------------------------------------------------===//
// The .npy header
//===----------------------------------------------------------------------===//

/// A Python literal as it can appear in a .npy header dict.
struct PyValue {
  enum Kind { String, Bool, None, Int, Tuple, List, Dict } kind = None;
  std::string str;
  bool boolean = false;
  int64_t integer = 0;
  std::vector<PyValue> items; // Tuple, List; Dict holds key, value pairs
};

/// A recursive-descent parser for the subset of Python literals NumPy's
/// headers use (and a little more, so that unusual but valid headers get a
/// precise message instead of "garbage"). Nesting is bounded, so a header of
/// a million '(' cannot exhaust the stack.
class PyLiteralParser {
public:
  explicit PyLiteralParser(std::string_view text) : text_(text) {}

  /// Parses the whole text as a dict followed only by whitespace.
  bool parseHeaderDict(PyValue &dict) {
    skipSpace();
    if (atEnd() || peek() != '{')
      return fail("expected a dict starting with '{'");
    if (!parseValue(dict, 0))
      return false;
    skipSpace();
    if (!atEnd())
      return fail("unexpected text after the dict");
    return true;
  }

  const std::string &error() const { return error_; }

private:
  static constexpr unsigned kMaxDepth = 16;

  bool atEnd() const { return pos_ >= text_.size(); }
  char peek() const { return text_[pos_]; }
  bool fail(std::string message) {
    if (error_.empty())
      error_ = std::move(message);
    return false;
  }
  static bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
  }
  void skipSpace() {
    while (!atEnd() && isSpace(peek()))
      ++pos_;
  }
  /// Describes the character at the cursor for messages, printably.
  std::string here() const {
    if (atEnd())
      return "end of header";
    unsigned char c = static_cast<unsigned char>(peek());
    if (c >= 0x20 && c < 0x7f)
      return std::string("'") + static_cast<char>(c) + "'";
    static const char *hex = "0123456789abcdef";
    return std::string("byte 0x") + hex[c >> 4] + hex[c & 15];
  }

  bool parseValue(PyValue &value, unsigned depth) {
    if (depth > kMaxDepth)
      return fail("nested too deeply");
    skipSpace();
    if (atEnd())
      return fail("unexpected end of header");
    char c = peek();
    if (c == '\'' || c == '"')
      return parseString(value);
    if (c == '-' || c == '+' || (c >= '0' && c <= '9'))
      return parseInt(value);
    if (c == '(')
      return parseSequence(value, ')', depth);
    if (c == '[')
      return parseSequence(value, ']', depth);
    if (c == '{')
      return parseDict(value, depth);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')
      return parseName(value);
    return fail("unexpected " + here());
  }

  bool parseString(PyValue &value) {
    char quoteChar = text_[pos_++];
    value.kind = PyValue::String;
    while (!atEnd()) {
      char c = text_[pos_++];
      if (c == quoteChar)
        return true;
      if (c == '\n')
        break;
      if (c == '\\') {
        if (atEnd())
          break;
        c = text_[pos_++];
      }
      value.str.push_back(c);
    }
    return fail("unterminated string");
  }

  bool parseInt(PyValue &value) {
    bool negative = false;
    size_t signStart = pos_;
    if (peek() == '-' || peek() == '+') {
      negative = peek() == '-';
      ++pos_;
    }
    size_t start = pos_;
    // Accumulate as a negative number so that INT64_MIN is representable.
    int64_t v = 0;
    const int64_t min = std::numeric_limits<int64_t>::min();
    bool overflow = false;
    while (!atEnd() && peek() >= '0' && peek() <= '9') {
      int digit = peek() - '0';
      if (v < (min + digit) / 10)
        overflow = true;
      else
        v = v * 10 - digit;
      ++pos_;
    }
    if (pos_ == start)
      return fail("expected digits after the sign");
    if (!negative && v == min)
      overflow = true;
    if (overflow)
      return fail("integer " +
                  std::string(text_.substr(signStart, pos_ - signStart)) +
                  " is too large");
    // Python 2 wrote long integers with an 'L' suffix into old headers.
    if (!atEnd() && (peek() == 'L' || peek() == 'l'))
      ++pos_;
    value.kind = PyValue::Int;
    value.integer = negative ? v : -v;
    return true;
  }

  bool parseName(PyValue &value) {
    size_t start = pos_;
    while (!atEnd() && ((peek() >= 'a' && peek() <= 'z') ||
                        (peek() >= 'A' && peek() <= 'Z') ||
                        (peek() >= '0' && peek() <= '9') || peek() == '_'))
      ++pos_;
    std::string_view name = text_.substr(start, pos_ - start);
    if (name == "True" || name == "False") {
      value.kind = PyValue::Bool;
      value.boolean = name == "True";
      return true;
    }
    if (name == "None") {
      value.kind = PyValue::None;
      return true;
    }
    return fail("unexpected name '" + std::string(name) + "'");
  }

  /// A tuple "(...)" or list "[...]". As in Python, "(5)" is not a tuple
  /// but the integer 5; "(5,)" is.
  bool parseSequence(PyValue &value, char close, unsigned depth) {
    ++pos_;
    bool sawComma = false;
    std::vector<PyValue> items;
    for (;;) {
      skipSpace();
      if (atEnd())
        return fail(std::string("unterminated ") +
                    (close == ')' ? "tuple" : "list"));
      if (peek() == close) {
        ++pos_;
        break;
      }
      PyValue item;
      if (!parseValue(item, depth + 1))
        return false;
      items.push_back(std::move(item));
      skipSpace();
      if (atEnd())
        return fail(std::string("unterminated ") +
                    (close == ')' ? "tuple" : "list"));
      if (peek() == ',') {
        ++pos_;
        sawComma = true;
        continue;
      }
      if (peek() != close)
        return fail(std::string("expected ',' or '") + close + "' but found " +
                    here());
    }
    if (close == ')' && items.size() == 1 && !sawComma) {
      value = std::move(items.front());
      return true;
    }
    value.kind = close == ')' ? PyValue::Tuple : PyValue::List;
    value.items = std::move(items);
    return true;
  }

  bool parseDict(PyValue &value, unsigned depth) {
    ++pos_;
    value.kind = PyValue::Dict;
    for (;;) {
      skipSpace();
      if (atEnd())
        return fail("unterminated dict");
      if (peek() == '}') {
        ++pos_;
        return true;
      }
      PyValue key, item;
      if (!parseValue(key, depth + 1))
        return false;
      skipSpace();
      if (atEnd())
        return fail("unterminated dict");
      if (peek() != ':')
        return fail("expected ':' after a dict key but found " + here());
      ++pos_;
      if (!parseValue(item, depth + 1))
        return false;
      value.items.push_back(std::move(key));
      value.items.push_back(std::move(item));
      skipSpace();
      if (atEnd())
        return fail("unterminated dict");
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() != '}')
        return fail("expected ',' or '}' in the dict but found " + here());
    }
  }

  std::string_view text_;
  size_t pos_ = 0;
  std::string error_;
};

/// The NumPy name of a descr's type, for messages about unsupported ones.
std::string numpyTypeName(char kind, const std::string &size) {
  switch (kind) {
  case 'b':
    return "bool";
  case 'i':
  case 'u':
  case 'f':
  case 'c': {
    if (size.empty() || size.size() > 2 ||
        size.find_first_not_of("0123456789") != std::string::npos)
      break;
    int bits = 0;
    for (char c : size)
      bits = bits * 10 + (c - '0');
    bits *= 8;
    if (kind == 'f' && bits > 64)
      return "longdouble";
    if (kind == 'c' && bits > 128)
      return "clongdouble";
    const char *base = kind == 'i'   ? "int"
                       : kind == 'u' ? "uint"
                       : kind == 'f' ? "float"
                                     : "complex";
    return base + std::to_string(bits);
  }
  case 'U':
    return "str";
  case 'S':
  case 'a':
    return "bytes";
  case 'O':
    return "object";
  case 'M':
    return "datetime64";
  case 'm':
    return "timedelta64";
  case 'V':
    return "void";
  default:
    break;
  }
  return "an unknown dtype";
}

/// Maps a descr to a supported dtype, or explains why it is not one.
bool parseDescr(const std::string &descr, const std::string &path, DType &dtype,
                std::string &error) {
  char order = '=';
  size_t i = 0;
  if (!descr.empty() && std::strchr("<>|=", descr[0])) {
    order = descr[0];
    i = 1;
  }
  char kind = i < descr.size() ? descr[i] : '\0';
  std::string size = i + 1 <= descr.size() ? descr.substr(i + 1) : "";
  std::string code = std::string(1, kind) + size;
  bool found = true;
  if (code == "f4")
    dtype = DType::F32;
  else if (code == "i1")
    dtype = DType::I8;
  else if (code == "u1")
    dtype = DType::U8;
  else if (code == "i4")
    dtype = DType::I32;
  else if (code == "i8")
    dtype = DType::I64;
  else
    found = false;
  if (!found) {
    error = quote(path) + " holds " + numpyTypeName(kind, size) + " ('" +
            descr + "'); " + kSupported;
    return false;
  }
  // Byte order is meaningless for single bytes, which NumPy marks '|'.
  if (itemSize(dtype) == 1 || order == '<')
    return true;
  error = quote(path) + " holds " + dtypeName(dtype) + " in " +
          (order == '>'   ? "big-endian"
           : order == '|' ? "unspecified"
                          : "native") +
          " byte order ('" + descr + "'); only little-endian is supported";
  return false;
}

std::string pythonShape(const std::vector<int64_t> &shape) {
  std::string s = "(";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + (shape.size() == 1 ? ",)" : ")");
}

/// "1x3x8x8 float32", "5 uint8", "scalar int64", for the truncation message.
std::string shapeAndType(const std::vector<int64_t> &shape, DType dtype) {
  std::string s;
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? "x" : "") + std::to_string(shape[i]);
  if (shape.empty())
    s = "scalar";
  return s + " " + dtypeName(dtype);
}

/// The descr NumPy writes for each dtype.
const char *npyDescr(DType dtype) {
  switch (dtype) {
  case DType::F32:
    return "<f4";
  case DType::I8:
    return "|i1";
  case DType::U8:
    return "|u1";
  case DType::I32:
    return "<i4";
  case DType::I64:
    return "<i8";
  }
  return "?";
}

const char kNpyMagic[] = "\x93NUMPY";
constexpr size_t kNpyMagicLen = 6;

} // namespace

bool readNpy(const std::string &path, Tensor &out, std::string &error) {
  std::string bytes;
  if (!readFile(path, bytes, error))
    return false;
  const std::string file = quote(path);
  const auto *data = reinterpret_cast<const unsigned char *>(bytes.data());
  if (bytes.size() < kNpyMagicLen ||
      std::memcmp(data, kNpyMagic, kNpyMagicLen) != 0) {
    error = file + " is not a .npy file (bad magic)";
    return false;
  }
  if (bytes.size() < kNpyMagicLen + 2) {
    error = file + " is truncated: it ends inside the header";
    return false;
  }
  unsigned major = data[6], minor = data[7];
  // Version 1.0 has a 2-byte header length; 2.0 widened it to 4 bytes and
  // 3.0 only changed the header's encoding from latin-1 to UTF-8, which
  // does not matter for the ASCII keys and values read here.
  if (!((major == 1 || major == 2 || major == 3) && minor == 0)) {
    error = file + " has unsupported .npy format version " +
            std::to_string(major) + "." + std::to_string(minor) +
            " (supported: 1.0, 2.0, 3.0)";
    return false;
  }
  size_t lenBytes = major == 1 ? 2 : 4;
  size_t prefix = kNpyMagicLen + 2 + lenBytes;
  if (bytes.size() < prefix) {
    error = file + " is truncated: it ends inside the header";
    return false;
  }
  uint64_t headerLen = loadLE(data + kNpyMagicLen + 2, lenBytes);
  if (headerLen > bytes.size() - prefix) {
    error = file + " is truncated: the header is " + byteCount(headerLen) +
            " long but " + follow(bytes.size() - prefix);
    return false;
  }
  std::string_view header(bytes.data() + prefix, headerLen);

  const std::string corrupt = file + " has a corrupt header: ";
  PyLiteralParser parser(header);
  PyValue dict;
  if (!parser.parseHeaderDict(dict)) {
    error = corrupt + parser.error();
    return false;
  }
  const PyValue *descr = nullptr, *fortran = nullptr, *shapeValue = nullptr;
  for (size_t i = 0; i + 1 < dict.items.size(); i += 2) {
    const PyValue &key = dict.items[i];
    if (key.kind != PyValue::String) {
      error = corrupt + "a key is not a string";
      return false;
    }
    const PyValue **slot = key.str == "descr"           ? &descr
                           : key.str == "fortran_order" ? &fortran
                           : key.str == "shape"         ? &shapeValue
                                                        : nullptr;
    // NumPy refuses headers with other keys, so a file that has them was
    // not written by NumPy and is not read here either.
    if (!slot) {
      error = corrupt + "unexpected key '" + key.str + "'";
      return false;
    }
    if (*slot) {
      error = corrupt + "duplicate key '" + key.str + "'";
      return false;
    }
    *slot = &dict.items[i + 1];
  }
  for (auto [value, name] : {std::pair{descr, "descr"},
                             {fortran, "fortran_order"},
                             {shapeValue, "shape"}}) {
    if (!value) {
      error = corrupt + "missing key '" + name + "'";
      return false;
    }
  }

  // A list descr describes a structured dtype (record fields).
  if (descr->kind == PyValue::List) {
    error = file + " holds a structured dtype; " + kSupported;
    return false;
  }
  if (descr->kind != PyValue::String) {
    error = corrupt + "'descr' is not a string";
    return false;
  }
  DType dtype;
  if (!parseDescr(descr->str, path, dtype, error))
    return false;

  if (fortran->kind != PyValue::Bool) {
    error = corrupt + "'fortran_order' is not True or False";
    return false;
  }

  if (shapeValue->kind != PyValue::Tuple) {
    error = corrupt + "'shape' is not a tuple";
    return false;
  }
  std::vector<int64_t> shape;
  for (const PyValue &dim : shapeValue->items) {
    if (dim.kind != PyValue::Int) {
      error = corrupt + "'shape' holds something other than integers";
      return false;
    }
    shape.push_back(dim.integer);
  }
  for (int64_t d : shape) {
    if (d < 0) {
      error = corrupt + "negative dimension in shape " + pythonShape(shape);
      return false;
    }
  }
  int64_t count;
  if (!elementCount(shape, itemSize(dtype), count)) {
    error = corrupt + "shape " + pythonShape(shape) + " is too large";
    return false;
  }

  // Fortran and C order lay the elements out identically when at most one
  // dimension exceeds 1, so such arrays need no transposition.
  if (fortran->boolean) {
    int big = 0;
    for (int64_t d : shape)
      big += d > 1;
    if (big > 1 && count != 0) {
      error = file + " is in Fortran order; only C order is supported";
      return false;
    }
  }

  // Compared before anything is allocated: the shape can claim any size,
  // but only the bytes actually present are decoded.
  uint64_t need = static_cast<uint64_t>(count) * itemSize(dtype);
  uint64_t have = bytes.size() - prefix - headerLen;
  if (have < need) {
    error = file + " is truncated: header says " + shapeAndType(shape, dtype) +
            " (" + byteCount(need) + ") but " + follow(have);
    return false;
  }

  Tensor result;
  result.dtype = dtype;
  result.shape = std::move(shape);
  decodeLE(data + prefix + headerLen, count, result);
  out = std::move(result);
  return true;
}

bool encodeNpy(const std::string &path, const Tensor &tensor,
               std::string &bytes, std::string &error) {
  const std::string cannot = "cannot write " + quote(path) + ": ";
  int64_t count;
  if (!elementCount(tensor.shape, itemSize(tensor.dtype), count)) {
    error = cannot + "invalid shape " + tensor.describe();
    return false;
  }
  size_t held = tensor.isFloat() ? tensor.floats.size() : tensor.ints.size();
  if (held != static_cast<uint64_t>(count)) {
    error = cannot + "the " + tensor.describe() + " tensor holds " +
            std::to_string(held) + " elements instead of " +
            std::to_string(count);
    return false;
  }

  // The header exactly as NumPy 1.24 writes it: keys sorted, then room for
  // the first dimension to grow to 21 digits (NumPy leaves it so that
  // appending to a file can rewrite the header in place), then spaces and a
  // newline up to a multiple of 64 bytes so the data is aligned.
  std::string dict =
      std::string("{'descr': '") + npyDescr(tensor.dtype) +
      "', 'fortran_order': False, 'shape': " + pythonShape(tensor.shape) +
      ", }";
  if (!tensor.shape.empty()) {
    size_t digits = std::to_string(tensor.shape.front()).size();
    if (digits < 21)
      dict.append(21 - digits, ' ');
  }
  bytes.clear();
  for (unsigned major : {1u, 2u}) {
    size_t lenBytes = major == 1 ? 2 : 4;
    size_t prefix = kNpyMagicLen + 2 + lenBytes;
    size_t pad = 64 - (prefix + dict.size() + 1) % 64;
    size_t headerLen = dict.size() + pad + 1;
    // Version 1.0 unless the header outgrows its 16-bit length, as NumPy.
    if (major == 1 && headerLen > 0xffff)
      continue;
    bytes.assign(kNpyMagic, kNpyMagicLen);
    bytes.push_back(static_cast<char>(major));
    bytes.push_back(0);
    storeLE(bytes, headerLen, lenBytes);
    bytes += dict;
    bytes.append(pad, ' ');
    bytes.push_back('\n');
    break;
  }
  encodeLE(tensor, bytes);
  return true;
}

bool writeNpy(const std::string &path, const Tensor &tensor,
              std::string &error) {
  std::string bytes;
  return encodeNpy(path, tensor, bytes, error) &&
         writeOutputFile(path, bytes, error);
}

bool readTensorProto(const std::string &path, Tensor &out, std::string &name,
                     std::string &error) {
  std::string bytes;
  if (!readFile(path, bytes, error))
    return false;
  const std::string file = quote(path);
  onnx::TensorProto proto;
  if (bytes.size() > static_cast<size_t>(INT_MAX) ||
      !proto.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    error = file + " is not an ONNX TensorProto (protobuf parse failed)";
    return false;
  }
  // An empty or unrelated message can parse as a TensorProto with no fields
  // set; without a data type it is not a tensor.
  if (proto.data_type() == onnx::TensorProto::UNDEFINED) {
    error = file + " is not an ONNX TensorProto (no data type)";
    return false;
  }
  if (proto.data_location() == onnx::TensorProto::EXTERNAL) {
    error = file + " keeps its data in an external file; not supported";
    return false;
  }
  if (proto.has_segment()) {
    error = file + " holds a segment of a tensor; not supported";
    return false;
  }

  Tensor result;
  switch (proto.data_type()) {
  case onnx::TensorProto::FLOAT:
    result.dtype = DType::F32;
    break;
  case onnx::TensorProto::INT8:
    result.dtype = DType::I8;
    break;
  case onnx::TensorProto::UINT8:
    result.dtype = DType::U8;
    break;
  case onnx::TensorProto::INT32:
    result.dtype = DType::I32;
    break;
  case onnx::TensorProto::INT64:
    result.dtype = DType::I64;
    break;
  default: {
    int type = proto.data_type();
    std::string typeName =
        onnx::TensorProto::DataType_IsValid(type)
            ? onnx::TensorProto::DataType_Name(
                  static_cast<onnx::TensorProto::DataType>(type))
            : "data type " + std::to_string(type);
    error = file + " holds " + typeName + " elements; " + kSupported;
    return false;
  }
  }
  result.shape.assign(proto.dims().begin(), proto.dims().end());
  int64_t count;
  if (!elementCount(result.shape, itemSize(result.dtype), count)) {
    error = file + " has an invalid shape " + result.describe();
    return false;
  }

  // raw_data wins when present, as in ONNX's own numpy_helper.
  if (proto.has_raw_data()) {
    uint64_t need = static_cast<uint64_t>(count) * itemSize(result.dtype);
    if (proto.raw_data().size() != need) {
      error = file + " holds " + byteCount(proto.raw_data().size()) +
              " of raw data but a " + result.describe() + " tensor needs " +
              byteCount(need);
      return false;
    }
    decodeLE(reinterpret_cast<const unsigned char *>(proto.raw_data().data()),
             count, result);
  } else {
    // Each typed field is bounded by the file size, so comparing its length
    // with the shape's count bounds the allocation too.
    int held = result.dtype == DType::F32   ? proto.float_data_size()
               : result.dtype == DType::I64 ? proto.int64_data_size()
                                            : proto.int32_data_size();
    if (static_cast<int64_t>(held) != count) {
      error = file + " holds " + std::to_string(held) +
              (held == 1 ? " value" : " values") + " but a " +
              result.describe() + " tensor needs " + std::to_string(count);
      return false;
    }
    if (result.dtype == DType::F32) {
      result.floats.assign(proto.float_data().begin(),
                           proto.float_data().end());
    } else if (result.dtype == DType::I64) {
      result.ints.assign(proto.int64_data().begin(), proto.int64_data().end());
    } else {
      // int8, uint8 and int32 all travel widened in int32_data.
      int64_t lo = result.dtype == DType::I8   ? -128
                   : result.dtype == DType::U8 ? 0
                                               : INT32_MIN;
      int64_t hi = result.dtype == DType::I8   ? 127
                   : result.dtype == DType::U8 ? 255
                                               : INT32_MAX;
      for (int32_t v : proto.int32_data()) {
        if (v < lo || v > hi) {
          error = file + " holds the value " + std::to_string(v) +
                  ", out of range for " + dtypeName(result.dtype);
          return false;
        }
      }
      result.ints.assign(proto.int32_data().begin(), proto.int32_data().end());
    }
  }
  name = proto.name();
  out = std::move(result);
  return true;
}

bool readTensorFile(const std::string &path, Tensor &out, std::string &error) {
  size_t slash = path.find_last_of('/');
  size_t dot = path.find_last_of('.');
  std::string ext;
  if (dot != std::string::npos && (slash == std::string::npos || dot > slash))
    for (char c : path.substr(dot))
      ext.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a')
                                         : c);
  if (ext == ".npy")
    return readNpy(path, out, error);
  if (ext == ".pb") {
    std::string name;
    return readTensorProto(path, out, name, error);
  }
  error = "cannot tell the format of " + quote(path) +
          ": expected a .npy or .pb file";
  return false;
}

} // namespace qcc::interp
