#include "file_change_watcher.hpp"

#include <fmt/format.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace airbridge::file_watch {
namespace {

// A version that still does not parse after this many reads is given up until the next change.
constexpr int kRereads = 4;
constexpr auto kRewatchEvery = std::chrono::seconds{2};

constexpr std::uint32_t kFileEvents = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE |
                                      IN_DELETE | IN_MODIFY;
constexpr std::uint32_t kDirectoryEvents = kFileEvents | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;

}  // namespace

FileChangeWatcher::FileChangeWatcher(std::filesystem::path file, std::chrono::milliseconds debounce,
                                     std::size_t max_size, Handler& handler)
    : file_(std::move(file)), name_(file_.filename().string()), debounce_(debounce),
      maxSize_(max_size), handler_(handler) {
  inotify_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  stopSignal_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (inotify_ < 0 || stopSignal_ < 0) {
    throw std::runtime_error(fmt::format("cannot watch files: {}", std::strerror(errno)));
  }
}

FileChangeWatcher::~FileChangeWatcher() {
  stop();
  if (inotify_ >= 0) ::close(inotify_);
  if (stopSignal_ >= 0) ::close(stopSignal_);
}

void FileChangeWatcher::start() {
  watchDirectory();
  thread_ = std::thread([this] { run(); });
}

void FileChangeWatcher::stop() noexcept {
  if (!thread_.joinable()) return;
  const std::uint64_t one = 1;
  [[maybe_unused]] auto written = ::write(stopSignal_, &one, sizeof one);
  thread_.join();
}

bool FileChangeWatcher::watchDirectory() {
  const std::filesystem::path directory = file_.has_parent_path() ? file_.parent_path() : ".";
  watch_ = inotify_add_watch(inotify_, directory.c_str(), kDirectoryEvents);
  if (watch_ < 0) {
    handler_.missing(fmt::format("cannot watch its directory {}: {}", directory.string(), std::strerror(errno)));
    return false;
  }
  // Whatever happened while we were not watching: read the file as it is.
  pending_ = closed_ = true;
  retries_ = 0;
  changed_ = std::chrono::steady_clock::time_point{};
  return true;
}

bool FileChangeWatcher::drainEvents() {
  alignas(inotify_event) std::array<char, 16 * 1024> buffer;
  while (true) {
    const ssize_t got = ::read(inotify_, buffer.data(), buffer.size());
    if (got <= 0) return true;
    for (ssize_t at = 0; at < got;) {
      const auto* event = reinterpret_cast<const inotify_event*>(buffer.data() + at);
      at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
      if (event->mask & IN_Q_OVERFLOW) {  // events were lost: read the file again to be sure
        pending_ = closed_ = true;
        changed_ = std::chrono::steady_clock::now();
        continue;
      }
      if (event->mask & (IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF)) {
        if (watch_ >= 0) inotify_rm_watch(inotify_, watch_);
        watch_ = -1;
        handler_.missing("its directory was removed or moved");
        return false;
      }
      if (event->len == 0 || name_ != event->name) continue;
      const auto now = std::chrono::steady_clock::now();
      if (event->mask & (IN_DELETE | IN_MOVED_FROM)) {
        pending_ = false;
        handler_.missing("it was deleted or moved away");
      } else if (event->mask & (IN_CLOSE_WRITE | IN_MOVED_TO)) {
        pending_ = closed_ = true;
        retries_ = 0;
        changed_ = now;
      } else {  // created or modified: being written, not closed yet
        pending_ = true;
        closed_ = false;
        retries_ = 0;
        changed_ = now;
      }
    }
  }
}

void FileChangeWatcher::readNow() {
  const int fd = ::open(file_.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    pending_ = false;
    handler_.missing(std::strerror(errno));
    return;
  }
  struct stat info {};
  std::string content;
  bool tooLarge = false;
  if (::fstat(fd, &info) == 0 && !S_ISREG(info.st_mode)) {
    ::close(fd);
    pending_ = false;
    handler_.missing("it is not a regular file");
    return;
  }
  // Read at most one byte past the cap, whatever size fstat said (a file can grow meanwhile).
  content.resize(maxSize_ + 1);
  std::size_t filled = 0;
  while (filled < content.size()) {
    const ssize_t got = ::read(fd, content.data() + filled, content.size() - filled);
    if (got <= 0) break;
    filled += static_cast<std::size_t>(got);
  }
  ::close(fd);
  tooLarge = filled > maxSize_;
  content.resize(filled);
  if (tooLarge) {
    pending_ = false;
    handler_.tooLarge(static_cast<std::uintmax_t>(info.st_size));
    return;
  }
  if (handler_.version(std::move(content))) {
    pending_ = false;
  } else if (++retries_ >= kRereads) {
    pending_ = false;  // given up until the file changes again
  } else {
    changed_ = std::chrono::steady_clock::now();  // read again after another quiet time
  }
}

void FileChangeWatcher::run() {
  auto lastRewatch = std::chrono::steady_clock::now();
  while (true) {
    const auto now = std::chrono::steady_clock::now();
    // A writer that never closes the file is trusted only after a longer quiet time.
    const auto quiet = closed_ ? debounce_ : std::max<std::chrono::milliseconds>(debounce_ * 4, std::chrono::seconds{1});
    int timeout = 1000;
    if (watch_ < 0) {
      if (now - lastRewatch >= kRewatchEvery) {
        lastRewatch = now;
        watchDirectory();
      }
      timeout = 500;
    } else if (pending_) {
      const auto due = changed_ + quiet;
      if (due <= now) {
        readNow();
        continue;
      }
      timeout = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(due - now).count()) + 1;
    }
    std::array<pollfd, 2> fds{pollfd{stopSignal_, POLLIN, 0}, pollfd{inotify_, POLLIN, 0}};
    if (::poll(fds.data(), fds.size(), timeout) < 0 && errno != EINTR) return;
    if (fds[0].revents & POLLIN) return;
    if (fds[1].revents & POLLIN) drainEvents();
  }
}

}  // namespace airbridge::file_watch
