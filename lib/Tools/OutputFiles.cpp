//===- OutputFiles.cpp - writing a tool's outputs all or nothing ----------===//
//
// This file stages every output in a temporary file beside its destination
// and renames them into place only once all were written.
//
//===----------------------------------------------------------------------===//

#include "qcc/Tools/OutputFiles.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace qcc {

bool OutputFiles::commit(std::string &error) {
  std::vector<std::pair<std::string, std::string>> staged; // temp, final
  auto abandon = [&](const Twine &message) {
    for (auto &[temp, final] : staged)
      sys::fs::remove(temp);
    error = message.str();
    return false;
  };
  for (auto &[path, contents, createParent] : files) {
    if (path == "-")
      continue;
    StringRef dir = sys::path::parent_path(path);
    if (createParent && !dir.empty())
      if (std::error_code ec = sys::fs::create_directories(dir))
        return abandon("cannot create directory '" + dir + "': " +
                       ec.message());
    int fd;
    SmallString<256> temp;
    if (std::error_code ec =
            sys::fs::createUniqueFile(path + ".tmp-%%%%%%", fd, temp))
      return abandon("cannot open output file '" + path + "': " +
                     ec.message());
    staged.emplace_back(temp.str().str(), path);
    raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << contents;
    os.close();
    if (os.has_error()) {
      os.clear_error();
      return abandon("cannot write '" + path + "'");
    }
  }
  for (auto &[temp, final] : staged)
    if (std::error_code ec = sys::fs::rename(temp, final))
      return abandon("cannot write '" + final + "': " + ec.message());
  for (auto &[path, contents, createParent] : files)
    if (path == "-")
      outs() << contents;
  outs().flush();
  return true;
}

} // namespace qcc
