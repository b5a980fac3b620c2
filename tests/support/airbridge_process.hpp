#pragma once
// Runs the built airbridge binary on a config written for the test, captures its log, and finds
// the ports it bound (configs use port 0; the log says what was bound).

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace airbridge::testing {

/// A fresh directory under the system temp dir, removed with the object.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path write(const std::string& name, const std::string& content) const;

 private:
  std::filesystem::path path_;
};

/// Where the build put things (compiled in by CMake).
struct BuildPaths {
  static std::filesystem::path binary();
  static std::filesystem::path plugins();
  static std::filesystem::path testPlugins();
  static std::filesystem::path zettaCases();
  static std::filesystem::path sourceDir();
  static std::filesystem::path simulator();
};

struct ProcessResult {
  int exit_code = -1;
  std::string output;  ///< stdout and stderr, interleaved
};

/// Runs a command to completion (with a deadline) and returns its exit code and output.
/// `cwd` empty: the test's own working directory.
ProcessResult runToCompletion(const std::vector<std::string>& argv,
                              std::chrono::milliseconds deadline = std::chrono::seconds{30},
                              const std::filesystem::path& cwd = {});

/// `airbridge --check-config --config CONFIG`, to completion.
ProcessResult checkConfig(const std::filesystem::path& config);

/// A program started by a test, its output captured; killed with the object if still running.
class ChildProcess {
 public:
  explicit ChildProcess(const std::vector<std::string>& argv);
  virtual ~ChildProcess();

  /// Waits until the log contains `text`; false at the deadline.
  bool waitForLog(const std::string& text, std::chrono::milliseconds deadline = std::chrono::seconds{10});
  /// The port of the first log line "<prefix>HOST:PORT"; throws at the deadline.
  int portAfter(const std::string& prefix, std::chrono::milliseconds deadline = std::chrono::seconds{10});
  /// Sends `signal` and waits for the exit; nullopt if it did not exit by the deadline.
  std::optional<int> stop(int signal, std::chrono::milliseconds deadline = std::chrono::seconds{10});
  std::optional<int> waitExit(std::chrono::milliseconds deadline);
  std::string log() const;
  int pid() const { return pid_; }
  /// CPU seconds (user + system) the process has used so far, from /proc.
  double cpuSeconds() const;
  /// Resident memory in bytes, from /proc.
  std::size_t residentBytes() const;

 protected:
  ChildProcess() = default;
  void launch(const std::vector<std::string>& argv);

 private:
  void readOutput(int fd);

  int pid_ = -1;
  std::optional<int> exitCode_;
  bool outputEnded_ = false;  ///< the reader saw the end of the child's output (under mutex_)
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::string log_;
  std::thread reader_;
};

/// `airbridge --config <file>` with `yaml` written to a temp file; `launcher` goes before the
/// binary (`prlimit --nofile=64`).
class AirbridgeProcess : public ChildProcess {
 public:
  explicit AirbridgeProcess(const std::string& yaml, std::vector<std::string> extra_args = {},
                            std::vector<std::string> launcher = {});
  const std::filesystem::path& directory() const { return dir_.path(); }

 private:
  TempDir dir_;
};

/// The YAML preamble every e2e config starts with: node id (`node_id`), log level, plugin directory, and
/// storage (off unless `storage_dir` is given, so tests never share state through a database).
std::string configPreamble(const std::filesystem::path& plugin_dir = BuildPaths::plugins(),
                           const std::filesystem::path& storage_dir = {},
                           const std::string& node_id = "test-node");

/// Polls `condition` every few milliseconds until it holds or `deadline` passes.
template <typename Condition>
bool eventually(Condition condition, std::chrono::milliseconds deadline = std::chrono::seconds{5}) {
  const auto end = std::chrono::steady_clock::now() + deadline;
  while (std::chrono::steady_clock::now() < end) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  }
  return condition();
}

}  // namespace airbridge::testing
