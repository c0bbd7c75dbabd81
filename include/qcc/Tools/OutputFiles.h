//===- OutputFiles.h - writing a tool's outputs all or nothing --*- C++ -*-===//
//
// This file declares the set of files one qcc run produces (OUT.c and
// OUT.h, OUT.a and OUT.h, a report, ...). They are written together at the
// end, each through a temporary beside it that is renamed into place, so a
// failing run leaves no partial or mismatched file behind.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_TOOLS_OUTPUTFILES_H
#define QCC_TOOLS_OUTPUTFILES_H

#include <string>
#include <utility>
#include <vector>

namespace qcc {

class OutputFiles {
public:
  /// Adds a file; "-" is standard output. With `createParent` its
  /// directory is created when missing (a subdirectory qcc owns, like
  /// qcc_runtime/); otherwise a missing directory is an error, as for any
  /// compiler's -o.
  void add(std::string path, std::string contents, bool createParent = false) {
    files.push_back({std::move(path), std::move(contents), createParent});
  }
  /// Writes every file; on failure removes what it wrote, sets `error` and
  /// returns false.
  bool commit(std::string &error);

private:
  struct File {
    std::string path, contents;
    bool createParent;
  };
  std::vector<File> files;
};

} // namespace qcc

#endif // QCC_TOOLS_OUTPUTFILES_H
