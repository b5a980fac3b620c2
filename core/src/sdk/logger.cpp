#include <airbridge/logger.hpp>

#include <airbridge/utf8.hpp>

#include <fmt/chrono.h>

#include <chrono>
#include <cstdio>
#include <deque>
#include <mutex>

namespace airbridge {

std::atomic<int> Logger::threshold_{static_cast<int>(LogLevel::info)};

bool parseLogLevel(std::string_view text, LogLevel& out) {
  if (text == "debug") return out = LogLevel::debug, true;
  if (text == "info") return out = LogLevel::info, true;
  if (text == "warning" || text == "warn") return out = LogLevel::warning, true;
  if (text == "error") return out = LogLevel::error, true;
  return false;
}

std::string_view Logger::cutForLog(std::string_view text) {
  return utf8Prefix(text, kMaxQuotedBytes, false);
}

namespace {
/// Control bytes as escapes: a "\n" in a title must not start a line of its own.
std::string escapedControls(std::string_view message) {
  std::string out;
  out.reserve(message.size());
  for (const char c : message) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte != 0x7F) {
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else {
      out += fmt::format("\\x{:02x}", byte);
    }
  }
  return out;
}
}  // namespace

namespace {

/// The admin view's "last errors": a bounded ring, written under the log's own lock.
struct ProblemRing {
  std::mutex mutex;
  std::deque<LoggedProblem> problems;
};

ProblemRing& problemRing() {
  static ProblemRing ring;
  return ring;
}

}  // namespace

std::vector<LoggedProblem> Logger::recentProblems() {
  ProblemRing& ring = problemRing();
  std::lock_guard lock(ring.mutex);
  return {ring.problems.begin(), ring.problems.end()};
}

void Logger::write(LogLevel level, std::string_view raw) const {
  const std::string message = escapedControls(raw);
  static constexpr const char* kNames[] = {"debug", "info", "warn", "error"};
  static std::mutex mutex;
  const auto now = std::chrono::system_clock::now();
  const auto ms = std::chrono::time_point_cast<std::chrono::milliseconds>(now);
  // One formatted line, one write: lines from several threads never interleave.
  const std::string line = fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03d}Z {:5} [{}] {}\n",
                                       fmt::gmtime(std::chrono::system_clock::to_time_t(now)),
                                       ms.time_since_epoch().count() % 1000,
                                       kNames[static_cast<int>(level)], prefix_, message);
  {
    std::lock_guard lock(mutex);
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
  }
  if (level >= LogLevel::warning) {
    ProblemRing& ring = problemRing();
    std::lock_guard lock(ring.mutex);
    if (ring.problems.size() == kRecentProblems) ring.problems.pop_front();
    ring.problems.push_back(LoggedProblem{line.substr(0, 24), level, prefix_, message});
  }
}

}  // namespace airbridge
