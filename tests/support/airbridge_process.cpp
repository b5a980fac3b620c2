#include "airbridge_process.hpp"

#include "net_client.hpp"

#include <fmt/format.h>
#include <signal.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <random>
#include <regex>
#include <stdexcept>

extern char** environ;

namespace airbridge::testing {
namespace {

int spawnWithPipe(const std::vector<std::string>& argv, int& readFd,
                  const std::filesystem::path& cwd = {}) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDERR_FILENO);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  if (rc != 0) {
    close(fds[0]);
    throw std::runtime_error(fmt::format("cannot start {}", argv[0]));
  }
  readFd = fds[0];
  return pid;
}

std::optional<int> reap(int pid, std::chrono::milliseconds deadline) {
  const auto end = std::chrono::steady_clock::now() + deadline;
  while (true) {
    int status = 0;
    const int rc = waitpid(pid, &status, WNOHANG);
    if (rc == pid) {
      if (WIFEXITED(status)) return WEXITSTATUS(status);
      if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
      return -1;
    }
    if (std::chrono::steady_clock::now() >= end) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds{5});
  }
}

}  // namespace

TempDir::TempDir() {
  std::random_device random;
  path_ = std::filesystem::temp_directory_path() / fmt::format("airbridge-test-{:08x}", random());
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::filesystem::path TempDir::write(const std::string& name, const std::string& content) const {
  const auto file = path_ / name;
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << content;
  return file;
}

std::filesystem::path BuildPaths::binary() { return AIRBRIDGE_TEST_BINARY; }
std::filesystem::path BuildPaths::plugins() { return AIRBRIDGE_TEST_PLUGIN_DIR; }
std::filesystem::path BuildPaths::testPlugins() { return AIRBRIDGE_TEST_EXTRA_PLUGIN_DIR; }
std::filesystem::path BuildPaths::zettaCases() { return AIRBRIDGE_TEST_ZETTA_CASES; }
std::filesystem::path BuildPaths::sourceDir() { return AIRBRIDGE_TEST_SOURCE_DIR; }
std::filesystem::path BuildPaths::simulator() { return AIRBRIDGE_TEST_SIMULATOR; }

std::string configPreamble(const std::filesystem::path& plugin_dir,
                           const std::filesystem::path& storage_dir, const std::string& node_id) {
  const std::string storage = storage_dir.empty()
                                  ? std::string("storage:\n  enabled: false\n")
                                  : fmt::format("storage:\n  directory: {}\n", storage_dir.string());
  return fmt::format("node:\n  id: {}\nlog:\n  level: debug\nplugins:\n  directory: {}\n{}",
                     node_id, plugin_dir.string(), storage);
}

ProcessResult checkConfig(const std::filesystem::path& config) {
  return runToCompletion({BuildPaths::binary().string(), "--check-config", "--config", config.string()});
}

ProcessResult runToCompletion(const std::vector<std::string>& argv,
                              std::chrono::milliseconds deadline, const std::filesystem::path& cwd) {
  int fd = -1;
  const int pid = spawnWithPipe(argv, fd, cwd);
  ProcessResult result;
  char buffer[4096];
  ssize_t n = 0;
  while ((n = read(fd, buffer, sizeof buffer)) > 0) result.output.append(buffer, static_cast<std::size_t>(n));
  close(fd);
  auto code = reap(pid, deadline);
  if (!code) {
    kill(pid, SIGKILL);
    reap(pid, std::chrono::seconds{5});
    throw std::runtime_error(fmt::format("{} did not finish in time", argv[0]));
  }
  result.exit_code = *code;
  return result;
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv) { launch(argv); }

void ChildProcess::launch(const std::vector<std::string>& argv) {
  int fd = -1;
  pid_ = spawnWithPipe(argv, fd);
  reader_ = std::thread([this, fd] { readOutput(fd); });
}

AirbridgeProcess::AirbridgeProcess(const std::string& yaml, std::vector<std::string> extra_args,
                                   std::vector<std::string> launcher) {
  const auto config = dir_.write("airbridge.yaml", yaml);
  std::vector<std::string> argv = std::move(launcher);
  for (const auto& part : {BuildPaths::binary().string(), std::string("--config"), config.string()}) {
    argv.push_back(part);
  }
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  launch(argv);
}

double ChildProcess::cpuSeconds() const {
  // /proc/PID/stat: fields 14 and 15 (utime, stime) in clock ticks, after the ")" of the name.
  const std::string stat = readText(fmt::format("/proc/{}/stat", pid_));
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));
  std::string field;
  double ticks = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i >= 14) ticks += std::stod(field);
  }
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

std::size_t ChildProcess::residentBytes() const {
  std::istringstream status(readText(fmt::format("/proc/{}/status", pid_)));
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with("VmRSS:")) return std::stoull(line.substr(6)) * 1024;
  }
  return 0;
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && !exitCode_) {
    kill(pid_, SIGKILL);
    reap(pid_, std::chrono::seconds{5});
  }
  if (reader_.joinable()) reader_.join();
}

void ChildProcess::readOutput(int fd) {
  char buffer[4096];
  ssize_t n = 0;
  while ((n = read(fd, buffer, sizeof buffer)) > 0) {
    std::lock_guard lock(mutex_);
    log_.append(buffer, static_cast<std::size_t>(n));
    changed_.notify_all();
  }
  close(fd);
  std::lock_guard lock(mutex_);
  outputEnded_ = true;
  changed_.notify_all();
}

bool ChildProcess::waitForLog(const std::string& text, std::chrono::milliseconds deadline) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, deadline, [&] { return log_.find(text) != std::string::npos; });
}

int ChildProcess::portAfter(const std::string& prefix, std::chrono::milliseconds deadline) {
  const std::regex pattern(std::regex_replace(prefix, std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)") +
                           R"(\S+:(\d+))");
  std::unique_lock lock(mutex_);
  std::smatch match;
  const bool found = changed_.wait_for(lock, deadline, [&] {
    return std::regex_search(log_, match, pattern);
  });
  if (!found) throw std::runtime_error(fmt::format("no '{}' in the log:\n{}", prefix, log_));
  return std::stoi(match[1].str());
}

std::optional<int> ChildProcess::waitExit(std::chrono::milliseconds deadline) {
  if (!exitCode_) exitCode_ = reap(pid_, deadline);
  if (exitCode_) {
    // The process is gone, but its last lines may still be in the pipe: log() must have them.
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, std::chrono::seconds{2}, [&] { return outputEnded_; });
  }
  return exitCode_;
}

std::optional<int> ChildProcess::stop(int signal, std::chrono::milliseconds deadline) {
  if (!exitCode_) kill(pid_, signal);
  return waitExit(deadline);
}

std::string ChildProcess::log() const {
  std::lock_guard lock(mutex_);
  return log_;
}

}  // namespace airbridge::testing
