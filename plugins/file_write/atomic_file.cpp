#include "atomic_file.hpp"

#include <fmt/format.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace airbridge::file_write {

std::optional<std::string> replaceFile(const std::string& path, const std::string& content) {
  const std::string temporary = fmt::format("{}.tmp-{}", path, getpid());
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return fmt::format("cannot write {} ({}); check that the airbridge user may write in its folder",
                       temporary, std::strerror(errno));
  }
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string why = std::strerror(errno);
      ::close(fd);
      ::unlink(temporary.c_str());
      return fmt::format("cannot write {} ({}); is the disk full?", temporary, why);
    }
    written += static_cast<std::size_t>(n);
  }
  // On disk before it takes the old file's place: a crash leaves the old file or the new one.
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced || ::rename(temporary.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(temporary.c_str());
    return fmt::format("cannot replace {} ({})", path, why);
  }
  return std::nullopt;
}

}  // namespace airbridge::file_write
