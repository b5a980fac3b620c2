#include "metrics/process_metrics.hpp"

#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace airbridge::core {
namespace {

std::string readFile(const char* path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Seconds since the epoch at which the system booted (/proc/stat's btime).
double bootTime() {
  std::istringstream stat(readFile("/proc/stat"));
  std::string key;
  double value = 0;
  while (stat >> key) {
    if (key == "btime" && stat >> value) return value;
    stat.ignore(1 << 20, '\n');
  }
  return 0;
}

std::string sample(const char* name, const char* type, const char* help, double value) {
  return fmt::format("# HELP {} {}\n# TYPE {} {}\n{} {}\n", name, help, name, type, name, value);
}

}  // namespace

std::string renderProcessMetrics() {
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
  // /proc/self/stat: the command may hold spaces, so fields are counted after its ')'.
  const std::string stat = readFile("/proc/self/stat");
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));
  std::string field;
  double utime = 0, stime = 0, start = 0, vsize = 0, rss = 0;
  for (int index = 3; fields >> field; ++index) {
    if (index == 14) utime = std::stod(field);
    if (index == 15) stime = std::stod(field);
    if (index == 22) start = std::stod(field);
    if (index == 23) vsize = std::stod(field);
    if (index == 24) {
      rss = std::stod(field);
      break;
    }
  }
  std::size_t fds = 0;
  std::error_code error;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", error);
       !error && it != std::filesystem::directory_iterator(); it.increment(error)) {
    ++fds;
  }
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  return sample("process_cpu_seconds_total", "counter", "User and system CPU time spent, in seconds",
                (utime + stime) / ticks) +
         sample("process_resident_memory_bytes", "gauge", "Resident memory size in bytes", rss * page) +
         sample("process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes", vsize) +
         sample("process_open_fds", "gauge", "Open file descriptors", static_cast<double>(fds)) +
         sample("process_max_fds", "gauge", "Limit of open file descriptors",
                static_cast<double>(limit.rlim_cur)) +
         sample("process_start_time_seconds", "gauge", "Start time of the process since the epoch, in seconds",
                bootTime() + start / ticks);
}

}  // namespace airbridge::core
