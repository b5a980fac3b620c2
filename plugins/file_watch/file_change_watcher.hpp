#pragma once
// Follows one file through inotify on its directory, so a file that is rewritten in place,
// replaced by a rename, or deleted and written again is followed alike. A version is read once
// its writer closed it (or renamed it into place) and `debounce` passed with no further change;
// a writer that never closes is read after a longer quiet time. A version the handler cannot
// use (caught half-written) is read again a few times before it is given up.

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>

namespace airbridge::file_watch {

class FileChangeWatcher {
 public:
  struct Handler {
    virtual ~Handler() = default;
    /// One settled version; false when it cannot be used (it is then read again later).
    virtual bool version(std::string content) = 0;
    /// The file was deleted or moved away, or cannot be read (`why`).
    virtual void missing(const std::string& why) = 0;
    /// The file is over `max_size` bytes.
    virtual void tooLarge(std::uintmax_t size) = 0;
  };

  FileChangeWatcher(std::filesystem::path file, std::chrono::milliseconds debounce,
                    std::size_t max_size, Handler& handler);
  ~FileChangeWatcher();

  /// Reads the file as it is now, then follows it on a thread of its own.
  void start();
  void stop() noexcept;

 private:
  void run();
  bool watchDirectory();
  /// Handles what inotify says about the directory; false when the watch itself is gone.
  bool drainEvents();
  void readNow();

  const std::filesystem::path file_;
  const std::string name_;
  const std::chrono::milliseconds debounce_;
  const std::size_t maxSize_;
  Handler& handler_;
  int inotify_ = -1;
  int stopSignal_ = -1;  // eventfd
  int watch_ = -1;
  bool pending_ = true;   // a version waits to be read
  bool closed_ = true;    // its writer closed it (or renamed it into place)
  int retries_ = 0;
  std::chrono::steady_clock::time_point changed_{};
  std::thread thread_;
};

}  // namespace airbridge::file_watch
