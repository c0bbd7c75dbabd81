//===- Replay.cpp - running a harness on files, without libFuzzer ---------===//
//
// This file is the main() of the harnesses in a build without QCC_FUZZ: it
// runs the harness once on each file named (or each file in each folder
// named), as libFuzzer does when given files, so that the seed corpus and
// every reproducer run in the normal build and its tests.
//
//===----------------------------------------------------------------------===//

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool run(const std::string &path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer) {
    llvm::errs() << path << ": " << buffer.getError().message() << "\n";
    return false;
  }
  LLVMFuzzerTestOneInput(
      reinterpret_cast<const uint8_t *>((*buffer)->getBufferStart()),
      (*buffer)->getBufferSize());
  return true;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    llvm::errs() << "usage: " << argv[0] << " FILE|DIR...\n";
    return 2;
  }
  unsigned count = 0;
  for (int i = 1; i < argc; ++i) {
    std::vector<std::string> files;
    if (llvm::sys::fs::is_directory(argv[i])) {
      std::error_code ec;
      for (llvm::sys::fs::recursive_directory_iterator it(argv[i], ec), end;
           it != end && !ec; it.increment(ec))
        if (llvm::sys::fs::is_regular_file(it->path()))
          files.push_back(it->path());
    } else {
      files.push_back(argv[i]);
    }
    for (const std::string &file : files) {
      if (!run(file))
        return 1;
      ++count;
    }
  }
  llvm::outs() << "ran " << count << " inputs\n";
  return 0;
}
