//===- OutputFilesTest.cpp - tests of writing a tool's outputs ------------===//
//
// This file tests qcc::OutputFiles on every kind of destination a user can
// name with -o: new and existing regular files (staged and renamed), a
// character device made here as a twin of /dev/null (never the real one: a
// regression would replace it for the whole machine), a FIFO, symlinks to each, a dangling symlink and a directory. A device,
// FIFO or symlink must still be what it was afterwards, and a failed commit
// must leave every destination as it was.
//
//===----------------------------------------------------------------------===//

#include "qcc/Support/OutputFiles.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <thread>
#include <unistd.h>

using qcc::OutputFiles;
using qcc::writeOutputFile;
namespace fs = std::filesystem;

namespace {

class OutputFilesTest : public ::testing::Test {
protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "outputfiles-XXXXXX");
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string path(const std::string &name) const { return dir_ / name; }

  static std::string read(const std::string &p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  /// The names in the test directory, sorted: no temporary file may stay.
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto &e : fs::directory_iterator(dir_))
      names.push_back(e.path().filename());
    std::sort(names.begin(), names.end());
    return names;
  }
  /// Makes a character device with /dev/null's numbers; false when this
  /// process may not (not root).
  bool makeNullDevice(const std::string &p) const {
    return ::mknod(p.c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0;
  }
  static bool isNullDevice(const std::string &p) {
    struct stat st;
    return ::lstat(p.c_str(), &st) == 0 && S_ISCHR(st.st_mode) &&
           st.st_rdev == makedev(1, 3);
  }

  fs::path dir_;
};

TEST_F(OutputFilesTest, RegularFilesAreCreatedAndReplaced) {
  std::string error;
  ASSERT_TRUE(writeOutputFile(path("a.c"), "one", error)) << error;
  EXPECT_EQ(read(path("a.c")), "one");
  ASSERT_TRUE(writeOutputFile(path("a.c"), "two", error)) << error;
  EXPECT_EQ(read(path("a.c")), "two");
  EXPECT_EQ(entries(), std::vector<std::string>{"a.c"});
  // The umask decides the permissions, as for any new file.
  mode_t mask = ::umask(0);
  ::umask(mask);
  EXPECT_EQ(fs::status(path("a.c")).permissions(),
            static_cast<fs::perms>(0666 & ~mask));
}

TEST_F(OutputFilesTest, CharacterDeviceIsWrittenInPlace) {
  if (!makeNullDevice(path("null")))
    GTEST_SKIP() << "mknod needs root";
  std::string error;
  OutputFiles out;
  out.add(path("null"), "discarded");
  out.add(path("x.h"), "header");
  ASSERT_TRUE(out.commit(error)) << error;
  EXPECT_TRUE(isNullDevice(path("null")));
  EXPECT_EQ(entries(), (std::vector<std::string>{"null", "x.h"}));
}

TEST_F(OutputFilesTest, SymlinkToDeviceIsWrittenThrough) {
  if (!makeNullDevice(path("null")))
    GTEST_SKIP() << "mknod needs root";
  fs::create_symlink(path("null"), path("link"));
  std::string error;
  ASSERT_TRUE(writeOutputFile(path("link"), "discarded", error)) << error;
  EXPECT_TRUE(fs::is_symlink(path("link")));
  EXPECT_TRUE(isNullDevice(path("null")));
}

TEST_F(OutputFilesTest, FifoIsWrittenInPlace) {
  ASSERT_EQ(::mkfifo(path("pipe").c_str(), 0600), 0);
  std::string received;
  std::thread reader([&] { received = read(path("pipe")); });
  std::string error;
  bool ok = writeOutputFile(path("pipe"), "through the pipe", error);
  reader.join();
  ASSERT_TRUE(ok) << error;
  EXPECT_EQ(received, "through the pipe");
  EXPECT_TRUE(fs::is_fifo(path("pipe")));
  EXPECT_EQ(entries(), std::vector<std::string>{"pipe"});
}

TEST_F(OutputFilesTest, SymlinkToFileKeepsTheLink) {
  fs::create_directory(path("real"));
  {
    std::ofstream(path("real/model.h")) << "old";
  }
  fs::create_symlink("real/model.h", path("model.h"));
  std::string error;
  ASSERT_TRUE(writeOutputFile(path("model.h"), "new", error)) << error;
  EXPECT_TRUE(fs::is_symlink(path("model.h")));
  EXPECT_EQ(read(path("real/model.h")), "new");
  EXPECT_EQ(entries(), (std::vector<std::string>{"model.h", "real"}));
  EXPECT_EQ(std::distance(fs::directory_iterator(path("real")), {}), 1);
}

TEST_F(OutputFilesTest, DanglingSymlinkCreatesItsTarget) {
  fs::create_symlink("target.c", path("link.c"));
  std::string error;
  ASSERT_TRUE(writeOutputFile(path("link.c"), "code", error)) << error;
  EXPECT_TRUE(fs::is_symlink(path("link.c")));
  EXPECT_EQ(read(path("target.c")), "code");
}

TEST_F(OutputFilesTest, DirectoryIsAnError) {
  fs::create_directory(path("out"));
  std::string error;
  EXPECT_FALSE(writeOutputFile(path("out"), "x", error));
  EXPECT_EQ(error, "cannot open output file '" + path("out") +
                       "': Is a directory");
  EXPECT_EQ(entries(), std::vector<std::string>{"out"});
}

TEST_F(OutputFilesTest, FailureLeavesEveryDestinationAsItWas) {
  {
    std::ofstream(path("net.h")) << "old header";
  }
  OutputFiles out;
  out.add(path("net.h"), "new header");
  out.add(path("missing/net.c"), "source");
  std::string error;
  EXPECT_FALSE(out.commit(error));
  EXPECT_EQ(error, "cannot open output file '" + path("missing/net.c") +
                       "': No such file or directory");
  EXPECT_EQ(read(path("net.h")), "old header");
  EXPECT_EQ(entries(), std::vector<std::string>{"net.h"});
}

TEST_F(OutputFilesTest, OwnedDirectoriesAreCreated) {
  OutputFiles out;
  out.add(path("qcc_runtime/kernels/a.c"), "a", /*createParent=*/true);
  std::string error;
  ASSERT_TRUE(out.commit(error)) << error;
  EXPECT_EQ(read(path("qcc_runtime/kernels/a.c")), "a");
}

} // namespace
