//===- OutputFiles.cpp - writing a tool's outputs all or nothing ----------===//
//
// This file decides, for each output, whether it is staged (a regular file,
// written beside itself and renamed into place) or written in place (a
// device, FIFO, socket or stream that must never be replaced), then writes
// them: every staged file first, then the special ones, then the renames.
//
//===----------------------------------------------------------------------===//

#include "qcc/Support/OutputFiles.h"

#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace qcc {
namespace {

std::string quote(const std::string &path) { return "'" + path + "'"; }

std::string cannotOpen(const std::string &path, int err) {
  return "cannot open output file " + quote(path) + ": " + std::strerror(err);
}

bool startsWith(const std::string &s, const char *prefix) {
  return s.compare(0, std::strlen(prefix), prefix) == 0;
}

/// How one output reaches its destination.
struct Route {
  enum Kind { Stdout, Staged, InPlace } kind;
  /// Staged: the regular file to rename over (a symlink's resolved target).
  /// InPlace: the path to open.
  std::string destination;
  /// InPlace: whether opening may create or truncate a regular file (a
  /// dangling symlink, or /dev/stdout redirected to a file).
  bool regular = false;
};

/// Classifies `path` without touching it.
bool route(const std::string &path, Route &out, std::string &error) {
  if (path == "-") {
    out = {Route::Stdout, path};
    return true;
  }
  struct stat st;
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno != ENOENT) {
      error = cannotOpen(path, errno);
      return false;
    }
    out = {Route::Staged, path};
    return true;
  }
  if (S_ISLNK(st.st_mode)) {
    struct stat target;
    if (::stat(path.c_str(), &target) != 0) {
      // A dangling symlink: write through it, creating its target.
      out = {Route::InPlace, path, /*regular=*/true};
      return true;
    }
    if (S_ISDIR(target.st_mode)) {
      error = cannotOpen(path, EISDIR);
      return false;
    }
    // /dev/stdout, /dev/fd/N and /proc/self/fd/N name an open stream:
    // write to it, never to the file it happens to resolve to.
    bool stream = startsWith(path, "/dev/") || startsWith(path, "/proc/");
    if (!S_ISREG(target.st_mode) || stream) {
      out = {Route::InPlace, path, S_ISREG(target.st_mode)};
      return true;
    }
    char resolved[PATH_MAX];
    if (!::realpath(path.c_str(), resolved)) {
      error = cannotOpen(path, errno);
      return false;
    }
    out = {Route::Staged, resolved};
    return true;
  }
  if (S_ISDIR(st.st_mode)) {
    error = cannotOpen(path, EISDIR);
    return false;
  }
  if (S_ISREG(st.st_mode))
    out = {Route::Staged, path};
  else
    out = {Route::InPlace, path};
  return true;
}

/// Writes all of `contents` to `fd` and closes it; returns 0 or an errno.
int writeAndClose(int fd, const std::string &contents) {
  size_t written = 0;
  while (written < contents.size()) {
    ssize_t n =
        ::write(fd, contents.data() + written, contents.size() - written);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      int err = errno;
      ::close(fd);
      return err;
    }
    written += static_cast<size_t>(n);
  }
  // close() can report a deferred write error (NFS, quota).
  return ::close(fd) == 0 ? 0 : errno;
}

/// Creates every missing directory of `dir`, as `mkdir -p`.
int createDirectories(const std::string &dir) {
  struct stat st;
  if (dir.empty() || ::stat(dir.c_str(), &st) == 0)
    return 0;
  size_t slash = dir.find_last_of('/');
  if (slash != std::string::npos && slash > 0)
    if (int err = createDirectories(dir.substr(0, slash)))
      return err;
  if (::mkdir(dir.c_str(), 0777) != 0 && errno != EEXIST)
    return errno;
  return 0;
}

std::string parentOf(const std::string &path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos)
    return "";
  return slash == 0 ? "/" : path.substr(0, slash);
}

} // namespace

bool OutputFiles::commit(std::string &error) {
  std::vector<Route> routes(files.size());
  for (size_t i = 0; i < files.size(); ++i) {
    if (files[i].createParent)
      if (int err = createDirectories(parentOf(files[i].path))) {
        error = "cannot create directory " + quote(parentOf(files[i].path)) +
                ": " + std::strerror(err);
        return false;
      }
    if (!route(files[i].path, routes[i], error))
      return false;
  }

  // Stage every regular file beside its destination. O_EXCL with a unique
  // name keeps concurrent writers apart; mode 0666 lets the umask decide the
  // permissions, as for any new file.
  static std::atomic<unsigned> counter{0};
  std::vector<std::string> temps(files.size());
  auto abandon = [&](std::string message) {
    for (const std::string &temp : temps)
      if (!temp.empty())
        ::unlink(temp.c_str());
    error = std::move(message);
    return false;
  };
  for (size_t i = 0; i < files.size(); ++i) {
    if (routes[i].kind != Route::Staged)
      continue;
    const std::string &dest = routes[i].destination;
    int fd = -1;
    std::string temp;
    for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
      temp = dest + ".tmp" + std::to_string(::getpid()) + "-" +
             std::to_string(counter++);
      fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                  0666);
      if (fd < 0 && errno != EEXIST)
        break;
    }
    if (fd < 0)
      return abandon(cannotOpen(files[i].path, errno));
    temps[i] = temp;
    if (int err = writeAndClose(fd, files[i].contents))
      return abandon("cannot write " + quote(files[i].path) + ": " +
                     std::strerror(err));
  }

  // Devices, FIFOs and streams take their bytes where they are.
  for (size_t i = 0; i < files.size(); ++i) {
    if (routes[i].kind != Route::InPlace)
      continue;
    int flags = O_WRONLY | O_CLOEXEC;
    if (routes[i].regular)
      flags |= O_CREAT | O_TRUNC;
    int fd = ::open(routes[i].destination.c_str(), flags, 0666);
    if (fd < 0)
      return abandon(cannotOpen(files[i].path, errno));
    if (int err = writeAndClose(fd, files[i].contents))
      return abandon("cannot write " + quote(files[i].path) + ": " +
                     std::strerror(err));
  }

  for (size_t i = 0; i < files.size(); ++i) {
    if (temps[i].empty())
      continue;
    if (::rename(temps[i].c_str(), routes[i].destination.c_str()) != 0)
      return abandon("cannot write " + quote(files[i].path) + ": " +
                     std::strerror(errno));
    temps[i].clear();
  }

  for (size_t i = 0; i < files.size(); ++i)
    if (routes[i].kind == Route::Stdout)
      std::fwrite(files[i].contents.data(), 1, files[i].contents.size(),
                  stdout);
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    error = "cannot write to standard output: " + std::string(std::strerror(errno));
    return false;
  }
  return true;
}

bool writeOutputFile(const std::string &path, const std::string &contents,
                     std::string &error) {
  OutputFiles one;
  one.add(path, contents);
  return one.commit(error);
}

} // namespace qcc
