//===- OutputFiles.h - writing a tool's outputs all or nothing --*- C++ -*-===//
//
// This file declares the set of files one tool run produces (OUT.c and
// OUT.h, OUT.a and OUT.h, a report, qcc-run's .npy outputs, ...). They are
// written together at the end. A regular file (new, existing, or reached
// through a symlink, which stays a symlink) is written to a temporary file
// beside it that is renamed into place once every output was written, so a
// failing run leaves no partial or mismatched file behind. Anything else --
// a character device such as /dev/null, a FIFO, a socket, /dev/stdout -- is
// opened and written in place: it is never renamed over or removed.
//
// It is plain POSIX so that every library and test can use it.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_SUPPORT_OUTPUTFILES_H
#define QCC_SUPPORT_OUTPUTFILES_H

#include <string>
#include <vector>

namespace qcc {

class OutputFiles {
public:
  struct File {
    std::string path, contents;
    bool createParent;
  };

  /// Adds a file; "-" is standard output. With `createParent` its
  /// directory is created when missing (a subdirectory qcc owns, like
  /// qcc_runtime/); otherwise a missing directory is an error, as for any
  /// compiler's -o.
  void add(std::string path, std::string contents, bool createParent = false) {
    files.push_back({std::move(path), std::move(contents), createParent});
  }
  /// Writes every file; on failure removes the temporary files it made,
  /// leaves every destination as it was (but for special files already
  /// written), sets `error` to one line naming the path and returns false.
  bool commit(std::string &error);
  /// The files added so far, in order (for callers that keep them in
  /// memory instead, like the Python module).
  const std::vector<File> &list() const { return files; }

private:
  std::vector<File> files;
};

/// Writes one file as OutputFiles does.
bool writeOutputFile(const std::string &path, const std::string &contents,
                     std::string &error);

} // namespace qcc

#endif // QCC_SUPPORT_OUTPUTFILES_H
